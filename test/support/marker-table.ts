import {
  AttributeValue, ConditionalCheckFailedException, DeleteItemCommand, DeleteItemCommandInput, DynamoDBClient, GetItemCommand,
  GetItemCommandInput, PutItemCommand, PutItemCommandInput, UpdateItemCommand, UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

/** The claim condition of lambdas/private/guard-delivery.ts: a new marker, or a claim whose lease ran out. */
const CLAIM = 'attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)';
/** The release condition: only a marker still claimed is deleted. */
const RELEASE = '#state = :claimed';

/**
 * The guard's marker table in memory, behind an aws-sdk-client-mock DynamoDB stub: PutItem,
 * UpdateItem, GetItem and DeleteItem keyed by `pk`, with the two condition expressions the guard
 * writes evaluated as DynamoDB does (a failed condition throws ConditionalCheckFailedException and
 * writes nothing). Any other condition or update expression throws, so a change in what the guard
 * writes shows up in its tests instead of being accepted blindly.
 */
export class MarkerTable {
  readonly items = new Map<string, Item>();

  constructor(private readonly tableName: string) {}

  /** Answers the stub's marker-table calls from this table. */
  install(ddb: AwsClientStub<DynamoDBClient>): void {
    // async: the client's send returns a promise, and a failed condition is its rejection
    ddb.on(PutItemCommand).callsFake(async (input: PutItemCommandInput) => this.put(input));
    ddb.on(UpdateItemCommand).callsFake(async (input: UpdateItemCommandInput) => this.update(input));
    ddb.on(GetItemCommand).callsFake(async (input: GetItemCommandInput) => ({ Item: this.items.get(this.key(input)) }));
    ddb.on(DeleteItemCommand).callsFake(async (input: DeleteItemCommandInput) => this.remove(input));
  }

  /** The `state` of every marker, by key. */
  states(): Record<string, string | undefined> {
    return Object.fromEntries([...this.items].map(([k, v]) => [k, v.state?.S]));
  }

  private put(input: PutItemCommandInput): object {
    const pk = input.Item?.pk?.S;
    if (input.TableName !== this.tableName || pk === undefined) throw new Error(`marker table: unexpected PutItem ${JSON.stringify(input)}`);
    const old = this.items.get(pk);
    if (input.ConditionExpression !== undefined) {
      if (input.ConditionExpression !== CLAIM) throw new Error(`marker table: unsupported condition ${input.ConditionExpression}`);
      const now = Number(input.ExpressionAttributeValues?.[':now']?.N);
      const free = old === undefined || (old.state?.S === 'claimed' && Number(old.leaseUntil?.N) < now);
      if (!free) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    this.items.set(pk, { ...input.Item });
    return {};
  }

  private update(input: UpdateItemCommandInput): object {
    if (input.UpdateExpression !== 'SET #state = :sent') throw new Error(`marker table: unsupported update ${input.UpdateExpression}`);
    const pk = this.key(input);
    this.items.set(pk, { ...(this.items.get(pk) ?? { pk: { S: pk } }), state: { S: 'sent' } });
    return {};
  }

  private remove(input: DeleteItemCommandInput): object {
    if (input.ConditionExpression !== RELEASE) throw new Error(`marker table: unsupported condition ${input.ConditionExpression}`);
    const pk = this.key(input);
    if (this.items.get(pk)?.state?.S !== 'claimed') throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    this.items.delete(pk);
    return {};
  }

  private key(input: { TableName?: string; Key?: Item }): string {
    const pk = input.Key?.pk?.S;
    if (input.TableName !== this.tableName || pk === undefined) throw new Error(`marker table: unexpected key ${JSON.stringify(input)}`);
    return pk;
  }
}
