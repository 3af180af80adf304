import * as fs from 'fs';
import * as path from 'path';
import { SpecError } from '../../lib/model/errors';
import { RETRY_POLICIES } from '../../lib/model/retry-policies';
import { loadSpecFile, parseSpec } from '../../lib/model/spec-loader';
import { tempDir } from '../support/temp';

const BENCH = path.resolve(__dirname, '../../bench/dags');
const dir = tempDir('spec-loader-');
fs.writeFileSync(path.join(dir, 'extract.ts'), 'export const handler = async () => ({});\n');

const expected = (source: string) => ({
  name: 'etl',
  description: 'nightly',
  tasks: [
    { id: 'extract', dependsOn: [], handler: path.join(dir, 'extract.ts'), durationSeconds: 30, retry: RETRY_POLICIES.transient },
    { id: 'load', dependsOn: ['extract'], durationSeconds: 1, retry: RETRY_POLICIES.default, optional: true },
  ],
  source,
  baseDir: dir,
  layout: 'sp',
});

describe('parseSpec', () => {
  test('YAML and JSON give the same exact model with defaults applied', () => {
    // GIVEN the same workflow in YAML and JSON
    const yaml = 'name: etl\ndescription: nightly\nlayout: sp\ntasks:\n  - id: extract\n    handler: extract.ts\n    durationSeconds: 30\n    retry: transient\n  - id: load\n    dependsOn: [extract]\n    optional: true\n';
    const json = JSON.stringify({ name: 'etl', description: 'nightly', layout: 'sp', tasks: [
      { id: 'extract', handler: 'extract.ts', durationSeconds: 30, retry: 'transient' },
      { id: 'load', dependsOn: ['extract'], optional: true },
    ] });
    // WHEN parsed
    const fromYaml = parseSpec(yaml, 'wf.yaml', dir);
    const fromJson = parseSpec(json, 'wf.json', dir);
    // THEN both are the exact expected model
    expect(fromYaml).toStrictEqual(expected('wf.yaml'));
    expect(fromJson).toStrictEqual(expected('wf.json'));
  });

  test('all problems are reported at once, naming task, field and received value', () => {
    // GIVEN two bad tasks and a misspelled key
    const json = JSON.stringify({ name: 'x', tasks: [{ id: 'a', durationSeconds: -5 }, { id: 'b', dependOn: ['a'] }] });
    // WHEN parsed
    let err: unknown;
    try { parseSpec(json, 'bad.json', dir); } catch (e) { err = e; }
    // THEN one SpecError lists both problems
    expect(err).toBeInstanceOf(SpecError);
    const msg = (err as SpecError).message;
    expect([msg.includes('task "a"'), msg.includes('-5'), msg.includes('did you mean "dependsOn"')]).toStrictEqual([true, true, true]);
  });

  test('graph problems are kept for the graph layer', () => {
    // GIVEN a cycle, a duplicate and an unknown dependency
    const json = JSON.stringify({ name: 'g', tasks: [{ id: 'a', dependsOn: ['b'] }, { id: 'b', dependsOn: ['a'] }, { id: 'a', dependsOn: ['zz'] }] });
    // WHEN parsed THEN the data is kept as written
    expect(parseSpec(json, 'g.json', dir).tasks.map((t) => [t.id, t.dependsOn])).toStrictEqual([['a', ['b']], ['b', ['a']], ['a', ['zz']]]);
  });

  test('a missing handler file names the task and the handler field', () => {
    // GIVEN a handler that does not exist WHEN parsed THEN the problem names task and field
    let err: unknown;
    try { parseSpec('name: h\ntasks:\n  - id: t\n    handler: nope.ts\n', 'h.yaml', dir); } catch (e) { err = e; }
    expect((err as SpecError).problems.map((p) => [p.file, p.taskId, p.field])).toStrictEqual([['h.yaml', 't', 'handler']]);
  });
});

describe('loadSpecFile', () => {
  const files = fs.readdirSync(BENCH).filter((f) => f.endsWith('.json') && f !== 'INDEX.json');

  test.each(files)('benchmark %s loads', (f) => {
    // GIVEN a benchmark DAG WHEN loaded THEN every task is in the model, in order
    const raw = JSON.parse(fs.readFileSync(path.join(BENCH, f), 'utf8')) as { tasks: { id: string }[] };
    const model = loadSpecFile(path.join(BENCH, f));
    expect(model.tasks.map((t) => t.id)).toStrictEqual(raw.tasks.map((t) => t.id));
  });

  test('the base directory is the spec file directory', () => {
    // GIVEN a spec file on disk WHEN loaded THEN handlers resolve next to it
    const file = path.join(dir, 'wf.yaml');
    fs.writeFileSync(file, 'name: etl\ndescription: nightly\nlayout: sp\ntasks:\n  - id: extract\n    handler: ./extract.ts\n    durationSeconds: 30\n    retry: transient\n  - id: load\n    dependsOn: [extract]\n    optional: true\n');
    expect(loadSpecFile(file)).toStrictEqual(expected(file));
  });

  test('a missing file is a SpecError', () => {
    // GIVEN / WHEN / THEN
    expect(() => loadSpecFile(path.join(dir, 'absent.yaml'))).toThrow(`${path.join(dir, 'absent.yaml')}: file not found`);
  });
});

describe('secrets, reserved names and handler checks', () => {
  const problems = (text: string, file = 'wf.yaml', base = dir) => {
    try { parseSpec(text, file, base); } catch (e) { return (e as SpecError).problems; }
    return [];
  };

  test('secrets reach the model as references', () => {
    // GIVEN a task with secrets / WHEN parsed / THEN kept as written
    const model = parseSpec('name: s\ntasks:\n  - id: a\n    secrets:\n      DB: { secretsManager: prod/db, field: password }\n      KEY: { ssm: /prod/key }\n', 'wf.yaml', dir);
    expect(model.tasks[0].secrets).toStrictEqual({ DB: { secretsManager: 'prod/db', field: 'password' }, KEY: { ssm: '/prod/key' } });
  });

  test('a secrets entry with an unknown key or a bad name is a schema problem', () => {
    // GIVEN / WHEN / THEN
    expect(problems('name: s\ntasks:\n  - id: a\n    secrets: { DB: { vault: x } }\n')).toStrictEqual([
      { file: 'wf.yaml', taskId: 'a', field: 'secrets.DB.vault', message: 'unknown key "vault"' },
    ]);
  });

  test('reserved environment names are errors naming task and field', () => {
    // GIVEN / WHEN / THEN
    expect(problems('name: s\ntasks:\n  - id: a\n    environment: { AWS_REGION: x, TZ: UTC, OK: y }\n')).toStrictEqual([
      { file: 'wf.yaml', taskId: 'a', field: 'environment.AWS_REGION', message: '"AWS_REGION" is reserved by the Lambda runtime (it sets it itself) and cannot be set; expected a name of your own' },
      { file: 'wf.yaml', taskId: 'a', field: 'environment.TZ', message: '"TZ" is reserved by the Lambda runtime (it sets it itself) and cannot be set; expected a name of your own' },
    ]);
  });

  test('handlers outside the project need the explicit opt-in', () => {
    // GIVEN a handler beside the spec's directory (dir has no package.json: the project is dir itself)
    const sub = path.join(dir, 'specs');
    fs.mkdirSync(sub, { recursive: true });
    const text = 'name: s\ntasks:\n  - id: a\n    handler: ../extract.ts\n';
    // WHEN / THEN refused, then allowed with allowHandlersOutsideProject
    expect(problems(text, 'wf.yaml', sub)).toStrictEqual([{ file: 'wf.yaml', taskId: 'a', field: 'handler', message: `handler "../extract.ts" is outside the project directory ${sub}; expected a path inside it (or set allowHandlersOutsideProject: true)` }]);
    const model = parseSpec(`${text}allowHandlersOutsideProject: true\n`, 'wf.yaml', sub);
    expect(model.tasks[0].handler).toBe(path.join(dir, 'extract.ts'));
    expect(model.allowHandlersOutsideProject).toBe(true);
  });

  test('a handler that does not export handler is found at load time, not at run', () => {
    // GIVEN a module without the export
    fs.writeFileSync(path.join(dir, 'nohandler.ts'), 'export const main = 1;\n');
    // WHEN / THEN
    expect(problems('name: s\ntasks:\n  - id: a\n    handler: nohandler.ts\n')).toStrictEqual([
      { file: 'wf.yaml', taskId: 'a', field: 'handler', message: 'handler "nohandler.ts" does not export a function named "handler" (exports: main); Lambda calls <file>.handler' },
    ]);
  });

  test('a retry object whose errors is not a list is a problem, not a crash', () => {
    // GIVEN / WHEN / THEN
    expect(problems('{"name":"x","tasks":[{"id":"a","retry":{"errors":{}}}]}', 'wf.json')).toStrictEqual([
      { file: 'wf.json', taskId: 'a', field: 'retry.errors', message: 'expected an array, received an object {}' },
    ]);
  });
});


describe('YAML syntax errors say where and what to do', () => {
  test.each([
    ['a task key out of line', 'name: x\ntasks:\n  - id: a\n  dependsOn: [b]\n',
      'x.yaml: invalid YAML at line 4, column 1: All mapping items must start at the same column; to fix: check the indentation at that line: every key of a task starts in the same column as its "id" (two spaces after the task\'s "- "), and every "- " item of a list in the same column'],
    ['a tab', 'name: x\ntasks:\n\t- id: a\n', 'x.yaml: invalid YAML at line 3, column 1: Tabs are not allowed as indentation; to fix: indent with spaces, not tabs'],
    ['a value with ": "', 'name: x\ntasks:\n  - id: a\n    description: a: b\n',
      'x.yaml: invalid YAML at line 4, column 18: Nested mappings are not allowed in compact mappings; to fix: quote a value that contains ": " (e.g. description: "step 1: load"), or move the nested key to its own line, indented under its parent'],
    ['a duplicate key', 'name: x\nname: y\ntasks: []\n', 'x.yaml: invalid YAML at line 2, column 1: Map keys must be unique; to fix: keep one of the two keys (or rename one)'],
  ])('%s', (_what, text, message) => {
    // GIVEN / WHEN / THEN
    expect(() => parseSpec(text, 'x.yaml', '/base')).toThrow(new SpecError({ file: 'x.yaml', message: message.replace(/^x\.yaml: /, '') }));
  });
});
