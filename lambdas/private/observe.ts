import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { TaskEvent } from '../types';
import { openHandlerSegment, type TracerLike } from './tracing';
import { LOG_MESSAGES, TASK_METRICS } from '../../lib/model/contract';

/** The three Powertools tools one invocation reports through. */
export interface Tools {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: TracerLike;
}

/** The end of one observed invocation: call exactly one of them. */
export interface Observation {
  succeeded(): void;
  failed(error: unknown): void;
}

const KEYS = ['workflow', 'executionId', 'taskId', 'attempt'] as const;

/** Runs an observability step; a failure warns and never reaches business logic. */
export function safely(what: string, step: () => void): void {
  try {
    step();
  } catch (e) {
    console.warn(`dagstep: ${what} failed, continuing: ${(e as Error)?.message ?? String(e)}`);
  }
}

/**
 * Starts observing one invocation of task `taskId`: logs "task started", opens the handler trace
 * subsegment with its annotations, and sets the metric dimensions. Nothing here can throw.
 */
export function observe(taskId: string, event: TaskEvent<unknown> | undefined, context: Context, tools: Tools): Observation {
  const { logger, metrics, tracer } = tools;
  const c = event?.context;
  const keys = { workflow: String(c?.workflow), executionId: String(c?.executionId), taskId: c?.taskId ?? taskId, attempt: c?.attempt ?? 0 };
  const started = Date.now();
  let closeSegment: (error?: unknown) => void = () => undefined;
  safely('logging', () => {
    logger.addContext(context);
    logger.appendKeys(keys);
    logger.info(LOG_MESSAGES.started, c?.itemIndex !== undefined ? { itemIndex: c.itemIndex } : {});
  });
  safely('tracing', () => {
    closeSegment = openHandlerSegment(tracer, keys.taskId);
    tracer.putAnnotation('workflow', keys.workflow);
    tracer.putAnnotation('task', keys.taskId);
    tracer.putAnnotation('executionId', keys.executionId);
    tracer.putMetadata('attempt', keys.attempt);
  });
  safely('metrics', () => {
    metrics.captureColdStartMetric(context?.functionName);
    metrics.addDimensions({ workflow: keys.workflow, task: keys.taskId });
    metrics.addMetadata('executionId', keys.executionId);
    metrics.addMetadata('attempt', String(keys.attempt));
    if (keys.attempt > 0) metrics.addMetric(TASK_METRICS.retried, MetricUnit.Count, 1);
  });
  const finish = (error?: unknown) => {
    safely('tracing', () => closeSegment(error));
    safely('metrics', () => metrics.publishStoredMetrics());
    safely('logging', () => logger.removeKeys([...KEYS]));
  };
  return {
    succeeded() {
      const durationMs = Date.now() - started;
      safely('logging', () => logger.info(LOG_MESSAGES.succeeded, { durationMs }));
      safely('metrics', () => {
        metrics.addMetric(TASK_METRICS.succeeded, MetricUnit.Count, 1);
        metrics.addMetric(TASK_METRICS.durationMs, MetricUnit.Milliseconds, durationMs);
      });
      finish();
    },
    failed(error: unknown) {
      const durationMs = Date.now() - started;
      const errorClass = errorClassOf(error);
      safely('logging', () => logger.error(LOG_MESSAGES.failed, { errorClass, durationMs, error: error as Error }));
      safely('metrics', () => {
        metrics.addMetric(TASK_METRICS.failed, MetricUnit.Count, 1);
        metrics.addMetric(TASK_METRICS.durationMs, MetricUnit.Milliseconds, durationMs);
        const byClass = metrics.singleMetric();
        byClass.addDimensions({ workflow: keys.workflow, task: keys.taskId, errorClass });
        byClass.addMetadata('executionId', keys.executionId);
        byClass.addMetric(TASK_METRICS.failed, MetricUnit.Count, 1);
      });
      finish(error);
    },
  };
}

/** The name Step Functions will see as errorType (`Error` for anything without one). */
export function errorClassOf(error: unknown): string {
  const name = (error as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}
