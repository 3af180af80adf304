import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('package.json', () => {
  test('each exported entry maps to a source file and its built JS and types', () => {
    // GIVEN the exports map
    const entries = Object.entries(pkg.exports as Record<string, string | { types: string; default: string }>)
      .filter((e): e is [string, { types: string; default: string }] => typeof e[1] === 'object');
    // WHEN / THEN each dist path comes from a .ts source in the repo
    expect(entries.map(([k]) => k)).toStrictEqual(['.', './lambda', './testing', './local']);
    for (const [, e] of entries) {
      expect(e.types).toBe(e.default.replace(/\.js$/, '.d.ts'));
      expect(fs.existsSync(path.join(ROOT, e.default.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
    }
    expect(pkg.bin).toStrictEqual({ dagstep: 'dist/bin/dagstep.js' });
    expect(pkg.private).toBeUndefined();
  });

  test('the root entry exports the constructs, DSL, loader, errors and cdk-nag call', async () => {
    // GIVEN / WHEN
    const root = await import('dagstep');
    // THEN
    expect(Object.keys(root)).toEqual(expect.arrayContaining([
      'Workflow', 'WorkflowStack', 'WorkflowBuilder', 'loadSpecFile', 'parseSpec', 'SpecError', 'GraphError',
      'CompileError', 'addSecurityChecks', 'compileDefinition', 'WORKFLOW_SCHEMA',
    ]));
  });

  test('the local entry exports runExecution', async () => {
    // GIVEN / WHEN
    const local = await import('dagstep/local');
    // THEN
    expect(typeof local.runExecution).toBe('function');
  });
});
