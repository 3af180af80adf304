import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { TransientError } from '../../lambdas/errors';
import { instrument, TracerLike } from '../../lambdas/instrument';
import type { TaskEvent } from '../../lambdas/types';

const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:etl:run-42';
const event = (attempt = 0): TaskEvent<{ n: number }> => ({
  input: { n: 1 }, results: {}, context: { workflow: 'etl', executionId: EXEC, taskId: 'transform', attempt },
});
const context = { awsRequestId: 'req-1', functionName: 'etl-transform', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:etl-transform', memoryLimitInMB: '256', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

/** Captures the JSON lines Powertools writes (stdout, and stderr for errors) while `fn` runs. */
async function capture(fn: () => Promise<unknown>): Promise<{ lines: any[]; error?: unknown; warnings: string[] }> {
  const raw: string[] = [];
  const warnings: string[] = [];
  const write = process.stdout.write;
  const writeErr = process.stderr.write;
  const warn = console.warn;
  const grab = ((c: string) => { raw.push(String(c)); return true; }) as typeof process.stdout.write;
  process.stdout.write = grab;
  process.stderr.write = grab;
  console.warn = (m: string) => { warnings.push(String(m)); };
  let error: unknown;
  try { await fn(); } catch (e) { error = e; } finally { process.stdout.write = write; process.stderr.write = writeErr; console.warn = warn; }
  const lines = raw.join('').split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l));
  return { lines, error, warnings };
}

function tools() {
  const annotations: Record<string, unknown> = {};
  const tracer: TracerLike = { putAnnotation: (k, v) => { annotations[k] = v; }, putMetadata: () => undefined };
  const logger = new Logger({ serviceName: 'etl' });
  const metrics = new Metrics({ namespace: 'dagstep', serviceName: 'etl' });
  return { logger, metrics, tracer, annotations };
}

describe('instrument', () => {
  test('one execution id flows through the logs, the metrics and the trace annotations', async () => {
    // GIVEN
    const t = tools();
    const handler = instrument('transform', async (e: TaskEvent<{ n: number }>) => ({ doubled: e.input.n * 2 }), t);
    // WHEN
    let result: unknown;
    const { lines } = await capture(async () => { result = await handler(event(), context); });
    // THEN the handler's result is untouched
    expect(result).toStrictEqual({ doubled: 2 });
    const logs = lines.filter((l) => l.message);
    expect(logs.map((l) => l.message)).toStrictEqual(['task started', 'task succeeded']);
    for (const l of logs) {
      expect(l).toMatchObject({ workflow: 'etl', executionId: EXEC, taskId: 'transform', attempt: 0, function_request_id: 'req-1', service: 'etl' });
    }
    expect(typeof logs[1].durationMs).toBe('number');
    const emf = lines.find((l) => l._aws && l.TaskSucceeded !== undefined);
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe('dagstep');
    expect(emf._aws.CloudWatchMetrics[0].Dimensions).toStrictEqual([['service', 'workflow', 'task']]);
    expect(emf._aws.CloudWatchMetrics[0].Metrics.map((m: any) => m.Name)).toStrictEqual(['TaskSucceeded', 'TaskDurationMs']);
    expect(emf).toMatchObject({ workflow: 'etl', task: 'transform', executionId: EXEC, TaskSucceeded: 1 });
    expect(t.annotations).toStrictEqual({ workflow: 'etl', task: 'transform', executionId: EXEC });
  });

  test('a failure is logged and counted with its error class, and rethrown with the same name', async () => {
    // GIVEN
    const t = tools();
    const handler = instrument('transform', async () => { throw new TransientError('API throttled'); }, t);
    // WHEN
    const { lines, error } = await capture(() => handler(event(2), context));
    // THEN
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).name).toBe('TransientError');
    expect(lines.find((l) => l.message === 'task failed')).toMatchObject({ level: 'ERROR', errorClass: 'TransientError', attempt: 2, executionId: EXEC });
    const byClass = lines.find((l) => l._aws && l.errorClass);
    expect(byClass._aws.CloudWatchMetrics[0].Dimensions).toStrictEqual([['service', 'workflow', 'task', 'errorClass']]);
    expect(byClass).toMatchObject({ TaskFailed: 1, errorClass: 'TransientError', executionId: EXEC });
    const retried = lines.find((l) => l._aws && l.TaskRetried !== undefined);
    expect(retried).toMatchObject({ TaskRetried: 1, TaskFailed: 1 });
  });

  test('a failing metrics flush only warns; the business result is returned untouched', async () => {
    // GIVEN metrics that throw when flushed
    const t = tools();
    t.metrics.publishStoredMetrics = () => { throw new Error('EMF exploded'); };
    const handler = instrument('transform', async () => 'ok', t);
    // WHEN
    let result: unknown;
    const { warnings } = await capture(async () => { result = await handler(event(), context); });
    // THEN
    expect(result).toBe('ok');
    expect(warnings).toStrictEqual(['dagstep: metrics failed, continuing: EMF exploded']);
  });
});
