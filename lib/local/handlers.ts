import * as path from 'path';

/** A loaded task handler: called with the event the state machine sends. */
export type LoadedHandler = (event: unknown) => Promise<unknown>;

const cache = new Map<string, LoadedHandler>();
let requests = 0;

/**
 * Loads a TypeScript/JavaScript Lambda handler in-process (its exported `handler`) and returns a
 * function that calls it with a plausible Lambda context. TypeScript loads through the runtime
 * the CLI runs in (tsx) or the test transform (jest).
 */
export function loadHandler(file: string): LoadedHandler {
  const abs = path.resolve(file);
  const hit = cache.get(abs);
  if (hit) return hit;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(abs) as { handler?: unknown; default?: { handler?: unknown } };
  const fn = (mod.handler ?? mod.default?.handler) as ((e: unknown, c: unknown) => unknown) | undefined;
  if (typeof fn !== 'function') throw new Error(`${file}: expected an exported function "handler"`);
  const name = path.basename(abs).replace(/\.[^.]+$/, '');
  const loaded: LoadedHandler = async (event) => fn(event, lambdaContext(name));
  cache.set(abs, loaded);
  return loaded;
}

/** A Lambda context object as the runtime passes it (fixed values, a fresh request id each call). */
export function lambdaContext(functionName: string) {
  const requestId = `local-${(++requests).toString(16).padStart(8, '0')}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 900_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
