import type { ExecutionResult, LambdaInvoker, TaskCall } from '../../../local/engine';
import type { CompiledDefinition } from '../../../constructs/render-asl';
import type { LambdaArchitecture, WorkflowModel } from '../../../model/types';
import { architectureOf } from '../../../constructs/private/lambda-settings';
import { DEFAULT_MEMORY_MB, distributedMaps, DistributedMapState } from './definition-facts';

/** Requests and GB-seconds of the functions of one memory size and architecture. */
export interface LambdaUsage {
  readonly memoryMb: number;
  readonly architecture: LambdaArchitecture;
  readonly requests: number;
  /** Σ billed duration (rounded up to 1 ms) × memory in GB. */
  readonly gbSeconds: number;
}

/** The child executions of one Distributed Map state. */
export interface DistributedMapUsage {
  readonly state: string;
  readonly executionType: 'STANDARD' | 'EXPRESS';
  readonly childExecutions: number;
  /** States entered in the children, plus their retries. */
  readonly childTransitions: number;
  /** Σ child durations rounded up to 100 ms, in seconds (Express bills duration so). */
  readonly childBilledSeconds: number;
}

/** What a number of executions used, summed over them: the input of {@link estimateCost}. */
export interface WorkflowUsage {
  readonly executions: number;
  /** States entered in Standard executions (the root, partitioned children, Standard map children) and their retries. */
  readonly standardTransitions: number;
  /** The part of `standardTransitions` that are retries of Task states. */
  readonly retries: number;
  /** By `<memory>MB/<architecture>`. */
  readonly lambda: Readonly<Record<string, LambdaUsage>>;
  /** By Map state name. */
  readonly distributedMaps: Readonly<Record<string, DistributedMapUsage>>;
  /** Write request units by purpose (coordination, concurrency slots, idempotency). */
  readonly dynamodbWrites: Readonly<Record<string, number>>;
  /** Read request units by purpose. */
  readonly dynamodbReads: Readonly<Record<string, number>>;
  /** SQS requests by purpose (letters, concurrency queue). */
  readonly sqsRequests: Readonly<Record<string, number>>;
  /** The longest execution, in seconds (Express runs at most 5 minutes). */
  readonly maxMakespanSeconds: number;
  /** Σ makespans, each rounded up to 100 ms (what the executions would bill as Express), in seconds. */
  readonly billedMakespanSeconds: number;
}

/**
 * Powertools idempotency writes twice per invocation of an idempotent task: a conditional PutItem
 * of the INPROGRESS record before the handler, then an UpdateItem (COMPLETED, with the result) or
 * a DeleteItem (the handler failed) after it; a retry answered from the record fails the
 * conditional put, which still consumes its write unit ("Idempotency", Powertools for AWS Lambda
 * (TypeScript), https://docs.powertools.aws.dev/lambda/typescript/latest/features/idempotency/).
 */
export const IDEMPOTENCY_WRITES_PER_INVOCATION = 2;

/**
 * Counts what simulated executions would be billed for: give {@link wrapInvoker} and
 * {@link mockTask} to each local run (mockTask only observes: it answers nothing) and
 * {@link addExecution} its result. Lambda durations are the simulated ones (the task's
 * `durationSeconds`, or what a fault or handler says).
 */
export class UsageRecorder {
  private executions = 0;
  private standardTransitions = 0;
  private retries = 0;
  private maxMakespan = 0;
  private totalMakespan = 0;
  private readonly lambda = new Map<string, { memoryMb: number; architecture: LambdaArchitecture; requests: number; gbSeconds: number }>();
  private readonly maps = new Map<string, { state: string; executionType: 'STANDARD' | 'EXPRESS'; childExecutions: number; childTransitions: number; childBilledSeconds: number }>();
  private readonly writes = new Map<string, number>();
  private readonly reads = new Map<string, number>();
  private readonly sqs = new Map<string, number>();
  private readonly functionTask: ReadonlyMap<string, WorkflowModel['tasks'][number] | undefined>;
  private readonly processorStates: ReadonlyMap<string, DistributedMapState>;
  private readonly mapStates: readonly DistributedMapState[];
  /** Retries of Task states inside Express children, in the current execution (billed by duration instead). */
  private pendingCalls: TaskCall[] = [];

  constructor(model: WorkflowModel, compiled: Pick<CompiledDefinition, 'definition' | 'children' | 'functions'>) {
    const byId = new Map(model.tasks.map((t) => [t.id, t]));
    this.functionTask = new Map(Object.entries(compiled.functions).map(([fn, f]) => [fn, byId.get(f.taskIds[0])]));
    this.mapStates = distributedMaps(compiled);
    this.processorStates = new Map(this.mapStates.flatMap((m) => m.processorStates.map((s) => [s, m] as const)));
    for (const m of this.mapStates) this.maps.set(m.state, { state: m.state, executionType: m.executionType, childExecutions: 0, childTransitions: 0,
      childBilledSeconds: 0 });
  }

  /** Counts each Lambda request and its GB-seconds (failed attempts are billed too). */
  readonly wrapInvoker = (invoke: LambdaInvoker): LambdaInvoker => async (req) => {
    const task = this.functionTask.get(req.functionName);
    try {
      const r = await invoke(req);
      this.lambdaRequest(task, r.durationSeconds ?? task?.durationSeconds ?? 1);
      return r;
    } catch (e) {
      this.lambdaRequest(task, (e as { durationSeconds?: number } | undefined)?.durationSeconds ?? task?.durationSeconds ?? 1);
      throw e;
    }
  };

  /** Observes every Task call (never answers one): DynamoDB and SQS requests, retries. */
  readonly mockTask = async (call: TaskCall): Promise<undefined> => {
    this.pendingCalls.push(call);
    const what = serviceCall(call.resource);
    if (what?.service === 'dynamodb') {
      const purpose = purposeOf(call.stateName, 'coordination');
      const into = /^(getItem|query|scan|batchGetItem)$/.test(what.action) ? this.reads : this.writes;
      add(into, purpose, 1);
    } else if (what?.service === 'sqs') {
      add(this.sqs, purposeOf(call.stateName, 'letters'), Math.max(1, Math.ceil(byteLength((call.params as { MessageBody?: unknown } | undefined)?.MessageBody) / 65_536)));
    }
    return undefined;
  };

  /** Ends one execution: its transitions and its Distributed Map children. */
  addExecution(result: ExecutionResult): void {
    this.executions++;
    this.maxMakespan = Math.max(this.maxMakespan, result.makespanSeconds);
    this.totalMakespan += upTo100ms(result.makespanSeconds);
    const own = ownTransitions(result);
    const calls = this.pendingCalls;
    this.pendingCalls = [];
    // Children per map: the distinct Map items (batches) whose processor states ran.
    const children = new Map<string, Map<number, { start: number; end: number }>>();
    for (const a of result.attempts) {
      const m = this.processorStates.get(a.stateName);
      if (!m || a.itemIndex === undefined) continue;
      const runs = children.get(m.state) ?? new Map<number, { start: number; end: number }>();
      children.set(m.state, runs);
      const span = runs.get(a.itemIndex);
      runs.set(a.itemIndex, span ? { start: Math.min(span.start, a.start), end: Math.max(span.end, a.end) } : { start: a.start, end: a.end });
    }
    const childRetries = new Map<string, number>();
    let retries = 0;
    for (const c of calls) {
      if (c.attempt === 0) continue;
      const m = this.processorStates.get(c.stateName);
      if (m) childRetries.set(m.state, (childRetries.get(m.state) ?? 0) + 1);
      else retries++;
    }
    // States entered in Distributed Map children: all the engine counted less the executions' own,
    // shared among the maps by their children (the engine does not say which child entered which).
    const inChildren = result.transitions - own;
    const totalChildren = [...children.values()].reduce((n, runs) => n + runs.size, 0);
    let shared = 0;
    for (const [state, runs] of children) {
      const m = this.maps.get(state)!;
      const transitions = state === [...children.keys()].pop() ? inChildren - shared : Math.round((inChildren * runs.size) / totalChildren);
      shared += transitions;
      const billed = [...runs.values()].reduce((s, r) => s + upTo100ms(r.end - r.start), 0);
      m.childExecutions += runs.size;
      m.childTransitions += transitions + (childRetries.get(state) ?? 0);
      m.childBilledSeconds += billed;
      if (m.executionType === 'STANDARD') this.standardTransitions += transitions + (childRetries.get(state) ?? 0);
    }
    this.standardTransitions += own + retries;
    this.retries += retries;
  }

  /** The totals so far. */
  usage(): WorkflowUsage {
    const round = (x: number) => Number(x.toFixed(6));
    return {
      executions: this.executions,
      standardTransitions: this.standardTransitions,
      retries: this.retries,
      lambda: Object.fromEntries([...this.lambda].map(([k, v]) => [k, { ...v, gbSeconds: round(v.gbSeconds) }])),
      distributedMaps: Object.fromEntries([...this.maps].map(([k, v]) => [k, { ...v, childBilledSeconds: round(v.childBilledSeconds) }])),
      dynamodbWrites: Object.fromEntries(this.writes),
      dynamodbReads: Object.fromEntries(this.reads),
      sqsRequests: Object.fromEntries(this.sqs),
      maxMakespanSeconds: round(this.maxMakespan),
      billedMakespanSeconds: round(this.totalMakespan),
    };
  }

  private lambdaRequest(task: WorkflowModel['tasks'][number] | undefined, seconds: number): void {
    const memoryMb = task?.memorySize ?? DEFAULT_MEMORY_MB;
    const architecture: LambdaArchitecture = task ? architectureOf(task) : 'arm64';
    const key = `${memoryMb}MB/${architecture}`;
    const l = this.lambda.get(key) ?? { memoryMb, architecture, requests: 0, gbSeconds: 0 };
    this.lambda.set(key, l);
    l.requests++;
    // Lambda bills duration rounded up to the nearest millisecond ("AWS Lambda Pricing").
    l.gbSeconds += (Math.ceil(Math.round(seconds * 1e6) / 1000) / 1000) * (memoryMb / 1024);
    if (task?.idempotent) add(this.writes, 'idempotency', IDEMPOTENCY_WRITES_PER_INVOCATION);
  }
}

/** States entered in the execution and in the executions it started (partitioned children), without Distributed Map children. */
function ownTransitions(r: ExecutionResult, seen = new Set<ExecutionResult>()): number {
  if (seen.has(r)) return 0;
  seen.add(r);
  let n = r.history.filter((e) => e.type.endsWith('StateEntered')).length;
  for (const c of r.children ?? []) n += ownTransitions(c, seen);
  return n;
}

/** `arn:…:states:::aws-sdk:dynamodb:updateItem.waitForTaskToken` → dynamodb / updateItem; `…:::sqs:sendMessage` → sqs / sendMessage. */
function serviceCall(resource: string): { service: string; action: string } | undefined {
  const m = /:states:::(?:aws-sdk:)?([a-z0-9]+):([A-Za-z]+)/.exec(resource);
  return m ? { service: m[1], action: m[2] } : undefined;
}

/** The concurrency gate's states are named `dagstep.concurrency.*` (lib/compile/concurrency.ts). */
function purposeOf(stateName: string, otherwise: string): string {
  return stateName.startsWith('dagstep.concurrency.') ? 'concurrency slots' : otherwise;
}

/** Seconds rounded up to 100 ms, as Express bills duration (rounded to whole ms first: no float noise). */
function upTo100ms(seconds: number): number {
  return Math.ceil(Math.round(seconds * 1000) / 100) / 10;
}

function byteLength(body: unknown): number {
  if (body === undefined) return 0;
  return Buffer.byteLength(typeof body === 'string' ? body : JSON.stringify(body));
}

function add(into: Map<string, number>, key: string, n: number): void {
  into.set(key, (into.get(key) ?? 0) + n);
}
