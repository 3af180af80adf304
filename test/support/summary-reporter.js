/**
 * Prints one plain closing line CI tools read: "tests: N passed, N failed" (after jest's summary).
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}
module.exports = SummaryReporter;
