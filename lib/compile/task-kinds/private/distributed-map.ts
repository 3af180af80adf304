import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { RESULT_PREFIX, RESULT_REF_KEY } from '../../../model/contract';
import type { MapItemReader, TaskModel } from '../../../model/types';
import { childExecutionType, writesResults } from '../../map-sizing';

/** Where a Distributed Map's ResultWriter writes: `results/maps/<task>/<map run id>/...`. */
export const mapResultsPrefix = (taskId: string): string => `${RESULT_PREFIX}maps/${taskId}`;

/**
 * The ASL fields only a Distributed Map has (Step Functions developer guide: "ItemReader (Map)",
 * "ItemBatcher (Map)", "ResultWriter (Map)", "Using Map state in Distributed mode"):
 *
 * - `ItemReader`: one S3 object (`s3:getObject`, InputType JSON / JSONL / CSV with the first row
 *   as header), a prefix (`s3:listObjectsV2`), or an S3 Inventory manifest (InputType MANIFEST);
 *   `ReaderConfig.MaxItems` from `map.maxItems`.
 * - `ItemBatcher` (rendered by MapTask, with the shared `BatchInput`): `MaxItemsPerBatch` /
 *   `MaxInputBytesPerBatch` from `map.batch`.
 * - `ResultWriter` (`s3:putObject` to the workflow's result bucket under `results/maps/<task>`):
 *   the Map's output is then `{MapRunArn, ResultWriterDetails: {Bucket, Key}}` instead of the
 *   array of results ("Exporting the results to an Amazon S3 bucket is helpful if your output
 *   payload size exceeds 256 KiB"); the ResultSelector turns it into a reference
 *   `{"$dagstep.ref": "s3://<bucket>/<key of manifest.json>", mapRunArn}` that the next tasks'
 *   helpers resolve to the array of item results, in item order (lambdas/private/map-results.ts).
 * - Child executions EXPRESS or STANDARD by {@link childExecutionType}.
 */
export function distributedMapProps(construct: Construct, task: TaskModel, resultBucketName: string | undefined): Partial<sfn.DistributedMapProps> {
  const map = task.map!;
  const written = writesResults(map);
  if (written && resultBucketName === undefined) throw new Error(`internal: map "${task.id}" writes its results but the workflow has no result bucket`);
  return {
    itemReader: map.itemReader ? itemReader(construct, task.id, map.itemReader, map.maxItems) : undefined,
    resultWriterV2: written ? new sfn.ResultWriterV2({
      bucket: s3.Bucket.fromBucketName(construct, `${task.id}-results`, resultBucketName!),
      prefix: mapResultsPrefix(task.id),
    }) : undefined,
    resultSelector: written ? {
      [`${RESULT_REF_KEY}.$`]: "States.Format('s3://{}/{}', $.ResultWriterDetails.Bucket, $.ResultWriterDetails.Key)",
      'mapRunArn.$': '$.MapRunArn',
    } : undefined,
    toleratedFailurePercentage: map.toleratedFailurePercentage ?? (map.toleratedFailureCount === undefined ? 0 : undefined),
    toleratedFailureCount: map.toleratedFailureCount,
    mapExecutionType: childExecutionType(task) === 'EXPRESS' ? sfn.StateMachineType.EXPRESS : sfn.StateMachineType.STANDARD,
  };
}

/**
 * CDK renders `resultWriterV2` only under the `useDistributedMapResultWriterV2` feature flag; the
 * flag is set on the map's own node, so the user's app needs no flag and no deprecated API.
 */
export function enableResultWriterV2(map: sfn.DistributedMap): void {
  map.node.setContext(cxapi.STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
}

function itemReader(construct: Construct, taskId: string, r: MapItemReader, maxItems: number | undefined): sfn.IItemReader {
  const bucket = s3.Bucket.fromBucketName(construct, `${taskId}-items`, r.bucket);
  if (r.prefix !== undefined) return new sfn.S3ObjectsItemReader({ bucket, prefix: r.prefix || undefined, maxItems });
  if (r.manifest !== undefined) return new sfn.S3ManifestItemReader({ bucket, key: r.manifest, maxItems });
  const key = r.key!;
  if (r.format === 'jsonl') return new sfn.S3JsonLItemReader({ bucket, key, maxItems });
  if (r.format === 'csv') return new sfn.S3CsvItemReader({ bucket, key, maxItems, csvHeaders: sfn.CsvHeaders.useFirstRow() });
  return new sfn.S3JsonItemReader({ bucket, key, maxItems });
}
