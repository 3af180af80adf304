import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import type { TaskEvent } from './types';

/** Namespace of every dagstep task metric (EMF). */
export const METRICS_NAMESPACE = 'dagstep';

/** The part of a Tracer the wrapper uses (a fake can stand in for tests). */
export interface TracerLike {
  putAnnotation(key: string, value: string | number | boolean): void;
  putMetadata(key: string, value: unknown): void;
}

/** Options of {@link instrument}: the same whether used as a wrapper or as middleware. */
export interface InstrumentOptions {
  /** @default a Logger with the workflow as service name */
  readonly logger?: Logger;
  /** @default Metrics in namespace `dagstep` */
  readonly metrics?: Metrics;
  /** @default a Tracer (inactive outside Lambda) */
  readonly tracer?: TracerLike;
  /**
   * Make retries safe: Powertools idempotency keyed on execution id + task id + a hash of the
   * input, dependency results and item (not the attempt), in the table named by
   * DAGSTEP_IDEMPOTENCY_TABLE. @default true when that variable is set
   */
  readonly idempotency?: boolean;
  /** Where idempotency records live. @default a DynamoDB table named by DAGSTEP_IDEMPOTENCY_TABLE */
  readonly idempotencyStore?: import('@aws-lambda-powertools/idempotency/persistence').BasePersistenceLayer;
}

export type TaskHandler<I, O> = (event: TaskEvent<I>, context: Context) => Promise<O>;

let shared: { logger: Logger; metrics: Metrics; tracer: Tracer } | undefined;
function defaults() {
  shared ??= {
    logger: new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dagstep' }),
    metrics: new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE, serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dagstep' }),
    tracer: new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dagstep' }),
  };
  return shared;
}

/** Runs an observability step; a failure warns and never reaches business logic. */
function safely(what: string, step: () => void): void {
  try {
    step();
  } catch (e) {
    console.warn(`dagstep: ${what} failed, continuing: ${(e as Error)?.message ?? String(e)}`);
  }
}

/**
 * Wraps a task handler with Powertools logs, metrics and traces:
 * - JSON logs carrying workflow, executionId, taskId, attempt and the Lambda request id
 *   ("task started", "task succeeded" with durationMs, "task failed" with errorClass);
 * - EMF metrics in namespace `dagstep`, dimensions workflow and task: TaskSucceeded,
 *   TaskDurationMs, TaskFailed (also by errorClass), cold starts; executionId as metadata;
 * - X-Ray annotations workflow, task and executionId on the handler segment.
 * The handler's error is rethrown untouched (its name is what Retry/Catch match); observability
 * failures only warn. Logs and EMF go to stdout, where Lambda (or the local engine) collects them.
 *
 * ```ts
 * export const handler = instrument('extract_orders', async (event) => ({ count: 3 }));
 * ```
 */
export function instrument<I = unknown, O = unknown>(taskId: string, fn: TaskHandler<I, O>, options: InstrumentOptions = {}): TaskHandler<I, O> {
  const run = async (event: TaskEvent<I>, context: Context): Promise<O> => {
    const d = options.logger && options.metrics && options.tracer ? undefined : defaults();
    const logger = options.logger ?? d!.logger;
    const metrics = options.metrics ?? d!.metrics;
    const tracer = options.tracer ?? d!.tracer;
    const c = event?.context;
    const keys = { workflow: c?.workflow, executionId: c?.executionId, taskId: c?.taskId ?? taskId, attempt: c?.attempt ?? 0 };
    const started = Date.now();
    safely('logging', () => {
      logger.addContext(context);
      logger.appendKeys(keys);
      if (c?.itemIndex !== undefined) logger.info('task started', { itemIndex: c.itemIndex });
      else logger.info('task started');
    });
    safely('tracing', () => {
      tracer.putAnnotation('workflow', String(keys.workflow));
      tracer.putAnnotation('task', String(keys.taskId));
      tracer.putAnnotation('executionId', String(keys.executionId));
      tracer.putMetadata('attempt', keys.attempt);
    });
    safely('metrics', () => {
      metrics.captureColdStartMetric();
      metrics.addDimensions({ workflow: String(keys.workflow), task: String(keys.taskId) });
      metrics.addMetadata('executionId', String(keys.executionId));
      metrics.addMetadata('attempt', String(keys.attempt));
      if (keys.attempt > 0) metrics.addMetric('TaskRetried', MetricUnit.Count, 1);
    });
    try {
      const result = await fn(event, context);
      const durationMs = Date.now() - started;
      safely('logging', () => logger.info('task succeeded', { durationMs }));
      safely('metrics', () => {
        metrics.addMetric('TaskSucceeded', MetricUnit.Count, 1);
        metrics.addMetric('TaskDurationMs', MetricUnit.Milliseconds, durationMs);
      });
      return result;
    } catch (e) {
      const errorClass = (e as Error)?.name ?? 'Error';
      const durationMs = Date.now() - started;
      safely('logging', () => logger.error('task failed', { errorClass, durationMs, error: e as Error }));
      safely('metrics', () => {
        metrics.addMetric('TaskFailed', MetricUnit.Count, 1);
        metrics.addMetric('TaskDurationMs', MetricUnit.Milliseconds, durationMs);
        const byClass = metrics.singleMetric();
        byClass.addDimensions({ workflow: String(keys.workflow), task: String(keys.taskId), errorClass });
        byClass.addMetadata('executionId', String(keys.executionId));
        byClass.addMetric('TaskFailed', MetricUnit.Count, 1);
      });
      throw e;
    } finally {
      safely('metrics', () => metrics.publishStoredMetrics());
      safely('logging', () => logger.removeKeys(['workflow', 'executionId', 'taskId', 'attempt']));
    }
  };
  const table = process.env.DAGSTEP_IDEMPOTENCY_TABLE;
  if (!(options.idempotency ?? Boolean(table || options.idempotencyStore))) return run;
  if (options.idempotencyStore) return idempotent(run, () => options.idempotencyStore!);
  if (!table) {
    console.warn(`dagstep: task ${taskId} asks for idempotency but DAGSTEP_IDEMPOTENCY_TABLE is not set; running without it`);
    return run;
  }
  return idempotent(run, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DynamoDBPersistenceLayer } = require('@aws-lambda-powertools/idempotency/dynamodb') as typeof import('@aws-lambda-powertools/idempotency/dynamodb');
    return new DynamoDBPersistenceLayer({ tableName: table });
  });
}

/**
 * Powertools idempotency around a task: the key is execution id + task id + a hash of what the
 * task computes from (input, dependency results, item), so a retried attempt returns the stored
 * result instead of running again. The DynamoDB client is created only when this is used.
 */
function idempotent<I, O>(run: TaskHandler<I, O>, store: () => import('@aws-lambda-powertools/idempotency/persistence').BasePersistenceLayer): TaskHandler<I, O> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { makeIdempotent, IdempotencyConfig } = require('@aws-lambda-powertools/idempotency') as typeof import('@aws-lambda-powertools/idempotency');
  const config = new IdempotencyConfig({ eventKeyJmesPath: IDEMPOTENCY_KEY_PATH, throwOnNoIdempotencyKey: true });
  const wrapped = makeIdempotent(run, { persistenceStore: store(), config });
  return async (event, context) => {
    config.registerLambdaContext(context);
    return wrapped(event, context) as Promise<O>;
  };
}

/** What makes two attempts "the same work": never the attempt number. */
export const IDEMPOTENCY_KEY_PATH = '[context.executionId, context.taskId, input, results, item]';
