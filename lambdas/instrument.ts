import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { withIdempotency } from './private/idempotency';
import { type Observation, observe, type Tools } from './private/observe';
import { resolveResults, storeIfLarge } from './private/result-store';
import { lazyTracer, NO_TRACER, tracingPossible, type TracerLike } from './private/tracing';
import type { TaskEvent } from './types';
import { ENV, METRICS_NAMESPACE } from '../lib/model/contract';

export type { TracerLike } from './private/tracing';
export { IDEMPOTENCY_KEY_PATH, IDEMPOTENCY_TABLE_ENV } from './private/idempotency';

/** Namespace of every dagstep task metric (EMF). */
export { METRICS_NAMESPACE };

/** Options of {@link instrument}: the same whether used as a wrapper or as middleware. */
export interface InstrumentOptions {
  /** @default - a Logger with POWERTOOLS_SERVICE_NAME (the workflow) as service name */
  readonly logger?: Logger;
  /** @default - Metrics in namespace `dagstep` */
  readonly metrics?: Metrics;
  /** @default - {@link tracer} (inactive outside Lambda and with POWERTOOLS_TRACE_ENABLED=false) */
  readonly tracer?: TracerLike;
  /**
   * Make retries safe: Powertools idempotency keyed on execution id + task id + Map item index + a
   * hash of the input, dependency results and item (never the attempt), stored in the DynamoDB table named by
   * DAGSTEP_IDEMPOTENCY_TABLE (the Workflow construct sets it for tasks declared idempotent).
   * Wrapper only: middleware cannot skip the handler. @default - true when that variable is set
   */
  readonly idempotency?: boolean;
  /** Where idempotency records live. @default - the DynamoDB table named by DAGSTEP_IDEMPOTENCY_TABLE */
  readonly idempotencyStore?: BasePersistenceLayer;
}

export type TaskHandler<I, O> = (event: TaskEvent<I>, context: Context) => Promise<O>;

const serviceName = () => process.env.POWERTOOLS_SERVICE_NAME ?? 'dagstep';

/**
 * The Tracer task handlers share: use it to trace AWS SDK clients,
 * `const s3 = tracer.captureAWSv3Client(new S3Client({}))`. It does nothing outside Lambda.
 * It is built on first use: loading the X-Ray SDK switches on async hooks that slow every promise
 * of the process (see private/tracing.ts), which a local run or a test should not pay for.
 */
export const tracer: Tracer = lazyTracer(serviceName);

let shared: { logger: Logger; metrics: Metrics } | undefined;
function tools(options: InstrumentOptions): Tools {
  if (!options.logger || !options.metrics) {
    shared ??= {
      logger: new Logger({ serviceName: serviceName() }),
      metrics: new Metrics({ namespace: process.env[ENV.metricsNamespace] ?? METRICS_NAMESPACE, serviceName: serviceName() }),
    };
  }
  const tracing = options.tracer ?? (tracingPossible() ? tracer : NO_TRACER);
  return { logger: options.logger ?? shared!.logger, metrics: options.metrics ?? shared!.metrics, tracer: tracing };
}

/**
 * Wraps a task handler with Powertools logs, metrics and traces:
 * - JSON logs carrying workflow, executionId, taskId, attempt and the Lambda request id
 *   ("task started", "task succeeded" with durationMs, "task failed" with errorClass);
 * - EMF metrics in namespace `dagstep`, dimensions workflow and task: TaskSucceeded,
 *   TaskDurationMs, TaskFailed (and TaskFailed by workflow, task, errorClass), TaskRetried on
 *   attempts > 0, ColdStart; executionId and attempt as EMF properties;
 * - X-Ray: a `## <task>` subsegment annotated with workflow, task and executionId.
 * The handler's error is rethrown untouched (its name is what Retry/Catch match); observability
 * failures only warn (console.warn). With idempotency, a retried attempt of the same work is still
 * logged and counted, but returns the stored result without calling `fn`.
 *
 * Where the output goes: Logger and Metrics write JSON lines with `process.stdout.write` (errors
 * and warnings via console/stderr). Lambda sends them to CloudWatch Logs (EMF lines become
 * metrics); the local engine runs `handler(event, context)` in-process and collects each attempt's
 * lines by swapping process.stdout/stderr.write and console for the duration of the call (see
 * lib/local/capture.ts), so the run report shows them per attempt.
 *
 * ```ts
 * export const handler = instrument('extract_orders', async (event) => ({ count: 3 }));
 * ```
 */
export function instrument<I = unknown, O = unknown>(taskId: string, fn: TaskHandler<I, O>, options: InstrumentOptions = {}): TaskHandler<I, O> {
  // Claim check inside idempotency: a retried attempt gets the stored reference, never a large value from DynamoDB.
  const claimChecked: TaskHandler<I, O> = async (event, context) => await storeIfLarge(await fn(event, context), event.context ?? { taskId }) as O;
  const work = withIdempotency(taskId, claimChecked, options.idempotency, options.idempotencyStore);
  return async (event: TaskEvent<I>, context: Context): Promise<O> => {
    const o = observe(taskId, event, context, tools(options));
    let result: O;
    try {
      // Claim check: references to large results are resolved before the handler, a large result stored after.
      const results = await resolveResults(event.results);
      result = await work(results === event.results ? event : { ...event, results: results! }, context);
    } catch (e) {
      o.failed(e);
      throw e;
    }
    o.succeeded();
    return result;
  };
}

/** A middy-style request (middy is not a dependency; any runner with this shape works). */
export interface MiddlewareRequest {
  readonly event: TaskEvent<unknown>;
  readonly context: Context;
  readonly error?: unknown;
}

/** Middleware with the hooks middy calls, for handlers composed with middy. */
export interface TaskMiddleware {
  before(request: MiddlewareRequest): void;
  after(request: MiddlewareRequest): void;
  onError(request: MiddlewareRequest): void;
}

/**
 * The same observability as {@link instrument}, as middleware: `middy(fn).use(instrumentMiddleware('load'))`.
 * Idempotency is not applied (use the wrapper, or Powertools' makeHandlerIdempotent middleware).
 */
export function instrumentMiddleware(taskId: string, options: Omit<InstrumentOptions, 'idempotency' | 'idempotencyStore'> = {}): TaskMiddleware {
  const open = new WeakMap<object, Observation>();
  const end = (request: MiddlewareRequest, how: (o: Observation) => void) => {
    const o = open.get(request);
    open.delete(request);
    if (o) how(o);
  };
  return {
    before: (request) => { open.set(request, observe(taskId, request.event, request.context, tools(options))); },
    after: (request) => end(request, (o) => o.succeeded()),
    onError: (request) => end(request, (o) => o.failed(request.error)),
  };
}
