import { App } from 'aws-cdk-lib';
import { buildApp } from '../../bin/app';

test('the CDK app synthesizes one stack per example, env-agnostic, offline, with cdk-nag passing', () => {
  // GIVEN the app cdk.json runs (bundling skipped here; `npx cdk synth` bundles with local esbuild)
  const app = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  // WHEN
  const assembly = app.synth();
  // THEN
  expect(assembly.stacks.map((s) => s.stackName).sort()).toStrictEqual(['Dagstep-etl', 'Dagstep-five-step', 'Dagstep-nightly-batch']);
  for (const s of assembly.stacks) expect(s.environment.account).toBe('unknown-account');
});
