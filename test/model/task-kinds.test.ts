import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SpecError } from '../../lib/model/errors';
import { WorkflowBuilder } from '../../lib/model/dsl';
import { modelFromSpec, parseSpec } from '../../lib/model/spec-loader';
import { isWorkflowSpecPath, kindOf } from '../../lib/model/task-kinds';
import { tempDir } from '../support/temp';

const dir = tempDir('task-kinds-');
fs.writeFileSync(path.join(dir, 'child.yaml'), 'name: child\ntasks:\n  - id: a\n');

const CONNECTION = 'arn:aws:events:eu-west-1:123456789012:connection/orders-api/0a1b2c3d-1111-2222-3333-444455556666';

function problemsOf(spec: object): { taskId?: string; field?: string; message: string }[] {
  try {
    parseSpec(JSON.stringify(spec), 'wf.json', dir);
  } catch (e) {
    if (e instanceof SpecError) return e.problems.map((p) => ({ taskId: p.taskId, field: p.field, message: p.message }));
    throw e;
  }
  return [];
}

describe('task kinds in specs', () => {
  test('every kind parses into the model with its config', () => {
    // GIVEN one task of each kind
    const spec = {
      name: 'kinds',
      tasks: [
        { id: 'c', container: { image: 'public.ecr.aws/acme/job:1', cpu: 512, memory: 1024, command: ['run'], environment: { MODE: 'full' } } },
        { id: 'b', batch: { jobQueue: 'nightly', jobDefinition: 'report:3', parameters: { day: '$.input.day' } } },
        { id: 'g', glue: { jobName: 'compact', arguments: { '--table': 'orders' } } },
        { id: 'h', http: { method: 'POST', url: 'https://api.example.com/v1/orders', connection: CONNECTION, body: { since: '$.input.since' } } },
        { id: 's', sdk: { service: 'dynamodb', action: 'putItem', parameters: { TableName: 'audit' }, resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/audit' } },
        { id: 'w', workflow: 'child.yaml' },
        { id: 'n', workflow: 'billing' },
      ],
    };
    // WHEN parsed
    const model = parseSpec(JSON.stringify(spec), 'wf.json', dir);
    // THEN each task keeps its config and has the expected kind
    expect(model.tasks.map(kindOf)).toStrictEqual(['container', 'batch', 'glue', 'http', 'sdk', 'workflow', 'workflow']);
    expect(model.tasks[0].container).toStrictEqual(spec.tasks[0].container);
    expect(model.tasks[5].workflow).toBe(path.join(dir, 'child.yaml'));
    expect(model.tasks[6].workflow).toBe('billing');
  });

  test('two kinds on one task is an error naming the task and both kinds', () => {
    // GIVEN a task with a handler and a container
    const spec = { name: 'kinds', tasks: [{ id: 'both', handler: 'x.ts', container: { image: 'alpine:3' } }] };
    // WHEN parsed THEN the error names the task and the kinds
    expect(problemsOf(spec)).toContainEqual({
      taskId: 'both', field: 'container',
      message: 'a task runs exactly one way: set one of handler, container, batch, glue, http, sdk, workflow, waitFor, approval; received handler and container',
    });
  });

  test('Lambda settings, map and a non-Lambda fallback are refused on other kinds', () => {
    // GIVEN a glue task with memorySize and a map, and a fallback that is an http task
    const spec = { name: 'kinds', tasks: [
      { id: 'g', glue: { jobName: 'j' }, memorySize: 512, map: { itemsPath: '$.items' }, fallback: 'h' },
      { id: 'h', http: { method: 'GET', url: 'https://x.example.com/', connection: CONNECTION } },
    ] };
    // WHEN parsed THEN each is reported
    expect(problemsOf(spec)).toStrictEqual([
      { taskId: 'g', field: 'memorySize', message: 'memorySize configures the task\'s Lambda function, but this is a glue task (it has no function)' },
      { taskId: 'g', field: 'map', message: 'a map runs a Lambda handler per item; a glue task cannot fan out (put the glue step after or before the map)' },
      { taskId: 'h', field: 'http', message: '"h" is the fallback of "g", so it must be a Lambda task (handler); received a http task' },
    ]);
  });

  test('schema errors inside a kind name the field, with a did-you-mean', () => {
    // GIVEN a container with a misspelt key and an http task with an http:// URL
    const spec = { name: 'kinds', tasks: [
      { id: 'c', container: { image: 'alpine:3', comand: ['x'] } },
      { id: 'h', http: { method: 'GET', url: 'http://insecure.example.com', connection: CONNECTION } },
    ] };
    // WHEN parsed
    const problems = problemsOf(spec);
    // THEN both problems name task and field
    expect(problems).toContainEqual({ taskId: 'c', field: 'container.comand', message: 'unknown key "comand" (did you mean "command"?)' });
    expect(problems).toContainEqual({ taskId: 'h', field: 'http.url', message: 'expected an https:// URL without query or fragment (put query parameters in http.query), received string "http://insecure.example.com"' });
  });

  test('an HTTP connection given by name is refused with what to give instead', () => {
    // GIVEN a connection name
    const spec = { name: 'kinds', tasks: [{ id: 'h', http: { method: 'GET', url: 'https://x.example.com/a', connection: 'orders-api' } }] };
    // WHEN parsed THEN
    expect(problemsOf(spec)).toStrictEqual([{
      taskId: 'h', field: 'http.connection',
      message: 'expected the EventBridge connection\'s full ARN (arn:aws:events:<region>:<account>:connection/<name>/<id>, as the console or `aws events describe-connection` shows it; Step Functions needs the ARN, and dagstep looks nothing up), received string "orders-api"',
    }]);
  });

  test('an unknown workflow spec path and a bad workflow name are errors', () => {
    // GIVEN workflow tasks naming a missing file and an invalid name
    const spec = { name: 'kinds', tasks: [{ id: 'a', workflow: 'missing.yaml' }, { id: 'b', workflow: 'bad name' }] };
    // WHEN parsed THEN both are reported
    expect(problemsOf(spec).map((p) => [p.taskId, p.field])).toStrictEqual([['a', 'workflow'], ['b', 'workflow']]);
  });

  test('the DSL mirrors the spec shape', () => {
    // GIVEN the same tasks in the DSL
    const wf = new WorkflowBuilder('kinds', { baseDir: dir });
    wf.task('g', { glue: { jobName: 'compact', arguments: { '--day': '$.input.day' } } });
    wf.task('l', { memorySize: 1024, architecture: 'x86_64', ephemeralStorageSize: 2048, reservedConcurrency: 5, layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:tools:3'] }).after('g');
    // WHEN built
    const model = wf.toModel();
    // THEN the model carries the fields
    expect(model.tasks[0].glue).toStrictEqual({ jobName: 'compact', arguments: { '--day': '$.input.day' } });
    expect(model.tasks[1]).toMatchObject({ memorySize: 1024, architecture: 'x86_64', ephemeralStorageSize: 2048, reservedConcurrency: 5 });
  });

  test('spec paths are told from names', () => {
    expect([isWorkflowSpecPath('billing'), isWorkflowSpecPath('child.yaml'), isWorkflowSpecPath('../flows/x')]).toStrictEqual([false, true, true]);
  });
});

describe('waitFor and approval kinds in specs', () => {
  test('a spec task with waitFor or approval loads into the model as given; a missing timeout or correlation is a schema error', () => {
    // GIVEN
    const wait = { event: { source: 'shop', detailType: 'OrderPaid' }, correlation: '$.input.orderId', timeoutSeconds: 3600 };
    const approval = { notify: 'ops@example.com', timeoutSeconds: 86400 };
    const ok = { name: 'cb', tasks: [{ id: 'paid', waitFor: wait }, { id: 'ok', dependsOn: ['paid'], approval }] };
    // WHEN
    const model = modelFromSpec(ok, 'cb.yaml', os.tmpdir());
    // THEN
    expect(model.tasks.map((t) => [t.id, t.waitFor, t.approval])).toStrictEqual([['paid', wait, undefined], ['ok', undefined, approval]]);
    expect(() => modelFromSpec({ name: 'cb', tasks: [{ id: 'paid', waitFor: { event: wait.event, timeoutSeconds: 60 } }] }, 'cb.yaml', os.tmpdir())).toThrow(/correlation/);
    expect(() => modelFromSpec({ name: 'cb', tasks: [{ id: 'ok', approval: { notify: 'ops@example.com' } }] }, 'cb.yaml', os.tmpdir())).toThrow(/timeoutSeconds/);
  });
});
