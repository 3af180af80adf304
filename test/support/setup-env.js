// Runs before each test file (jest.config.js setupFiles).
//
// CDK's built-in CloudFormation validation starts a WASM engine (about 1.7 s per test file that
// synthesizes) and, unless a feature flag is set, only prints its findings as warnings. Tests turn
// it off here; test/constructs/cfn-validate.test.ts runs it with findings as errors on every kind
// of stack dagstep makes, which is the stronger check.
process.env.CDK_VALIDATION = 'false';
