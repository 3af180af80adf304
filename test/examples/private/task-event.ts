import type { Context } from 'aws-lambda';
import type { TaskEvent } from '../../../lambdas/types';

// Quiet Powertools before any handler builds its logger, metrics and tracer.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';
delete process.env.DAGSTEP_IDEMPOTENCY_TABLE;

/** The execution id every example event carries. */
export const EXECUTION_ID = 'arn:aws:states:eu-west-1:123456789012:execution:etl:run-2026-11-24';

/** A fake Lambda context, as the Lambda runtime would pass it. */
export const LAMBDA_CONTEXT = {
  callbackWaitsForEmptyEventLoop: true,
  awsRequestId: 'r1',
  functionName: 'f',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f',
  memoryLimitInMB: '256',
  logGroupName: '/aws/lambda/f',
  logStreamName: '2026/11/24/[$LATEST]0',
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

/** The event the state machine sends a task: its id, the execution input and its dependencies' results. */
export function taskEvent<I>(
  workflow: string,
  taskId: string,
  input: I,
  extra: { readonly results?: Record<string, unknown>; readonly item?: unknown; readonly attempt?: number; readonly failure?: TaskEvent['failure'] } = {},
): TaskEvent<I> {
  return {
    input,
    results: extra.results ?? {},
    context: { workflow, executionId: EXECUTION_ID, taskId, attempt: extra.attempt ?? 0 },
    ...(extra.item !== undefined ? { item: extra.item } : {}),
    ...(extra.failure ? { failure: extra.failure } : {}),
  };
}
