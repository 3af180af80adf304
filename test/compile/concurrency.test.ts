import { compileDefinition } from '../../lib/constructs/render-asl';
import { runExecution } from '../../lib/local/engine';
import { LocalWorkflow } from '../../lib/testing/local-workflow';
import { acquireStateName, QUEUE_STATE, QUEUED_STATE, SKIP_STATE, SKIPPED_STATE } from '../../lib/compile/concurrency';
import type { ConcurrencyModel } from '../../lib/model/types';
import { task, workflow } from '../support/models';

type States = Record<string, Record<string, unknown>>;

const model = (concurrency: ConcurrencyModel) => workflow('gated', [task('a', [], { sideEffects: 'none', durationSeconds: 5 })], { concurrency });

/** The gate's states of a compiled definition, with `dagstep.init` (the workflow) replaced by `next`. */
function gateStates(definition: Record<string, unknown>, next: string): States {
  const states = definition.States as States;
  return Object.fromEntries(Object.entries(states).filter(([n]) => n.startsWith('dagstep.concurrency.')).map(([n, s]) => [n,
    s.Next === 'dagstep.init' ? { ...s, Next: next } : s]));
}

/**
 * Overlapping starts on the local engine: one Parallel branch per start shares the engine's
 * in-memory DynamoDB table and clock. Each branch marks its run, waits `k` seconds, then runs the
 * real gate states of the compiled definition; a run that gets a slot "runs" for 100 s.
 */
function overlapping(definition: Record<string, unknown>, starts: number): Record<string, unknown> {
  const branch = (k: number) => ({
    StartAt: 'mark',
    States: {
      mark: { Type: 'Pass', Parameters: { run: k, 'logicalDate.$': `States.Format('2026-11-2{}T02:00:00Z', ${k})` }, Next: 'arrive' },
      arrive: { Type: 'Wait', Seconds: k, Next: acquireStateName(0) },
      ...gateStates(definition, 'run'),
      run: { Type: 'Wait', Seconds: 100, Next: 'ran' },
      ran: { Type: 'Pass', Parameters: { 'ran.$': '$.run' }, End: true },
    },
  });
  return { StartAt: 'starts', States: { starts: { Type: 'Parallel', Branches: Array.from({ length: starts }, (_, k) => branch(k)), End: true } } };
}

const noLambda = async () => { throw new Error('no Lambda in this test'); };

describe('ConcurrencyGate', () => {
  test('renders one conditional acquire per slot, each falling through to the next, then the busy path', () => {
    // GIVEN a workflow limited to 2 executions that queue when busy
    const { definition } = compileDefinition(model({ maxExecutions: 2, whenBusy: 'queue' }));
    const states = definition.States as States;
    // THEN the definition starts by taking slot 0
    expect(definition.StartAt).toBe(acquireStateName(0));
    expect(states[acquireStateName(0)]).toStrictEqual({
      Type: 'Task',
      Comment: 'dagstep: take concurrency slot 0 of 2 if it is free',
      Resource: 'arn:${AWS::Partition}:states:::aws-sdk:dynamodb:updateItem',
      Parameters: {
        TableName: expect.stringMatching(/^\$\{WorkflowConcurrencySlotTable[0-9A-F]+\}$/),
        Key: { pk: { S: 'slot#0' } },
        UpdateExpression: 'SET #owner = :owner, #since = :since',
        ConditionExpression: 'attribute_not_exists(#owner)',
        ExpressionAttributeNames: { '#owner': 'owner', '#since': 'since' },
        ExpressionAttributeValues: { ':owner': { 'S.$': '$$.Execution.Id' }, ':since': { 'S.$': '$$.Execution.StartTime' } },
      },
      ResultPath: null,
      Retry: [{
        ErrorEquals: ['DynamoDb.ProvisionedThroughputExceededException', 'DynamoDb.RequestLimitExceeded', 'DynamoDb.ThrottlingException', 'DynamoDb.InternalServerErrorException'],
        IntervalSeconds: 1, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 20, JitterStrategy: 'FULL',
      }],
      Catch: [{ ErrorEquals: ['DynamoDb.ConditionalCheckFailedException'], ResultPath: null, Next: acquireStateName(1) }],
      Next: 'dagstep.init',
    });
    expect((states[acquireStateName(1)].Catch as unknown[])).toStrictEqual([{ ErrorEquals: ['DynamoDb.ConditionalCheckFailedException'], ResultPath: null, Next: QUEUE_STATE }]);
    // AND the queued run's message carries its whole input, then the execution ends without running a task
    expect(states[QUEUE_STATE].Parameters).toStrictEqual({
      QueueUrl: expect.stringMatching(/^\$\{WorkflowConcurrencyWaitQueue[0-9A-F]+\}$/),
      MessageBody: { workflow: 'gated', 'executionId.$': '$$.Execution.Id', 'name.$': '$$.Execution.Name', 'input.$': '$', 'queuedAt.$': '$$.State.EnteredTime' },
    });
    expect(states[QUEUE_STATE].Next).toBe(QUEUED_STATE);
    expect(states[QUEUED_STATE].Type).toBe('Succeed');
  });

  test('a lone execution takes a slot and runs the workflow as before', async () => {
    // GIVEN a limit of 1 and nothing running
    const m = model({ maxExecutions: 1, whenBusy: 'queue' });
    // WHEN it runs locally
    const { summary } = await new LocalWorkflow(m).run({ input: { logicalDate: '2026-11-27T02:00:00Z' } });
    // THEN the task ran and nothing was queued
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.tasks.a).toStrictEqual({ status: 'SUCCEEDED', attempts: 1 });
    expect(summary.deadLetters).toStrictEqual([]);
  });

  test('N=1, queue: of three overlapping starts one runs, the other two are queued with their input', async () => {
    // GIVEN three starts 0 s, 1 s and 2 s apart against a limit of 1
    const { definition } = compileDefinition(model({ maxExecutions: 1, whenBusy: 'queue' }));
    // WHEN they overlap on the local engine
    const r = await runExecution(overlapping(definition, 3), {}, { invokeLambda: noLambda });
    // THEN the first runs; the others end at once, queued
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toStrictEqual([
      { ran: 0 },
      { run: 1, logicalDate: '2026-11-21T02:00:00Z' },
      { run: 2, logicalDate: '2026-11-22T02:00:00Z' },
    ]);
    // AND each queued run's message holds its own input, to be started later
    expect(r.deadLetters.map((m) => [m.stateName, m.queueUrl.replace(/[0-9A-F]{8}\}$/, '}'), (m.body as { input: unknown }).input])).toStrictEqual([
      [QUEUE_STATE, '${WorkflowConcurrencyWaitQueue}', { run: 1, logicalDate: '2026-11-21T02:00:00Z' }],
      [QUEUE_STATE, '${WorkflowConcurrencyWaitQueue}', { run: 2, logicalDate: '2026-11-22T02:00:00Z' }],
    ]);
  });

  test('N=2: two of three overlapping starts run, never more', async () => {
    // GIVEN a limit of 2
    const { definition } = compileDefinition(model({ maxExecutions: 2, whenBusy: 'queue' }));
    // WHEN three starts overlap
    const r = await runExecution(overlapping(definition, 3), {}, { invokeLambda: noLambda });
    // THEN two ran (slots 0 and 1) and the third was queued
    expect(r.output).toStrictEqual([{ ran: 0 }, { ran: 1 }, { run: 2, logicalDate: '2026-11-22T02:00:00Z' }]);
    expect(r.deadLetters.length).toBe(1);
  });

  test('N=1, skip: the overlapping starts are recorded as dead letters and end without running', async () => {
    // GIVEN a limit of 1 that skips when busy
    const { definition } = compileDefinition(model({ maxExecutions: 1, whenBusy: 'skip' }));
    // WHEN three starts overlap
    const r = await runExecution(overlapping(definition, 3), {}, { invokeLambda: noLambda });
    // THEN one ran and the two skipped runs are each one dead letter in the contract's shape
    expect(r.output).toStrictEqual([{ ran: 0 }, { run: 1, logicalDate: '2026-11-21T02:00:00Z' }, { run: 2, logicalDate: '2026-11-22T02:00:00Z' }]);
    expect(r.deadLetters.map((m) => m.stateName)).toStrictEqual([SKIP_STATE, SKIP_STATE]);
    expect(r.deadLetters[0].body).toStrictEqual({
      workflow: 'gated',
      executionId: r.executionId,
      rootExecutionId: r.executionId,
      kind: 'execution',
      taskId: null,
      stateName: null,
      error: 'Dagstep.RunSkipped',
      cause: '1 execution(s) were already running (concurrency.maxExecutions, whenBusy: skip)',
      optional: false,
      input: { input: { run: 1, logicalDate: '2026-11-21T02:00:00Z' }, results: null },
      truncated: false,
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(Object.keys(definition.States as States)).toContain(SKIPPED_STATE);
  });
});
