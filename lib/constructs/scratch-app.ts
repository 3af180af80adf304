import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';

/** An App to build a workflow's stack in and read back, never deployed (see {@link scratchApp}). */
export interface ScratchApp {
  readonly app: App;
  /**
   * Synthesizes the app and reads what `read` needs from the assembly while it exists (artifacts
   * read their files lazily); the temporary folder is removed afterwards.
   */
  synth<T>(read: (assembly: ReturnType<App['synth']>) => T): T;
  /** Removes the temporary assembly folder. */
  dispose(): void;
}

/**
 * An App for the CLI and `compileDefinition`: its cloud assembly is a temporary folder of its own,
 * removed by dispose() (and after each synth()), so nothing is left behind per command; it never
 * synthesizes by itself at exit, even under `cdk synth` (CDK_OUTDIR set: it would write into the
 * user's cdk.out); bundling is skipped, assets are not staged and constructs record no stack traces
 * (seconds on 10,000 tasks); CDK's built-in CloudFormation validation (2.5 s to start its engine)
 * is left to the user's own `cdk synth` (test/constructs/cfn-validate.test.ts holds dagstep's
 * templates to it).
 */
export function scratchApp(): ScratchApp {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dagstep-compile-'));
  const dispose = () => fs.rmSync(outdir, { recursive: true, force: true });
  const app = new App({
    outdir,
    autoSynth: false,
    builtinCloudFormationValidation: false,
    context: {
      'aws:cdk:bundling-stacks': [],
      'aws:cdk:disable-asset-staging': true,
      'aws:cdk:disable-stack-trace': true,
      'aws:cdk:disable-creation-stack-traces': true,
    },
  });
  return {
    app,
    dispose,
    synth: (read) => {
      fs.mkdirSync(outdir, { recursive: true });
      try {
        return read(app.synth({ force: true }));
      } finally {
        dispose();
      }
    },
  };
}
