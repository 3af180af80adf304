import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import type { GuardClients } from '../../lambdas/private/guard-delivery';

/**
 * The dead-letter guard's three AWS clients, mocked (aws-sdk-client-mock), for the guard, its
 * delivery and the sweep. Call at the top of a test file; `reset()` in its beforeEach clears every
 * mock and sets the queue and marker-table variables the guard reads.
 */
export function mockedGuardClients() {
  const sfn = mockClient(SFNClient);
  const sqs = mockClient(SQSClient);
  const ddb = mockClient(DynamoDBClient);
  const clients: GuardClients = { sfn: new SFNClient({}), sqs: new SQSClient({}), ddb: new DynamoDBClient({}) };
  const reset = (): void => {
    sfn.reset();
    sqs.reset();
    ddb.reset();
    process.env.DAGSTEP_DEAD_LETTER_QUEUE_URL = 'https://sqs/dlq';
    process.env.DAGSTEP_GUARD_MARKER_TABLE = 'markers';
  };
  return { sfn, sqs, ddb, clients, reset };
}
