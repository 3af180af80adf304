import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import type { AddressInfo } from 'net';

/**
 * A DynamoDB-compatible server (dynalite, in-memory, in this process) that a test file starts and
 * stops itself: no Docker, nothing left running. The DynamoDB code under test talks to it over
 * HTTP on loopback with the real AWS SDK, so conditional writes, TTL attributes and
 * ConsistentRead are exercised as they are encoded for DynamoDB.
 */
export interface LocalDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  createTable(name: string, ttlAttribute?: string): Promise<void>;
  stop(): Promise<void>;
}

/** Fake credentials and region: the server does not check them; nothing reaches AWS. */
export const LOCAL_AWS_ENV = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' } as const;

export async function startDynalite(): Promise<LocalDynamo> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- dynalite ships no types
  const dynalite = require('dynalite') as (o: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => import('http').Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    endpoint,
    client,
    async createTable(name, ttlAttribute) {
      await client.send(new CreateTableCommand({
        TableName: name, BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: name.startsWith('idem') ? 'id' : 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: name.startsWith('idem') ? 'id' : 'pk', KeyType: 'HASH' }],
      }));
      if (ttlAttribute) {
        await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: ttlAttribute } }))
          .catch(() => undefined); // dynalite may not implement TTL settings; the attribute itself is still checked
      }
    },
    async stop() {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
