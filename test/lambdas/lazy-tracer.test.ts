import type { Context } from 'aws-lambda';
import type * as Instrument from '../../lambdas/instrument';

/**
 * The Powertools Tracer (and with it aws-xray-sdk-core, whose cls-hooked context enables an async
 * hook for the whole process) is loaded only where it could trace: in a Lambda execution
 * environment (AWS_EXECUTION_ENV set; Powertools disables tracing without it).
 */
describe('the shared tracer is loaded on first use', () => {
  const saved = process.env.AWS_EXECUTION_ENV;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_EXECUTION_ENV; else process.env.AWS_EXECUTION_ENV = saved;
    jest.resetModules();
  });

  /** instrument from a fresh module registry, with a stand-in Tracer module that records its use. */
  function load() {
    const record = { loaded: 0, annotations: {} as Record<string, unknown> };
    jest.doMock('@aws-lambda-powertools/tracer', () => {
      record.loaded++;
      return {
        Tracer: class {
          putAnnotation(k: string, v: unknown) { record.annotations[k] = v; }
          putMetadata() { return undefined; }
          isTracingEnabled() { return false; }
        },
      };
    });
    let mod!: typeof Instrument;
    jest.isolateModules(() => { mod = jest.requireActual<typeof Instrument>('../../lambdas/instrument'); });
    return { mod, record };
  }
  const event = { input: 1, results: {}, context: { workflow: 'w', executionId: 'arn:aws:states:eu-west-1:1:execution:w:e', taskId: 't', attempt: 0 } };
  const context = { awsRequestId: 'r', functionName: 'f', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:f', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

  test('GIVEN no Lambda execution environment WHEN an instrumented handler runs THEN the Tracer module is never loaded', async () => {
    // GIVEN
    delete process.env.AWS_EXECUTION_ENV;
    const { mod, record } = load();
    // WHEN
    const out = await mod.instrument('t', async (e) => (e.input as number) + 1)(event, context);
    // THEN
    expect(out).toBe(2);
    expect(record).toStrictEqual({ loaded: 0, annotations: {} });
  });

  test('GIVEN a Lambda execution environment WHEN an instrumented handler runs THEN the shared Tracer is built once and annotates', async () => {
    // GIVEN
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
    const { mod, record } = load();
    // WHEN
    const handler = mod.instrument('t', async (e) => (e.input as number) + 1);
    await handler(event, context);
    await handler(event, context);
    // THEN
    expect(record).toStrictEqual({ loaded: 1, annotations: { workflow: 'w', task: 't', executionId: 'arn:aws:states:eu-west-1:1:execution:w:e' } });
  });

  test('GIVEN a handler that uses the exported tracer WHEN it reads a method THEN it is the real Tracer\'s, bound to it', () => {
    // GIVEN
    delete process.env.AWS_EXECUTION_ENV;
    const { mod, record } = load();
    // WHEN
    const enabled = mod.tracer.isTracingEnabled;
    // THEN
    expect(enabled()).toBe(false);
    expect(record.loaded).toBe(1);
  });
});
