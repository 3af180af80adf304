import { seededRandom } from './clock';
import { StatesError } from './errors';
import type { LambdaInvoker } from './integrations';

/** Kinds of injected failure and the error each raises (matched by name, as Lambda reports it). */
export const FAULT_ERRORS = {
  transient: 'TransientError',
  validation: 'ValidationError',
  resource: 'ResourceExhaustedError',
  upstream: 'UpstreamDependencyError',
  permanent: 'Error',
  timeout: 'States.Timeout',
} as const;

export type FaultKind = keyof typeof FAULT_ERRORS;

/** `--fail <taskId>=<kind>[:<times>]`: fail the task, only its first `times` attempts if given. */
export interface FaultSpec {
  readonly taskId: string;
  readonly kind: FaultKind;
  readonly times?: number;
}

/** Parses `extract=transient:2`. */
export function parseFault(text: string): FaultSpec {
  const m = /^([A-Za-z][A-Za-z0-9_-]{0,63})=([a-z]+)(?::(\d+))?$/.exec(text);
  const kinds = Object.keys(FAULT_ERRORS).join('|');
  if (!m) throw new FaultSyntaxError(`--fail ${text}: expected <taskId>=<${kinds}>[:<times>]`);
  if (!(m[2] in FAULT_ERRORS)) throw new FaultSyntaxError(`--fail ${text}: unknown kind "${m[2]}", expected one of ${kinds}`);
  return { taskId: m[1], kind: m[2] as FaultKind, times: m[3] !== undefined ? Number(m[3]) : undefined };
}

/** A malformed --fail option (a usage mistake, shown without a stack). */
export class FaultSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSyntaxError';
  }
}

/** The task an invocation is for: the payload's context.taskId (map items too), else the state name. */
export function taskOf(req: { payload: unknown; stateName: string }): string {
  const id = (req.payload as { context?: { taskId?: unknown } } | undefined)?.context?.taskId;
  return typeof id === 'string' ? id : req.stateName;
}

/** Raises the injected failure of `kind` for an attempt that takes `durationSeconds`. */
export function raise(kind: FaultKind, durationSeconds: number, timeoutSeconds?: number): never {
  if (kind === 'timeout') throw Object.assign(new StatesError('States.Timeout', 'injected timeout'), { durationSeconds: (timeoutSeconds ?? 60) + 1 });
  const e = Object.assign(new Error(`injected ${kind} failure`), { name: FAULT_ERRORS[kind], durationSeconds });
  throw e;
}

/** Wraps an invoker so the named tasks fail as specified. */
export function injectFaults(invoke: LambdaInvoker, faults: readonly FaultSpec[], durationOf: (taskId: string) => number = () => 1): LambdaInvoker {
  return async (req) => {
    const taskId = taskOf(req);
    const f = faults.find((x) => x.taskId === taskId && (x.times === undefined || req.attempt < x.times));
    if (f) raise(f.kind, durationOf(taskId), req.timeoutSeconds);
    return invoke(req);
  };
}

/** Random faults for soak runs: per attempt a transient failure, per task (once) a permanent one. */
export function randomFaults(invoke: LambdaInvoker,
  o: { transientRate: number; permanentRate: number; seed: number; durationOf?: (taskId: string) => number }): LambdaInvoker {
  const random = seededRandom(o.seed ^ 0x5bd1e995);
  const permanent = new Map<string, boolean>();
  return async (req) => {
    const taskId = taskOf(req);
    const key = `${taskId}#${(req as { itemIndex?: number }).itemIndex ?? ''}`;
    if (!permanent.has(key)) permanent.set(key, random() < o.permanentRate);
    const d = o.durationOf?.(taskId) ?? 1;
    if (permanent.get(key)) raise('permanent', d);
    if (random() < o.transientRate) raise('transient', d);
    return invoke(req);
  };
}
