import { Logger } from '@aws-lambda-powertools/logger';
import { ExecutionAlreadyExists, ExecutionLimitExceeded, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { handler, start, StarterClients } from '../../lambdas/execution-starter';

const sfn = mockClient(SFNClient);
const ALIAS = 'arn:aws:states:eu-west-1:123456789012:stateMachine:nightly:live';
const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:nightly:nightly-20261101T020000Z';
const logger = new Logger({ serviceName: 'test' });
const clients: StarterClients = { sfn: new SFNClient({}), logger };
const SLOT = { start: 'schedule' as const, input: { region: 'eu', logicalDate: '2026-11-01T02:00:00Z' } };

const starts = () => sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input);
let logged: { level: string; message: string; extra: unknown }[];

beforeEach(() => {
  sfn.reset();
  logged = [];
  for (const level of ['info', 'error'] as const) {
    jest.spyOn(logger, level).mockImplementation(((message: string, extra: unknown) => { logged.push({ level, message, extra }); }) as never);
  }
});
afterEach(() => jest.restoreAllMocks());

describe('execution starter', () => {
  test('a schedule slot starts the alias once, named after the slot, with the slot input as it is', async () => {
    // GIVEN
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date() });
    // WHEN
    const outcome = await start(SLOT, clients, ALIAS, 'nightly');
    // THEN
    expect(outcome).toStrictEqual({ name: 'nightly-20261101T020000Z', outcome: 'started', executionArn: EXECUTION });
    expect(starts()).toStrictEqual([{ stateMachineArn: ALIAS, name: 'nightly-20261101T020000Z', input: JSON.stringify(SLOT.input) }]);
    expect(logged).toStrictEqual([{ level: 'info', message: 'dagstep: execution started', extra: { workflow: 'nightly', name: 'nightly-20261101T020000Z', executionArn: EXECUTION } }]);
  });

  test('a second delivery of an event whose execution exists is a success, logged as a duplicate', async () => {
    // GIVEN Step Functions refuses the name (the first delivery's execution ended, or its input differs)
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    const event = { start: 'event' as const, eventId: 'e-1', input: { logicalDate: '2026-11-01T02:00:03Z', event: { id: 'e-1' } } };
    // WHEN
    const outcome = await start(event, clients, ALIAS, 'nightly');
    // THEN nothing is thrown, so nothing is retried or dead-lettered
    expect(outcome).toStrictEqual({ name: 'nightly-ev-e-1', outcome: 'duplicate' });
    expect(starts().map((s) => s.name)).toStrictEqual(['nightly-ev-e-1']);
    expect(logged).toStrictEqual([{ level: 'info', message: 'dagstep: duplicate start, the execution exists already', extra: { workflow: 'nightly', name: 'nightly-ev-e-1' } }]);
  });

  test('one S3 object write announced by two events starts one execution: the second is a duplicate', async () => {
    // GIVEN two S3 events for the same write (same bucket, key and sequencer, different event ids); Step Functions
    // starts the first and refuses the name the second time (its input, with the other event id, differs)
    sfn.on(StartExecutionCommand).resolvesOnce({ executionArn: EXECUTION, startDate: new Date() })
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    const announce = (eventId: string) => ({ start: 's3' as const, eventId, bucket: 'landing', key: 'in/a.csv', sequencer: '0064D3901D00059242', input: { key: 'in/a.csv', eventId } });
    // WHEN
    const outcomes = [await start(announce('e-1'), clients, ALIAS, 'nightly'), await start(announce('e-2'), clients, ALIAS, 'nightly')];
    // THEN one name for both, one execution
    const name = outcomes[0].name;
    expect(name).toMatch(/^nightly-s3-[0-9a-f]{32}$/);
    expect(outcomes).toStrictEqual([{ name, outcome: 'started', executionArn: EXECUTION }, { name, outcome: 'duplicate' }]);
    expect(starts().map((s) => s.name)).toStrictEqual([name, name]);
  });

  test('any other error is thrown, so Lambda or the Pipe retries the start and finally dead-letters it', async () => {
    // GIVEN too many running executions
    sfn.on(StartExecutionCommand).rejects(new ExecutionLimitExceeded({ message: 'limit', $metadata: {} }));
    const batch = [{ messageId: 'm-1', body: '{"order":1}' }];
    // WHEN / THEN
    await expect(start(batch, clients, ALIAS, 'nightly')).rejects.toThrow('limit');
    expect(starts()).toStrictEqual([{ stateMachineArn: ALIAS, name: 'nightly-sqs-m-1', input: JSON.stringify(batch) }]);
    expect(logged).toStrictEqual([{ level: 'error', message: 'dagstep: execution start failed, the caller retries it', extra: { workflow: 'nightly', name: 'nightly-sqs-m-1', error: 'ExecutionLimitExceeded', message: 'limit' } }]);
  });

  test('the handler reads its target and workflow from the environment and refuses to run without them', async () => {
    // GIVEN the environment the construct sets
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date() });
    process.env.DAGSTEP_START_TARGET = ALIAS;
    process.env.DAGSTEP_WORKFLOW = 'nightly';
    // WHEN / THEN
    await expect(handler(SLOT)).resolves.toStrictEqual({ name: 'nightly-20261101T020000Z', outcome: 'started', executionArn: EXECUTION });
    delete process.env.DAGSTEP_START_TARGET;
    await expect(handler(SLOT)).rejects.toThrow('dagstep execution-starter: DAGSTEP_START_TARGET must be set');
  });
});
