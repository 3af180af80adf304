import { App } from 'aws-cdk-lib';
import { loadExamples } from '../examples';
import { addSecurityChecks } from '../lib/constructs/security';
import { WorkflowStack } from '../lib/constructs/workflow-stack';

/**
 * The CDK app `cdk.json` runs: one stack per example workflow, checked by cdk-nag (AWS Solutions)
 * at synth. Environment-agnostic (no account or region), so `cdk synth` works offline and without
 * credentials.
 */
export function buildApp(app: App = new App()): App {
  addSecurityChecks(app);
  for (const model of loadExamples()) {
    new WorkflowStack(app, undefined, { model });
  }
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
