import { Template } from 'aws-cdk-lib/assertions';
import { synthWorkflow } from '../../support/kind-stack';
import { task, workflow } from '../../support/models';

const paid = (extra: Record<string, unknown> = {}) => task('paid', ['order'], {
  waitFor: { event: { source: 'shop', detailType: 'OrderPaid' }, correlation: '$.results.order.id', timeoutSeconds: 3600, ...extra },
});

/** The Lambda functions of a template whose description names `what`. */
const functionArnsNamed = (template: Template, what: string) => Object.entries(template.findResources('AWS::Lambda::Function'))
  .filter(([, f]) => String((f as { Properties: { Description?: string } }).Properties.Description).includes(what)).map(([id]) => id);

describe('WaitForTask', () => {
  test('a waitFor task hands its token and correlation value to the await function and waits (lambda:invoke.waitForTaskToken)', () => {
    // GIVEN a task waiting for the payment of the order its dependency created
    const model = workflow('shop', [task('order'), paid({ heartbeatSeconds: 600 })]);
    // WHEN synthesized
    const { definition, template } = synthWorkflow(model);
    // THEN the state waits for a callback, with the wait's timeout and heartbeat, invoking the await function's published version
    const [awaitFn] = functionArnsNamed(template, 'stores the task token');
    const [awaitVersion] = Object.keys(template.findResources('AWS::Lambda::Version', { Properties: { FunctionName: { Ref: awaitFn } } }));
    const { Retry, Catch, Next, ...state } = definition.States.paid;
    expect(state).toStrictEqual({
      Type: 'Task',
      Resource: 'arn:${AWS::Partition}:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: `\${${awaitVersion}}`,
        Payload: {
          'taskToken.$': '$$.Task.Token', workflow: 'shop', taskId: 'paid', 'executionId.$': '$$.Execution.Id',
          timeoutSeconds: 3600, 'correlation.$': '$.results.order.id',
        },
      },
      TimeoutSeconds: 3600,
      HeartbeatSeconds: 600,
      ResultPath: '$.results.paid',
    });
    // and a timeout fails it like any required task: uncaught, the guard letters it and a redrive re-runs it
    expect(Catch).toBeUndefined();
    expect(Next).toBe('dagstep.output');
  });

  test('the state machine invokes the await function\'s published version, and may invoke only that version', () => {
    // GIVEN
    const model = workflow('shop', [task('order'), paid()]);
    // WHEN
    const { template, definition } = synthWorkflow(model);
    // THEN the task names the retained version (a state machine version pins the await code)
    const [awaitFn] = functionArnsNamed(template, 'stores the task token');
    const versions = template.findResources('AWS::Lambda::Version', { Properties: { FunctionName: { Ref: awaitFn } } });
    expect(Object.values(versions).map((v) => (v as { DeletionPolicy?: string }).DeletionPolicy)).toStrictEqual(['Retain']);
    const [version] = Object.keys(versions);
    expect(definition.States.paid.Parameters.FunctionName).toBe(`\${${version}}`);
    // AND the only invoke grant on the await function is that exact version
    const invokes = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => (p as any).Properties.PolicyDocument.Statement)
      .filter((s: { Action: unknown }) => s.Action === 'lambda:InvokeFunction')
      .flatMap((s: { Resource: unknown }) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
    expect(invokes.filter((r: any) => JSON.stringify(r).includes(awaitFn))).toStrictEqual([]);
    expect(invokes.filter((r: any) => JSON.stringify(r).includes(version))).toStrictEqual([{ Ref: version }]);
  });

  test('a correlation read from a task that is not a dependency is a compile error naming the task and field', () => {
    // GIVEN
    const model = workflow('shop', [task('order'), task('paid', [], { waitFor: { event: { source: 'shop', detailType: 'OrderPaid' }, correlation: '$.results.order.id', timeoutSeconds: 60 } })]);
    // WHEN / THEN
    expect(() => synthWorkflow(model)).toThrow('test/shop.yaml: task "paid": waitFor.correlation: reads the result of "order", so "order" must be in dependsOn (dependsOn is [])');
  });
});
