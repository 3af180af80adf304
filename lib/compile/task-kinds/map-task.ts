import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { CompileError } from '../../model/errors';
import { resultsParameters, Scope } from '../data-flow';
import { mapItemStateName } from '../names';
import { distributedMapProps, enableResultWriterV2 } from './private/distributed-map';
import { TaskKind } from './task-kind';

/** Default number of items in flight when a map does not say. */
export const DEFAULT_MAP_CONCURRENCY = 10;

/**
 * A fan-out task: a Map state named the task id whose item processor invokes the handler once per
 * item with `{input, results, item, context}`; the task's result is the array of item results.
 * `mode: distributed` renders a Distributed Map (child executions, tolerated failures, S3 reader,
 * batches, results written to S3: see private/distributed-map.ts). With `batch`, each child gets
 * `{input, results, items: [...], context}` (context.itemIndex is the first item's index) and
 * returns one result per item.
 */
export class MapTask extends TaskKind {
  protected renderCall(scope: Scope): sfn.Map | sfn.DistributedMap {
    const map = this.task.map!;
    const batched = map.mode === 'distributed' && map.batch !== undefined;
    const shared = { 'input.$': '$.input', results: resultsParameters(scope, this.task.dependsOn) };
    // A batch carries the shared part once (BatchInput), not once per item.
    const itemSelector = batched
      ? { 'item.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' }
      : { ...shared, 'item.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' };
    const itemPayload = batched ? {
      'input.$': '$.BatchInput.input',
      'results.$': '$.BatchInput.results',
      'items.$': '$.Items[*].item',
      context: { ...this.contextObject(this.task.id), 'itemIndex.$': '$.Items[0].index' },
    } : {
      'input.$': '$.input',
      'results.$': '$.results',
      'item.$': '$.item',
      context: { ...this.contextObject(this.task.id), 'itemIndex.$': '$.index' },
    };
    const invoke = this.invoke(mapItemStateName(this.task.id), this.task, itemPayload, '$');
    const common = {
      itemSelector,
      maxConcurrency: map.maxConcurrency ?? DEFAULT_MAP_CONCURRENCY,
      resultPath: `$.results.${this.task.id}`,
      comment: this.task.description,
    };
    if (map.mode === 'distributed') {
      const props = distributedMapProps(this.ctx.construct, this.task, this.ctx.kindResources?.resultStore().bucketName);
      const dmap = new sfn.DistributedMap(this.ctx.construct, this.task.id, {
        ...common,
        ...props,
        itemBatcher: batched ? new sfn.ItemBatcher({ maxItemsPerBatch: map.batch.maxItems, maxInputBytesPerBatch: map.batch.maxBytes,
          batchInput: shared }) : undefined,
        itemsPath: map.itemReader ? undefined : this.itemsPath(scope),
      });
      enableResultWriterV2(dmap);
      dmap.itemProcessor(invoke);
      return dmap;
    }
    const inline = new sfn.Map(this.ctx.construct, this.task.id, { ...common, itemsPath: this.itemsPath(scope) });
    inline.itemProcessor(invoke);
    return inline;
  }

  /**
   * `itemsPath` is written against the execution input (`$.orders`) or a dependency's result
   * (`$.results.list_files.keys`); here it is re-rooted to where that data is in the state.
   */
  private itemsPath(scope: Scope): string {
    const path = this.task.map!.itemsPath;
    const m = /^\$\.results\.([A-Za-z][A-Za-z0-9_-]*)(.*)$/.exec(path);
    if (!m) return path === '$' ? '$.input' : `$.input${path.slice(1)}`;
    const [, dep, rest] = m;
    if (!this.task.dependsOn.includes(dep)) {
      throw new CompileError({
        file: this.ctx.model.source, taskId: this.task.id, field: 'map.itemsPath',
        message: `itemsPath reads the result of "${dep}", so "${dep}" must be in dependsOn (dependsOn is [${this.task.dependsOn.join(', ')}])`,
      });
    }
    return `${scope.require(dep)}${rest}`;
  }
}
