import type { LambdaInvoker } from '../../../lib/local/engine';

/** One recorded Lambda call. */
export interface Call {
  readonly functionName: string;
  readonly payload: unknown;
  readonly stateName: string;
  readonly attempt: number;
  readonly itemIndex?: number;
}

/**
 * A Lambda stub: `behaviour` returns the payload (or throws) per call; every call lasts
 * `durationSeconds` of simulated time. Calls are recorded in order.
 */
export function stubLambda(
  behaviour: (req: Parameters<LambdaInvoker>[0]) => unknown = (req) => req.payload,
  durationSeconds = 1,
): { invokeLambda: LambdaInvoker; calls: Call[] } {
  const calls: Call[] = [];
  const invokeLambda: LambdaInvoker = async (req) => {
    calls.push({ functionName: req.functionName, payload: req.payload, stateName: req.stateName, attempt: req.attempt, itemIndex: req.itemIndex });
    return { payload: behaviour(req), durationSeconds };
  };
  return { invokeLambda, calls };
}

/** An error as a Lambda handler throws it, with the simulated time the failed attempt took. */
export function lambdaError(name: string, message: string, durationSeconds = 1): Error {
  return Object.assign(new Error(message), { name, durationSeconds });
}

export const FN = 'arn:aws:lambda:us-east-1:123456789012:function:work';
