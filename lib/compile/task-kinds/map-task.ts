import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { CompileError } from '../../model/errors';
import { resultsParameters, Scope } from '../data-flow';
import { mapItemStateName } from '../names';
import { TaskKind } from './task-kind';

/** Default number of items in flight when a map does not say. */
export const DEFAULT_MAP_CONCURRENCY = 10;

/**
 * A fan-out task: a Map state named the task id whose item processor invokes the handler once per
 * item with `{input, results, item, context}`; the task's result is the array of item results.
 * `mode: distributed` renders a Distributed Map (child executions, tolerated failures, S3 reader).
 */
export class MapTask extends TaskKind {
  protected renderCall(scope: Scope): sfn.Map | sfn.DistributedMap {
    const map = this.task.map!;
    const itemSelector = {
      'input.$': '$.input',
      results: resultsParameters(scope, this.task.dependsOn),
      'item.$': '$$.Map.Item.Value',
      'index.$': '$$.Map.Item.Index',
    };
    const itemPayload = {
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
      const dmap = new sfn.DistributedMap(this.ctx.construct, this.task.id, {
        ...common,
        itemsPath: map.itemReader ? undefined : this.itemsPath(scope),
        itemReader: map.itemReader ? new sfn.S3JsonItemReader({
          bucket: s3.Bucket.fromBucketName(this.ctx.construct, `${this.task.id}-items`, map.itemReader.bucket),
          key: map.itemReader.key,
        }) : undefined,
        toleratedFailurePercentage: map.toleratedFailurePercentage ?? 0,
        mapExecutionType: sfn.StateMachineType.STANDARD,
      });
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
