// Runs the slowest suites first, so the two workers stay busy until the end instead of one of them
// starting a long suite last. Jest orders by its own timing cache, which a clean clone does not have
// (it then orders by file size); test/support/suite-seconds.json holds each suite's duration from a
// full run (regenerate with scripts/suite-times.js), so a clean clone is ordered as well as a warm
// one. Suites not listed (new ones) keep Jest's order after the listed ones.
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;
const SECONDS = require('./suite-seconds.json');

const ROOT = path.resolve(__dirname, '..', '..');
/** A suite's key in suite-seconds.json: its path from the repository root, as scripts/suite-times.js writes it. */
const keyOf = (file) => path.relative(ROOT, file).split(path.sep).join('/');

class SlowestFirst extends Sequencer {
  sort(tests) {
    // Each suite's listed duration, looked up once.
    const seconds = new Map(tests.map((t) => [t, SECONDS[keyOf(t.path)]]));
    const listed = tests.filter((t) => seconds.get(t) !== undefined).sort((a, b) => seconds.get(b) - seconds.get(a));
    const rest = super.sort(tests.filter((t) => seconds.get(t) === undefined));
    return [...listed, ...rest];
  }
}

module.exports = SlowestFirst;
module.exports.keyOf = keyOf;
