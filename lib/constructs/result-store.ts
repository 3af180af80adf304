import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENV, RESULT_PREFIX } from '../model/contract';
import { acknowledge } from './security';

/** Props of a {@link ResultStore}. */
export interface ResultStoreProps {
  /**
   * How long a stored result is kept. Long enough to redrive a failed execution and read its
   * results, short enough that the bucket does not grow forever.
   * @default Duration.days(30)
   */
  readonly expiration?: Duration;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The claim-check bucket of a workflow: task results too large to travel in the state
 * (`{ "$dagstep.ref": "s3://bucket/results/...", size }`). Encrypted (SSE-S3), TLS only, all public
 * access blocked, objects owned by the bucket owner, every result expired by a lifecycle rule.
 * Grants are on the `results/` prefix and name object actions only.
 */
export class ResultStore extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ResultStoreProps = {}) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{
        id: 'expire-results',
        prefix: RESULT_PREFIX,
        expiration: props.expiration ?? Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    acknowledge(this.bucket, [{
      id: 'AwsSolutions-S1',
      reason: 'The bucket holds transient task results written and read only by the workflow\'s own roles; every access is already in CloudTrail data events when enabled, and objects expire.',
    }]);
  }

  /** s3:GetObject (and with `write`, s3:PutObject) on `results/*` only. */
  grant(role: iam.IRole, write: boolean): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: write ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
      resources: [this.bucket.arnForObjects(`${RESULT_PREFIX}*`)],
    }));
    const bucketId = Stack.of(this).resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
    acknowledge(role, [{
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${RESULT_PREFIX}*]`,
      reason: 'Result keys are made at run time (execution name, task, item); the grant is object get/put under the results/ prefix of the workflow\'s own result bucket.',
    }]);
  }

  /** The environment that points Lambda helpers (and containers) at the bucket. */
  environment(): Record<string, string> {
    return { [ENV.resultBucket]: this.bucket.bucketName };
  }
}
