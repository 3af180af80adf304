import * as path from 'path';
import { WorkflowBuilder } from '../../lib/model/dsl';
import { SpecError } from '../../lib/model/errors';
import { parseSpec } from '../../lib/model/spec-loader';

const ETL = path.resolve(__dirname, '../../examples/etl');
const FILE = path.relative(process.cwd(), __filename);

/** `<this test file>:<line of the caller>`: where the DSL says a call was made. */
function here(): string {
  const frame = new Error().stack!.split('\n')[2];
  return `${FILE}:${/:(\d+):\d+\)?$/.exec(frame)![1]}`;
}

function errorOf(fn: () => unknown): SpecError {
  try { fn(); } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error('expected a SpecError');
}

describe('WorkflowBuilder DSL', () => {
  test('the DSL model equals the model of the equivalent spec apart from source and baseDir', () => {
    // GIVEN a DSL workflow and the equivalent spec
    const wf = new WorkflowBuilder('etl_dsl', { description: 'd', layout: 'exact', timeoutSeconds: 900, slo: { p99Seconds: 60, successRate: 0.99 } });
    const a = wf.task('a', { retry: 'transient', durationSeconds: 5 });
    const b = wf.task('b', { retry: { policy: 'upstream', maxAttempts: 2 }, optional: true });
    wf.task('fb', { sideEffects: 'none' });
    wf.task('c', { dependsOn: [a], fallback: 'fb', idempotent: true, environment: { LOG_LEVEL: 'INFO' } }).after(b).after('a');
    const spec = {
      name: 'etl_dsl', description: 'd', layout: 'exact', timeoutSeconds: 900, slo: { p99Seconds: 60, successRate: 0.99 },
      tasks: [
        { id: 'a', retry: 'transient', durationSeconds: 5 },
        { id: 'b', retry: { policy: 'upstream', maxAttempts: 2 }, optional: true },
        { id: 'fb', sideEffects: 'none' },
        { id: 'c', dependsOn: ['a', 'b'], fallback: 'fb', idempotent: true, environment: { LOG_LEVEL: 'INFO' } },
      ],
    };
    // WHEN both become models
    const fromDsl = wf.toModel();
    const fromSpec = parseSpec(JSON.stringify(spec), 'x.json', '/base');
    // THEN
    const strip = ({ source: _s, baseDir: _b, ...rest }: typeof fromDsl) => { void _s; void _b; return rest; };
    expect(strip(fromDsl)).toStrictEqual(strip(fromSpec));
    expect(fromDsl.source).toBe(FILE);
    expect(fromDsl.baseDir).toBe(process.cwd());
  });

  test('after() chains and ignores repeats; fallback as a ref', () => {
    // GIVEN
    const wf = new WorkflowBuilder('w');
    const a = wf.task('a');
    const fb = wf.task('fb');
    const c = wf.task('c', { fallback: fb });
    // WHEN
    const returned = c.after(a, 'a').after(a);
    // THEN
    expect(returned).toBe(c);
    expect(wf.toSpec()).toStrictEqual({
      name: 'w',
      tasks: [{ id: 'a' }, { id: 'fb' }, { id: 'c', dependsOn: ['a'], fallback: 'fb' }],
    });
  });

  test('handlers resolve against baseDir', () => {
    // GIVEN a handler of the ETL example
    const wf = new WorkflowBuilder('w', { baseDir: ETL });
    wf.task('t', { handler: 'handlers/transform.ts' });
    // WHEN
    const model = wf.toModel();
    // THEN
    expect(model.tasks[0].handler).toBe(path.join(ETL, 'handlers/transform.ts'));
  });

  test('invalid names, invalid and duplicate ids throw at build time', () => {
    // GIVEN / WHEN / THEN
    let at = ''; expect(errorOf(() => { at = here(); new WorkflowBuilder('bad name'); }).problems).toStrictEqual([
      { file: at, field: 'name', message: 'expected a name matching ^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$, received "bad name"' },
    ]);
    const wf = new WorkflowBuilder('w');
    expect(errorOf(() => { at = here(); wf.task('1x'); }).problems).toStrictEqual([
      { file: at, taskId: '1x', field: 'id', message: 'expected an id matching ^[A-Za-z][A-Za-z0-9_-]{0,63}$, received "1x"' },
    ]);
    wf.task('a');
    expect(errorOf(() => { at = here(); wf.task('a'); }).problems).toStrictEqual([{ file: at, taskId: 'a', field: 'id', message: 'duplicate task id' }]);
  });

  test('a ref of another workflow is refused', () => {
    // GIVEN two workflows
    const w1 = new WorkflowBuilder('w1');
    const w2 = new WorkflowBuilder('w2');
    const other = w2.task('x');
    // WHEN / THEN
    let at = '';
    expect(errorOf(() => { at = here(); w1.task('a').after(other); }).problems).toStrictEqual([
      { file: at, taskId: 'a', field: 'dependsOn', message: '"x" belongs to another workflow' },
    ]);
  });

  test('toModel() reports every problem, spec and .after() alike, at the DSL file and line of its task', () => {
    // GIVEN problems only the spec validation finds, and an .after() typo the graph layer would find later
    const wf = new WorkflowBuilder('w', { baseDir: '/nowhere' });
    const atA = here(); wf.task('a', { retry: 'transiant' as 'transient', handler: 'h.ts' });
    const atB = here(); wf.task('b', { handler: 'h.ts', fallback: 'zz' });
    const atC = here(); wf.task('c').after('bb');
    // WHEN / THEN
    expect(errorOf(() => wf.toModel()).problems).toStrictEqual([
      { file: atA, taskId: 'a', field: 'retry', message: 'unknown retry policy "transiant" (did you mean "transient"?); expected one of default, transient, validation, resource, upstream, none' },
      { file: atB, taskId: 'b', field: 'handler', message: 'handler file "h.ts" not found (looked for /nowhere/h.ts)' },
      { file: atB, taskId: 'b', field: 'fallback', message: 'fallback names unknown task "zz"' },
      { file: atC, taskId: 'c', field: 'dependsOn', message: 'dependsOn names unknown task "bb" (did you mean "b"?)' },
    ]);
    expect(atA).toMatch(/^test\/model\/dsl\.test\.ts:\d+$/);
  });
});

describe('WorkflowBuilder secrets and handler opt-in', () => {
  test('secrets and allowHandlersOutsideProject reach the model', () => {
    // GIVEN a DSL task with secrets
    const wf = new WorkflowBuilder('sec', { baseDir: __dirname, allowHandlersOutsideProject: true });
    wf.task('a', { secrets: { DB: { secretsManager: 'prod/db', field: 'password' } } });
    // WHEN / THEN
    const model = wf.toModel();
    expect(model.tasks[0].secrets).toStrictEqual({ DB: { secretsManager: 'prod/db', field: 'password' } });
    expect(model.allowHandlersOutsideProject).toBe(true);
  });

  test('a reserved environment name fails like in a spec file', () => {
    // GIVEN / WHEN / THEN
    const wf = new WorkflowBuilder('res');
    const at = here(); wf.task('a', { environment: { AWS_REGION: 'x' } });
    expect(() => wf.toModel()).toThrow(`${at}: task "a": environment.AWS_REGION: "AWS_REGION" is reserved by the Lambda runtime (it sets it itself) and cannot be set; expected a name of your own`);
  });
});

