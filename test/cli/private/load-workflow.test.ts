import * as fs from 'fs';
import * as path from 'path';
import { loadWorkflow } from '../../../lib/cli/private/load-workflow';
import { SpecError } from '../../../lib/model/errors';
import { RETRY_POLICIES } from '../../../lib/model/retry-policies';
import { tempDir } from '../../support/temp';

const DSL = path.resolve(__dirname, '../../../lib/model/dsl');
const ETL = path.resolve(__dirname, '../../../examples/etl/etl.yaml');

let dir: string;
beforeAll(() => { dir = tempDir('dagstep-load-'); });

function module(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, body);
  return file;
}

function problemsOf(fn: () => unknown): unknown {
  try { fn(); } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as SpecError).problems;
  }
  throw new Error('expected a SpecError');
}

describe('loadWorkflow', () => {
  test('a spec file loads through the spec loader', () => {
    // GIVEN the ETL example spec / WHEN loaded
    const model = loadWorkflow(ETL);
    // THEN
    expect([model.name, model.source]).toStrictEqual(['etl', ETL]);
  });

  test('a DSL module exporting a WorkflowBuilder as default', () => {
    // GIVEN
    const file = module('wf-default.js', `
      const { WorkflowBuilder } = require(${JSON.stringify(DSL)});
      const wf = new WorkflowBuilder('dsl_default');
      const a = wf.task('a');
      wf.task('b').after(a);
      module.exports = { default: wf };
    `);
    // WHEN
    const model = loadWorkflow(file);
    // THEN
    expect(model.tasks).toStrictEqual([
      { id: 'a', dependsOn: [], durationSeconds: 1, retry: RETRY_POLICIES.default },
      { id: 'b', dependsOn: ['a'], durationSeconds: 1, retry: RETRY_POLICIES.default },
    ]);
    // the DSL file, as errors name it (relative to the working directory when under it)
    expect(path.resolve(model.source)).toBe(file);
  });

  test('a DSL module exporting a function (named export)', () => {
    // GIVEN
    const file = module('wf-fn.js', `
      const { WorkflowBuilder } = require(${JSON.stringify(DSL)});
      exports.other = 42;
      exports.build = () => { const wf = new WorkflowBuilder('dsl_fn'); wf.task('x'); return wf; };
    `);
    // WHEN / THEN
    expect(loadWorkflow(file).name).toBe('dsl_fn');
  });

  test('a module exporting a model', () => {
    // GIVEN
    const model = { name: 'raw', tasks: [{ id: 'a', dependsOn: [], durationSeconds: 1, retry: { rules: [] } }], source: 'raw.ts', baseDir: '/tmp' };
    const file = module('wf-model.js', `module.exports.model = ${JSON.stringify(model)};`);
    // WHEN / THEN
    expect(loadWorkflow(file)).toStrictEqual(model);
  });

  test('errors: unknown extension, missing module, no workflow exported', () => {
    // GIVEN / WHEN / THEN
    expect(problemsOf(() => loadWorkflow('wf.txt'))).toStrictEqual([
      { file: 'wf.txt', message: 'expected a spec file (.json, .yaml, .yml) or a DSL module (.ts, .js)' },
    ]);
    const missing = path.join(dir, 'missing.ts');
    expect(problemsOf(() => loadWorkflow(missing))).toStrictEqual([{ file: missing, message: 'file not found' }]);
    const empty = module('none.js', 'exports.x = 1; exports.K = class { constructor() {} };');
    expect(problemsOf(() => loadWorkflow(empty))).toStrictEqual([
      { file: empty, message: 'the module exports no workflow: expected a WorkflowModel, a Workflow (with toModel()) or a function returning one' },
    ]);
    const spec = path.join(dir, 'missing.yaml');
    expect(problemsOf(() => loadWorkflow(spec))).toStrictEqual([{ file: spec, message: 'file not found' }]);
  });
});

describe('a DSL module that throws', () => {
  test('reads as the user\'s error: file, thrown message and the user\'s own frame', () => {
    // GIVEN a module that throws while building
    const file = module('throws.ts', `import { WorkflowBuilder } from ${JSON.stringify(DSL)};\nfunction build(): never {\n  throw new Error('no config');\n}\nconst wf = new WorkflowBuilder('x');\nbuild();\nexport default wf;\n`);
    // WHEN / THEN
    expect(problemsOf(() => loadWorkflow(file))).toStrictEqual([{ file, message: `no config\n  thrown at build (${file}:3:9)` }]);
  });

  test('a thrown non-Error and a TypeError are named', () => {
    // GIVEN
    const str = module('str.js', 'throw "plain string";\n');
    const type = module('type.js', 'exports.build = () => { const o = undefined; return o.name; };\n');
    // WHEN / THEN
    expect(problemsOf(() => loadWorkflow(str))).toStrictEqual([{ file: str, message: 'threw "plain string"' }]);
    const [p] = problemsOf(() => loadWorkflow(type)) as { message: string }[];
    expect(p.message.split('\n')[0]).toBe("TypeError: Cannot read properties of undefined (reading 'name')");
  });
});

