import * as path from 'path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');

describe('dagstep/lambda (lambdas/index.ts)', () => {
  test('bundles without aws-cdk-lib, constructs or cdk-nag', async () => {
    // GIVEN the Lambda-side entry, bundled as NodejsFunction does (the AWS SDK is external)
    // WHEN
    const result = await build({
      entryPoints: [path.join(ROOT, 'lambdas', 'index.ts')], bundle: true, platform: 'node', target: 'node20',
      write: false, metafile: true, external: ['@aws-sdk/*'], logLevel: 'silent',
    });
    // THEN
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((f) => /node_modules\/(aws-cdk-lib|constructs|cdk-nag)\//.test(f))).toStrictEqual([]);
    expect(inputs.filter((f) => f.startsWith('lib/') && !f.startsWith('lib/model/contract'))).toStrictEqual([]);
    expect(inputs).toContain('lambdas/instrument.ts');
  });

  test('exports the wrapper, the typed errors and the contract names', async () => {
    // GIVEN / WHEN
    const entry = await import('../../lambdas/index');
    // THEN
    expect(Object.keys(entry).filter((k) => k !== '__esModule').sort()).toEqual(expect.arrayContaining([
      'ENV', 'ERROR_CLASSES', 'ERROR_NAMES', 'ResourceExhaustedError', 'TransientError', 'UpstreamDependencyError',
      'ValidationError', 'instrument', 'instrumentMiddleware', 'tracer',
    ]));
  });
});
