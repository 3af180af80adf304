// Runs the slowest suites first, so the two workers stay busy until the end instead of one of them
// starting a long suite last. Jest orders by its own timing cache, which a clean clone does not have
// (it then orders by file size); test/support/suite-seconds.json holds each suite's duration from a
// full run (regenerate with scripts/suite-times.js), so a clean clone is ordered as well as a warm
// one. Suites not listed (new ones) keep Jest's order after the listed ones.
const Sequencer = require('@jest/test-sequencer').default;
const SECONDS = require('./suite-seconds.json');

const known = (t) => {
  const key = Object.keys(SECONDS).find((p) => t.path.endsWith(p));
  return key === undefined ? undefined : SECONDS[key];
};

class SlowestFirst extends Sequencer {
  sort(tests) {
    const listed = tests.filter((t) => known(t) !== undefined).sort((a, b) => known(b) - known(a));
    const rest = super.sort(tests.filter((t) => known(t) === undefined));
    return [...listed, ...rest];
  }
}

module.exports = SlowestFirst;
