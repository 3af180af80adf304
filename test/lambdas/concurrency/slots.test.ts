import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { owners, releaseSlot, report, slotTableFromEnv } from '../../../lambdas/concurrency/slots';
import { slotStore } from './slot-store';

const TABLE = { tableName: 'slots', maxExecutions: 3 };

describe('slots', () => {
  test('the slot table comes from the environment, and a missing one is a clear error', () => {
    // GIVEN / WHEN / THEN
    expect(slotTableFromEnv({ DAGSTEP_CONCURRENCY_TABLE: 'slots', DAGSTEP_MAX_EXECUTIONS: '3' })).toStrictEqual(TABLE);
    expect(() => slotTableFromEnv({ DAGSTEP_MAX_EXECUTIONS: 'x' })).toThrow('dagstep: DAGSTEP_CONCURRENCY_TABLE and DAGSTEP_MAX_EXECUTIONS must be set (received undefined, x)');
  });

  test('a release is conditional on the owner: exactly this command', async () => {
    // GIVEN slot 2 owned by run-1
    const { ddb } = slotStore({ 2: 'arn:run-1' });
    // WHEN run-1 releases it, then run-2 tries the same
    const results = [await releaseSlot(TABLE, 2, 'arn:run-1'), await releaseSlot(TABLE, 2, 'arn:run-2')];
    // THEN only the owner's release frees it
    expect(results).toStrictEqual([true, false]);
    expect(ddb.commandCalls(UpdateItemCommand)[0].args[0].input).toStrictEqual({
      TableName: 'slots', Key: { pk: { S: 'slot#2' } },
      UpdateExpression: 'REMOVE #owner, #since', ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner', '#since': 'since' }, ExpressionAttributeValues: { ':owner': { S: 'arn:run-1' } },
    });
  });

  test('owners reads every slot; errors other than a failed condition propagate (so the caller retries)', async () => {
    // GIVEN slot 1 taken
    slotStore({ 1: 'arn:run-1' });
    // WHEN / THEN
    expect(await owners(TABLE)).toStrictEqual([undefined, 'arn:run-1', undefined]);
    mockClient(DynamoDBClient).on(UpdateItemCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(releaseSlot(TABLE, 0, 'arn:x')).rejects.toThrow('throttled');
  });

  test('report writes one JSON line with an EMF metric in the workflow namespace, and never throws', () => {
    // GIVEN a captured console
    process.env.DAGSTEP_WORKFLOW = 'nightly';
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // WHEN a line is reported, then one that cannot be serialised
    report('queued run started', 'QueuedRunsStarted', { name: 'n' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => report('x', undefined, cyclic)).not.toThrow();
    // THEN
    const line = JSON.parse(log.mock.calls[0][0]);
    expect({ ...line, _aws: { ...line._aws, Timestamp: 0 } }).toStrictEqual({
      level: 'INFO', message: 'queued run started', workflow: 'nightly', name: 'n', QueuedRunsStarted: 1,
      _aws: { Timestamp: 0, CloudWatchMetrics: [{ Namespace: 'dagstep/nightly', Dimensions: [[]], Metrics: [{ Name: 'QueuedRunsStarted', Unit: 'Count' }] }] },
    });
    expect(warn.mock.calls[0][0]).toMatch(/^dagstep: logging failed, continuing: /);
    log.mockRestore();
    warn.mockRestore();
  });
});
