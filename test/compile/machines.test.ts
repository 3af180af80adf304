import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { buildMachines, INLINE_DEFINITION_MAX_TASKS, Machines, MachinesProps } from '../../lib/compile/machines';
import { planWorkflow } from '../../lib/compile/plan-workflow';
import { renderReferences } from '../../lib/compile/references';
import { CompileError } from '../../lib/model/errors';
import type { LayoutMode, WorkflowModel } from '../../lib/model/types';
import { task, workflow } from '../support/models';
import { DLQ_URL, FN_ARN } from '../support/render-states';

/** The compile stage alone, in a bare stack: no Workflow construct, no functions, no bundling. */
function build(model: WorkflowModel, layout: LayoutMode, props: Partial<MachinesProps> = {}): { stack: Stack; machines: Machines } {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
  const fn = lambda.Function.fromFunctionArn(stack, 'Fn', FN_ARN);
  const queue = sqs.Queue.fromQueueAttributes(stack, 'Dlq', { queueArn: 'arn:aws:sqs:eu-west-1:123456789012:test-dlq', queueUrl: DLQ_URL });
  const machines = buildMachines(stack, {
    plan: planWorkflow(model, layout), timeoutSeconds: 600, functionFor: () => fn, deadLetterQueue: queue,
    logs: { destination: new logs.LogGroup(stack, 'Logs') }, ...props,
  });
  return { stack, machines };
}

const chain = (n: number): WorkflowModel => workflow('w', Array.from({ length: n }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`])));
const taskStates = (definition: Record<string, unknown>): string[] => Object.keys(definition.States as object).filter((s) => /^t\d+$/.test(s));
const machineProps = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'))
  .map((r) => r.Properties as Record<string, unknown>);

describe('buildMachines', () => {
  test('a plan that fits one machine is one Standard machine with X-Ray, an inline definition and no children', () => {
    // GIVEN a chain of three tasks
    // WHEN built
    const { stack, machines } = build(chain(3), 'sp');
    // THEN one machine, its definition inline, every task a state invoking the function
    expect(machines.children).toStrictEqual([]);
    const props = machineProps(stack);
    expect(props.map((p) => [p.StateMachineType, p.TracingConfiguration, typeof p.DefinitionString, p.DefinitionS3Location]))
      // (a plain string: with an imported function and no letter sends, the definition holds no token)
      .toStrictEqual([['STANDARD', { Enabled: true }, 'string', undefined]]);
    const definition = machines.definitionOf(machines.main);
    expect([definition.StartAt, definition.TimeoutSeconds, taskStates(definition)]).toStrictEqual(['dagstep.init', 600, ['t0', 't1', 't2']]);
    expect((definition.States as Record<string, { Resource?: string }>).t0.Resource).toBe(FN_ARN);
  });

  test('a plan over maxTasksPerStateMachine is split into child machines the parent starts, shipped as S3 assets', () => {
    // GIVEN a chain of four tasks, at most two per machine
    // WHEN built
    const { stack, machines } = build(chain(4), 'sp', { maxTasksPerStateMachine: 2 });
    // THEN two children, each running its own two tasks from the {input, results} its parent hands it
    expect(machines.children.length).toBe(2);
    const [first, second] = machines.children.map((c) => machines.definitionOf(c));
    expect([taskStates(first), taskStates(second)]).toStrictEqual([['t0', 't1'], ['t2', 't3']]);
    expect([first.Comment, (first.States as Record<string, { Comment?: string }>)['dagstep.init'].Comment])
      .toStrictEqual(['dagstep w: part 1 of a partitioned workflow', 'dagstep: a child machine gets {input, results} from its parent']);
    // AND the parent runs no task itself: it starts child 1, then child 2, by their ARNs
    const main = machines.definitionOf(machines.main);
    const states = main.States as Record<string, { Next?: string; Parameters?: { StateMachineArn?: string } }>;
    expect(taskStates(main)).toStrictEqual([]);
    expect([states['dagstep.init'].Next, states['dagstep.child.1'].Next, states['dagstep.child.2'].Next])
      .toStrictEqual(['dagstep.child.1', 'dagstep.child.2', 'dagstep.output']);
    expect([states['dagstep.child.1'].Parameters?.StateMachineArn, states['dagstep.child.2'].Parameters?.StateMachineArn])
      .toStrictEqual(machines.children.map((c) => renderReferences(stack, c.stateMachineArn)));
    // AND every definition of a partitioned workflow is an S3 asset with its substitutions
    expect(machineProps(stack).map((p) => [p.DefinitionString, Object.keys(p.DefinitionS3Location as object).sort()]))
      .toStrictEqual(Array(3).fill([undefined, ['Bucket', 'Key']]));
  });

  test(`a workflow of more than ${INLINE_DEFINITION_MAX_TASKS} tasks ships its definition as an S3 asset, read back whole`, () => {
    // GIVEN a chain of one task more than inline definitions hold (one machine)
    // WHEN built
    const { stack, machines } = build(chain(INLINE_DEFINITION_MAX_TASKS + 1), 'sp');
    // THEN one machine whose definition is an asset, and definitionOf renders every task state
    expect(machines.children).toStrictEqual([]);
    expect(machineProps(stack).map((p) => [p.DefinitionString, Object.keys(p.DefinitionS3Location as object).sort()]))
      .toStrictEqual([[undefined, ['Bucket', 'Key']]]);
    expect(taskStates(machines.definitionOf(machines.main)).length).toBe(INLINE_DEFINITION_MAX_TASKS + 1);
  });

  test('wrapMain wraps the main definition and no child', () => {
    // GIVEN a wrapper that starts the main machine with a gate state
    const wrapMain = (states: Parameters<NonNullable<MachinesProps['wrapMain']>>[0], definition: sfn.IChainable) =>
      sfn.Chain.start(new sfn.Pass(states, 'gate')).next(definition);
    // WHEN a partitioned plan is built with it
    const { machines } = build(chain(4), 'sp', { maxTasksPerStateMachine: 2, wrapMain });
    // THEN the main machine starts at the gate, the children at their own init
    expect([machines.main, ...machines.children].map((m) => machines.definitionOf(m).StartAt))
      .toStrictEqual(['gate', 'dagstep.init', 'dagstep.init']);
  });

  describe('cross-branch waits', () => {
    // GIVEN the N shape a → c ← b → d, where the auto layout waits across branches (b → c)
    const nShape = workflow('n', [task('a', [], { durationSeconds: 1000 }), task('b'), task('c', ['a', 'b']), task('d', ['b'], { durationSeconds: 1000 })]);

    test('render their coordination states into the table named', () => {
      // WHEN built with a coordination table
      const { machines } = build(nShape, 'auto', { coordinationTableName: 'coordination' });
      // THEN the plan waits once, and the definition names the table
      expect(planWorkflow(nShape, 'auto').plan.crossEdges).toStrictEqual([['b', 'c']]);
      expect(JSON.stringify(machines.definitionOf(machines.main))).toContain('"TableName":"coordination"');
    });

    test('and more tasks than one machine holds is a CompileError naming the file and the layout', () => {
      // WHEN built with at most two tasks per machine
      const attempt = () => build(nShape, 'auto', { coordinationTableName: 'coordination', maxTasksPerStateMachine: 2 });
      // THEN
      expect(attempt).toThrow(CompileError);
      expect(attempt).toThrow('test/n.yaml: layout: 4 tasks need child state machines (more than 2 per machine), which cross-branch waits cannot span; use layout "sp"');
    });

    test('without a coordination table is a bug of the caller', () => {
      // WHEN built without a table
      // THEN
      expect(() => build(nShape, 'auto')).toThrow('internal: a plan with cross-branch waits needs a coordination table');
    });
  });
});
