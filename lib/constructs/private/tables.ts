import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/**
 * A DynamoDB table of dagstep's own bookkeeping (idempotency records, cross-branch waits,
 * concurrency slots, guard markers): string key `pk` unless named, on demand, encrypted, point-in-time
 * recovery, and TTL on `timeToLiveAttribute` when given.
 */
export function bookkeepingTable(scope: Construct, id: string, props: {
  readonly partitionKey?: string;
  readonly timeToLiveAttribute?: string;
  /** @default RemovalPolicy.DESTROY - the items are transient */
  readonly removalPolicy?: RemovalPolicy;
} = {}): dynamodb.Table {
  return new dynamodb.Table(scope, id, {
    partitionKey: { name: props.partitionKey ?? 'pk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    ...(props.timeToLiveAttribute ? { timeToLiveAttribute: props.timeToLiveAttribute } : {}),
  });
}
