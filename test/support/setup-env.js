// Runs before each test file (jest.config.js setupFiles).
//
// CDK's built-in CloudFormation validation starts a WASM engine (about 1.7 s per test file that
// synthesizes) and, unless a feature flag is set, only prints its findings as warnings. Tests turn
// it off here; test/constructs/cfn-validate.test.ts runs it with findings as errors on every kind
// of stack dagstep makes, which is the stronger check.
process.env.CDK_VALIDATION = 'false';

// The AWS SDK prints a "NodeVersionSupportWarning" once per process on Node < 22 unless this flag
// is "true" (node_modules/@aws-sdk/core/dist-es/submodules/client/emitWarningIfUnsupportedVersion.js);
// dagstep supports Node ≥ 20.11, so the notice is noise in the test log. The CLI sets the same flag
// (lib/cli/private/aws/clients.ts quietSdk).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// Constructs record a stack trace with every metadata entry (each acknowledgement, warning, Lambda
// function...), and under jest each trace is source-mapped: seconds over the suite. Templates do
// not contain them (the cloud assembly's metadata does); CDK reads this variable as it reads the
// `aws:cdk:disable-stack-trace` context (aws-cdk-lib core: applyLegacyConstructSettings, Annotations).
process.env.CDK_DISABLE_STACK_TRACE = '1';
// The same for the trace every resource and stack records when it is created (CfnElement, Stack:
// unless the `aws:cdk:disable-creation-stack-traces` context is set): 2.4 s of a CPU profile of
// test/constructs, test/compile, test/testing and test/examples. The App reads context from
// CDK_CONTEXT_JSON (aws-cdk-lib core App.loadContext), as testApp() sets it (lib/testing/app.ts).
process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:disable-creation-stack-traces': true });
