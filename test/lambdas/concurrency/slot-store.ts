import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * The slot table behind aws-sdk-client-mock: GetItem, and UpdateItem with exactly the release
 * expression lambdas/concurrency/slots.ts sends (`REMOVE #owner, #since` if `#owner = :owner`);
 * anything else fails the test, so a changed expression cannot pass unnoticed.
 */
export function slotStore(owners: Record<number, string>) {
  const table = new Map<string, string>(Object.entries(owners).map(([slot, owner]) => [`slot#${slot}`, owner]));
  const ddb = mockClient(DynamoDBClient);
  ddb.on(GetItemCommand).callsFake((input) => {
    const owner = table.get(input.Key.pk.S);
    return { Item: owner === undefined ? { pk: input.Key.pk } : { pk: input.Key.pk, owner: { S: owner }, since: { S: '2026-11-27T02:00:00Z' } } };
  });
  ddb.on(UpdateItemCommand).callsFake((input) => {
    if (input.UpdateExpression !== 'REMOVE #owner, #since' || input.ConditionExpression !== '#owner = :owner'
      || input.ExpressionAttributeNames['#owner'] !== 'owner' || input.ExpressionAttributeNames['#since'] !== 'since') {
      throw new Error(`unexpected update ${JSON.stringify(input)}`);
    }
    const key = input.Key.pk.S;
    if (table.get(key) !== input.ExpressionAttributeValues[':owner'].S) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    table.delete(key);
    return {};
  });
  return { table, ddb };
}

export const ENV_VARS = { DAGSTEP_CONCURRENCY_TABLE: 'slots', DAGSTEP_MAX_EXECUTIONS: '2', DAGSTEP_WORKFLOW: 'nightly', DAGSTEP_START_TARGET: 'arn:aws:states:eu-west-1:123456789012:stateMachine:nightly:live' };
