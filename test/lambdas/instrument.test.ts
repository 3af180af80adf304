import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { TransientError } from '../../lambdas/errors';
import { instrument, instrumentMiddleware, tracer, TracerLike } from '../../lambdas/instrument';
import type { TaskEvent } from '../../lambdas/types';
import { capture, stable, stableEmf } from './capture';

const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:etl:run-42';
const event = (attempt = 0): TaskEvent<{ n: number }> => ({
  input: { n: 1 }, results: {}, context: { workflow: 'etl', executionId: EXEC, taskId: 'transform', attempt },
});
const context = {
  awsRequestId: 'req-1', functionName: 'etl-transform', functionVersion: '$LATEST', memoryLimitInMB: '256',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:etl-transform', getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

/** The fields Powertools adds from the Lambda context, then our correlation keys. */
const base = (attempt: number) => ({
  service: 'etl', cold_start: false, function_arn: context.invokedFunctionArn, function_memory_size: '256', function_name: 'etl-transform',
  function_request_id: 'req-1', sampling_rate: 0, workflow: 'etl', executionId: EXEC, taskId: 'transform', attempt,
});
const emfOf = (dims: string[], names: [string, string][]) => ({
  CloudWatchMetrics: [{ Namespace: 'dagstep', Dimensions: [dims], Metrics: names.map(([Name, Unit]) => ({ Name, Unit })) }],
});

function tools() {
  const annotations: Record<string, unknown> = {};
  const fake: TracerLike = { putAnnotation: (k, v) => { annotations[k] = v; }, putMetadata: () => undefined };
  return { logger: new Logger({ serviceName: 'etl' }), metrics: new Metrics({ namespace: 'dagstep', serviceName: 'etl' }), tracer: fake, annotations };
}

describe('instrument', () => {
  test('one execution id flows through the logs, the metrics and the trace annotations', async () => {
    // GIVEN
    const t = tools();
    const handler = instrument('transform', async (e: TaskEvent<{ n: number }>) => ({ doubled: e.input.n * 2 }), t);
    // WHEN
    const { value, logs, emf } = await capture(() => handler(event(), context));
    // THEN the handler's result is untouched
    expect(value).toStrictEqual({ doubled: 2 });
    expect(logs.map(stable)).toStrictEqual([
      { level: 'INFO', message: 'task started', ...base(0) },
      { level: 'INFO', message: 'task succeeded', ...base(0), durationMs: 'number' },
    ]);
    expect(emf.map(stableEmf)).toStrictEqual([{
      _aws: emfOf(['service', 'workflow', 'task'], [['TaskSucceeded', 'Count'], ['TaskDurationMs', 'Milliseconds']]),
      executionId: EXEC, attempt: '0', service: 'etl', workflow: 'etl', task: 'transform', TaskSucceeded: 1, TaskDurationMs: 'number',
    }]);
    expect(t.annotations).toStrictEqual({ workflow: 'etl', task: 'transform', executionId: EXEC });
  });

  test('a failure is logged and counted with its error class, and the same error is rethrown', async () => {
    // GIVEN a handler failing on its third attempt
    const t = tools();
    const thrown = new TransientError('API throttled');
    const handler = instrument('transform', async () => { throw thrown; }, t);
    // WHEN
    const { logs, emf, error } = await capture(() => handler(event(2), context));
    // THEN the error is untouched (same object, same name for Retry/Catch)
    expect(error).toBe(thrown);
    expect((error as Error).name).toBe('TransientError');
    expect(logs.map(stable)).toStrictEqual([
      { level: 'INFO', message: 'task started', ...base(2) },
      { level: 'ERROR', message: 'task failed', ...base(2), errorClass: 'TransientError', durationMs: 'number', error: { name: 'TransientError', message: 'API throttled' } },
    ]);
    expect(emf.map(stableEmf)).toStrictEqual([
      {
        _aws: emfOf(['service', 'workflow', 'task', 'errorClass'], [['TaskFailed', 'Count']]),
        executionId: EXEC, service: 'etl', workflow: 'etl', task: 'transform', errorClass: 'TransientError', TaskFailed: 1,
      },
      {
        _aws: emfOf(['service', 'workflow', 'task'], [['TaskRetried', 'Count'], ['TaskFailed', 'Count'], ['TaskDurationMs', 'Milliseconds']]),
        executionId: EXEC, attempt: '2', service: 'etl', workflow: 'etl', task: 'transform', TaskRetried: 1, TaskFailed: 1, TaskDurationMs: 'number',
      },
    ]);
  });

  test.each([
    ['metrics', (t: ReturnType<typeof tools>) => { t.metrics.publishStoredMetrics = () => { throw new Error('EMF exploded'); }; }, ['dagstep: metrics failed, continuing: EMF exploded']],
    ['logging', (t: ReturnType<typeof tools>) => { t.logger.info = () => { throw new Error('stdout closed'); }; },
      ['dagstep: logging failed, continuing: stdout closed', 'dagstep: logging failed, continuing: stdout closed']],
    ['tracing', (t: ReturnType<typeof tools>) => { t.tracer.putAnnotation = () => { throw new Error('no daemon'); }; }, ['dagstep: tracing failed, continuing: no daemon']],
  ])('a failing %s step only warns; the business result is returned untouched', async (_what, breakIt, expected) => {
    // GIVEN
    const t = tools();
    breakIt(t);
    const handler = instrument('transform', async () => ({ rows: 3 }), t);
    // WHEN
    const { value, warnings, error } = await capture(() => handler(event(), context));
    // THEN
    expect(error).toBeUndefined();
    expect(value).toStrictEqual({ rows: 3 });
    expect(warnings).toStrictEqual(expected);
  });

  test('the cold start is counted once per container, with the function name', async () => {
    // GIVEN a Lambda on-demand container (the variable Lambda sets)
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    const t = { ...tools(), metrics: new Metrics({ namespace: 'dagstep', serviceName: 'etl' }) };
    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    const handler = instrument('transform', async () => 'ok', t);
    // WHEN it is invoked twice
    const first = await capture(() => handler(event(), context));
    const second = await capture(() => handler(event(), context));
    // THEN only the first invocation emits ColdStart
    const coldStarts = (c: { emf: any[] }) => c.emf.filter((l) => l.ColdStart !== undefined).map(stableEmf);
    expect(coldStarts(first)).toStrictEqual([{
      _aws: emfOf(['service', 'function_name'], [['ColdStart', 'Count']]), service: 'etl', function_name: 'etl-transform', ColdStart: 1,
    }]);
    expect(coldStarts(second)).toStrictEqual([]);
  });

  test('in-process with the default tools, tracing is off and the handler still runs (local engine)', async () => {
    // GIVEN no options: the shared Logger, Metrics and Tracer
    const handler = instrument('transform', async (e: TaskEvent<{ n: number }>) => e.input.n + 1);
    // WHEN
    const { value, logs, warnings } = await capture(() => handler(event(), context));
    // THEN
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(value).toBe(2);
    expect(warnings).toStrictEqual([]);
    expect(logs.map((l) => [l.message, l.executionId, l.taskId])).toStrictEqual([['task started', EXEC, 'transform'], ['task succeeded', EXEC, 'transform']]);
  });
});

describe('instrumentMiddleware', () => {
  test('before/after log and count exactly as the wrapper does', async () => {
    // GIVEN
    const t = tools();
    const mw = instrumentMiddleware('transform', t);
    const request = { event: event(), context };
    // WHEN a middy-style runner calls the hooks around the handler
    const { logs, emf } = await capture(async () => { mw.before(request); mw.after(request); });
    // THEN
    expect(logs.map((l) => stable(l).message)).toStrictEqual(['task started', 'task succeeded']);
    expect(emf.map((l) => l._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name))).toStrictEqual([['TaskSucceeded', 'TaskDurationMs']]);
    expect(t.annotations).toStrictEqual({ workflow: 'etl', task: 'transform', executionId: EXEC });
  });

  test('onError logs the failure with its error class', async () => {
    // GIVEN
    const t = tools();
    const mw = instrumentMiddleware('transform', t);
    const request: { event: TaskEvent<{ n: number }>; context: Context; error?: unknown } = { event: event(1), context };
    // WHEN
    const { logs, emf } = await capture(async () => { mw.before(request); request.error = new TransientError('x'); mw.onError(request); });
    // THEN
    expect(logs.map((l) => [l.message, l.errorClass, l.attempt])).toStrictEqual([['task started', undefined, 1], ['task failed', 'TransientError', 1]]);
    expect(emf.map((l) => l.errorClass)).toStrictEqual(['TransientError', undefined]);
  });
});
