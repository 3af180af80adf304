// Runs the slowest suites first, so the two workers stay busy until the end instead of one of them
// starting the 60-second package install last. Jest orders a clean clone (no timing cache) by file
// size; this list is what `npx jest --json` reported as slowest (seconds on this machine, quiet).
// The rest keep Jest's own order (its timing cache once it has one, else file size).
const Sequencer = require('@jest/test-sequencer').default;

const SLOWEST_FIRST = [
  'test/package/install.test.ts',
  'test/constructs/cfn-validate.test.ts',
  'test/failure-matrix/matrix.test.ts',
  'test/cli/run.test.ts',
  'test/constructs/functions.test.ts',
  'test/cli/simulate.test.ts',
  'test/scripts/definitions-digest.test.ts',
  'test/cli/compile.test.ts',
  'test/graph/layout/index.test.ts',
  'test/cli/fuzz.test.ts',
];

class SlowestFirst extends Sequencer {
  sort(tests) {
    const rank = (t) => {
      const i = SLOWEST_FIRST.findIndex((p) => t.path.endsWith(p));
      return i < 0 ? SLOWEST_FIRST.length : i;
    };
    const rest = super.sort(tests.filter((t) => rank(t) === SLOWEST_FIRST.length));
    return [...tests.filter((t) => rank(t) < SLOWEST_FIRST.length).sort((a, b) => rank(a) - rank(b)), ...rest];
  }
}

module.exports = SlowestFirst;
