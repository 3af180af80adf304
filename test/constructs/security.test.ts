import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { addSecurityChecks } from '../../lib/constructs/security';
import { WorkflowStack } from '../../lib/constructs/workflow-stack';
import { EXAMPLES } from '../../examples';
import type { WorkflowModel } from '../../lib/model/types';
import { task, workflow } from '../support/models';

/** An AWS::IAM::Policy resource of a synthesized template, with its statements' shape. */
type PolicyResource<S> = { Properties: { PolicyDocument: { Statement: S[] } } };

/** Synthesizes with cdk-nag; returns the unacknowledged violations (synth fails on any). */
function nagViolations(model: WorkflowModel, extra: object = {}): string[] {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  addSecurityChecks(app);
  new WorkflowStack(app, undefined, { model, ...extra });
  try {
    app.synth();
    return [];
  } catch (e) {
    const m = /found in: (.*validation-report\.json)/.exec((e as Error).message);
    if (!m) throw e;
    const report = JSON.parse(fs.readFileSync(m[1], 'utf8'));
    return JSON.stringify(report).match(/AwsSolutions-[A-Z]+\d+(\[[^\]]*\])?/g) ?? ['unknown violation'];
  }
}

describe('cdk-nag AwsSolutions', () => {
  test.each(EXAMPLES.map((e) => [e.name, e]))('the %s example stack has zero unacknowledged findings', (_n, e) => {
    expect(nagViolations(e.load())).toStrictEqual([]);
  });

  test('a partitioned workflow (child state machines) has zero unacknowledged findings', () => {
    const tasks = Array.from({ length: 30 }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`]));
    expect(nagViolations(workflow('big', tasks), { maxTasksPerStateMachine: 10 })).toStrictEqual([]);
  });

  test('nested child state machines (children that start children) have zero unacknowledged findings', () => {
    // GIVEN 80 chained tasks, at most 16 per machine: three levels of children
    const tasks = Array.from({ length: 80 }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`]));
    expect(nagViolations(workflow('deep', tasks), { maxTasksPerStateMachine: 16 })).toStrictEqual([]);
  });

  test('each state machine may start only its own child machines', () => {
    // GIVEN the same three levels: the parent starts 1 and 8, child 1 starts 2 and 5, 2 starts 3 and 4, 5 starts 6 and 7
    const tasks = Array.from({ length: 80 }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`], { sideEffects: 'none' }));
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const template = Template.fromStack(new WorkflowStack(app, undefined, { model: workflow('deep', tasks), maxTasksPerStateMachine: 16 }));
    // WHEN the StartExecution grants are read per role
    const starts: Record<string, string[]> = {};
    for (const [id, p] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
      const role = /^Workflow(Child\d+|)StateMachineRole/.exec(id)?.[1];
      if (role === undefined) continue;
      const statements = (p as PolicyResource<{ Action: string | string[]; Resource: { Ref: string } }>).Properties.PolicyDocument.Statement;
      starts[role || 'parent'] = statements.filter((st) => st.Action === 'states:StartExecution')
        .map((st) => /^Workflow(Child\d+)StateMachine/.exec(st.Resource.Ref)![1]).sort();
    }
    // THEN
    expect(Object.fromEntries(Object.entries(starts).filter(([, v]) => v.length > 0))).toStrictEqual({
      parent: ['Child1', 'Child8'], Child1: ['Child2', 'Child5'], Child2: ['Child3', 'Child4'], Child5: ['Child6', 'Child7'],
    });
  });

  test('cross-branch waits (exact layout) have zero unacknowledged findings: SendTaskSuccess names the own machine', () => {
    // GIVEN a DAG the exact layout joins across branches / WHEN synthesized with cdk-nag / THEN clean
    const model = workflow('joins', [task('a', [], { durationSeconds: 5 }), task('b'), task('c', ['a', 'b']), task('d', ['b'], { durationSeconds: 10 })]);
    expect(nagViolations(model, { layout: 'exact' })).toStrictEqual([]);
  });

  test('the ERROR-level logging default is acknowledged; opting into ALL needs no acknowledgement', () => {
    // GIVEN both logging choices / WHEN synthesized / THEN clean
    expect(nagViolations(workflow('quiet', [task('a')]))).toStrictEqual([]);
    expect(nagViolations(workflow('verbose', [task('a')]), { logLevel: sfn.LogLevel.ALL, includeExecutionData: true })).toStrictEqual([]);
  });

  test('a workflow with every task kind has zero unacknowledged findings', () => {
    const CONNECTION = 'arn:aws:events:eu-west-1:123456789012:connection/api/0a1b2c3d';
    const model = workflow('kinds', [
      task('c', [], { container: { image: 'ecr:jobs', environment: { MODE: 'x' }, network: { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0'] } } }),
      task('b', ['c'], { batch: { jobQueue: 'q', jobDefinition: 'd' } }),
      task('g', ['c'], { glue: { jobName: 'j' } }),
      task('h', ['c'], { http: { method: 'POST', url: 'https://api.example.com/x', connection: CONNECTION } }),
      task('s', ['c'], { sdk: { service: 'sqs', action: 'sendMessage', resource: 'arn:aws:sqs:eu-west-1:123456789012:q' } }),
      task('w', ['c'], { workflow: 'child' }),
      task('l', ['b', 'g', 'h', 's', 'w'], { memorySize: 1024, vpc: { subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'] } }),
    ]);
    expect(nagViolations(model)).toStrictEqual([]);
  });

  test('every acknowledgement in the code carries a written reason', () => {
    const src = fs.readFileSync(path.resolve(__dirname, '../../lib/constructs/security.ts'), 'utf8');
    const ids = src.match(/id: [`']AwsSolutions-[^`']+[`']/g) ?? [];
    const reasons = src.match(/reason: /g) ?? [];
    expect(ids.length).toBeGreaterThan(0);
    expect(reasons.length).toBeGreaterThanOrEqual(ids.length);
  });
});
