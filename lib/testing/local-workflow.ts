import type { WorkflowModel } from '../model/types';
import { compileDefinition, CompiledDefinition } from '../constructs/render-asl';
import { runExecution, ExecutionResult, LambdaInvoker, RunOptions } from '../local/engine';
import { InMemoryS3 } from '../local/s3-memory';
import { resultThresholdOf } from '../constructs/functions';
import { DEFAULT_RESULT_THRESHOLD_BYTES } from '../model/contract';
import { loadSpecFile } from '../model/spec-loader';
import { checkMocks, defaultMocksFile, loadMocks, mockTaskFor, TaskMocks } from './task-mocks';
import {
  installedResultStore, installResultStore, ResultStoreConfig,
} from '../../lambdas/private/result-store';

/** The bucket name local runs store large results under (in memory). */
export const LOCAL_RESULT_BUCKET = 'dagstep-local-results';
import { HandlerSandbox } from '../local/capture';
import { groupBy } from '../graph/group-by';
import { loadHandler } from '../local/handlers';
import { FaultSpec, injectFaults } from '../local/faults';
import { MemoryIdempotencyStore, registerLocalIdempotency } from '../../lambdas/private/idempotency';
import { localGuardLetter } from './local-guard';

/** Per task outcome in a run summary. */
export type TaskOutcome = 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'NOT_RUN';

/** What `dagstep run --json` prints. */
export interface RunSummary {
  readonly status: ExecutionResult['status'];
  readonly executionId: string;
  readonly output: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly tasks: Record<string, { status: TaskOutcome; attempts: number }>;
  readonly deadLetters: readonly Record<string, unknown>[];
  readonly transitions: number;
  readonly makespanSeconds: number;
}

/** Options of a local run. */
export interface LocalRunOptions {
  readonly input?: unknown;
  readonly faults?: readonly FaultSpec[];
  /** A random fault source instead of / on top of explicit faults (simulate). */
  readonly wrapInvoker?: (invoker: LambdaInvoker) => LambdaInvoker;
  readonly seed?: number;
  readonly realTime?: boolean;
  readonly executionName?: string;
  readonly keepHistory?: boolean;
  /** Abort the execution at this virtual second (status ABORTED), as StopExecution would. */
  readonly abortAfterSeconds?: number;
  /** Answers (or fails) Task states before the built-in integrations, e.g. a failing SQS send. */
  readonly mockTask?: RunOptions['mockTask'];
  /** Mocks of the non-Lambda tasks. @default - `<baseDir>/<workflow>.mocks.json` if it exists, else none */
  readonly mocks?: TaskMocks;
}

/**
 * Runs a workflow in-process: compiles it to the exact definition the stack deploys, then
 * interprets that definition with the workflow's real handlers, on a virtual clock where each task
 * takes its `durationSeconds`.
 */
export class LocalWorkflow {
  readonly compiled: CompiledDefinition;
  private readonly durations = new Map<string, number>();
  private readonly sandbox = new HandlerSandbox();
  /**
   * The idempotency records of idempotent tasks, kept across attempts, items and executions of
   * this workflow: retried and duplicate work shows locally as it would deployed.
   */
  readonly idempotencyStore = new MemoryIdempotencyStore();
  private readonly idempotentTasks: ReadonlySet<string>;
  /**
   * The in-memory S3 of local runs: the claim-check bucket, and the objects Distributed Maps read
   * (ItemReader) and write (ResultWriter). Put a map's input objects here before a run.
   */
  readonly results = new InMemoryS3();
  /** The workflow's own mocks file, read once. */
  private fileMocks?: TaskMocks;

  constructor(readonly model: WorkflowModel, compiled?: CompiledDefinition) {
    this.compiled = compiled ?? compileDefinition(model);
    for (const t of model.tasks) this.durations.set(t.id, t.durationSeconds);
    this.idempotentTasks = new Set(model.tasks.filter((t) => t.idempotent).map((t) => t.id));
  }

  /** Expected duration of a task (its durationSeconds). */
  readonly durationOf = (taskId: string): number => this.durations.get(taskId) ?? 1;

  /** The invoker that runs the real handler of the function a Task names. */
  invoker(): LambdaInvoker {
    return async (req) => {
      const fn = this.compiled.functions[req.functionName];
      if (!fn) throw new Error(`internal: state "${req.stateName}" invokes unknown function ${req.functionName}`);
      const handler = loadHandler(fn.handler);
      const taskId = taskIdOf(req.payload) ?? req.stateName;
      const durationSeconds = this.durations.get(taskId) ?? 1;
      const r = await this.sandbox.run(() => handler(req.payload));
      if (r.error === undefined) return { payload: r.value, durationSeconds, logs: r.logs };
      const e = r.error;
      if (e && typeof e === 'object') Object.assign(e, { durationSeconds: (e as { durationSeconds?: number }).durationSeconds ?? durationSeconds, logs: r.logs });
      throw e;
    };
  }

  /**
   * Runs one execution and summarises it. The summary's dead letters include the one the deployed
   * guard would send for an execution ASL could not letter (timeout, abort, undeliverable).
   */
  async run(options: LocalRunOptions = {}): Promise<{ summary: RunSummary; result: ExecutionResult }> {
    let invoke = this.invoker();
    if (options.faults && options.faults.length > 0) invoke = injectFaults(invoke, options.faults, this.durationOf);
    if (options.wrapInvoker) invoke = options.wrapInvoker(invoke);
    const previousStore = installedResultStore();
    installResultStore(this.localResultStore());
    try {
      return await this.execute(invoke, options);
    } finally {
      installResultStore(previousStore);
    }
  }

  private async execute(invoke: LambdaInvoker, options: LocalRunOptions): Promise<{ summary: RunSummary; result: ExecutionResult }> {
    const kindMocks = this.mockTask(options);
    const given = options.mockTask;
    const mockTask: RunOptions['mockTask'] = given && kindMocks ? async (call) => (await given(call)) ?? kindMocks(call) : given ?? kindMocks;
    const unregister = registerLocalIdempotency(this.model.name, { store: this.idempotencyStore, tasks: this.idempotentTasks });
    const result = await runExecution(this.compiled.definition, options.input ?? {}, {
      invokeLambda: invoke,
      mockTask,
      seed: options.seed,
      realTime: options.realTime,
      executionName: options.executionName,
      workflowName: this.model.name,
      childMachines: this.compiled.children,
      keepHistory: options.keepHistory,
      abortAfterSeconds: options.abortAfterSeconds,
      s3: this.results,
    }).finally(unregister);
    const guarded = await localGuardLetter(result, this.model.name);
    return { summary: this.summarise(result, guarded), result };
  }

  /** Helpers store large results in {@link results}, with each task's threshold. */
  private localResultStore(): ResultStoreConfig {
    const byId = new Map(this.model.tasks.map((t) => [t.id, t]));
    return { bucket: LOCAL_RESULT_BUCKET, backend: this.results, thresholdBytes: (id) => (byId.has(id) ? resultThresholdOf(byId.get(id)!, this.model) : DEFAULT_RESULT_THRESHOLD_BYTES) };
  }

  /** The engine's mockTask for the non-Lambda tasks (checked first: each must have a mock). */
  private mockTask(options: LocalRunOptions): RunOptions['mockTask'] {
    const file = defaultMocksFile(this.model);
    if (!options.mocks) this.fileMocks ??= file ? loadMocks(file) : {};
    const mocks = options.mocks ?? this.fileMocks!;
    checkMocks(this.model, mocks, file ?? this.model.source);
    return mockTaskFor({
      model: this.model, mocks, results: this.results,
      wrap: (inv) => {
        let wrapped = options.faults && options.faults.length > 0 ? injectFaults(inv, options.faults, this.durationOf) : inv;
        if (options.wrapInvoker) wrapped = options.wrapInvoker(wrapped);
        return wrapped;
      },
      runChild: async (spec, input) => {
        const { result } = await new LocalWorkflow(loadSpecFile(spec)).run({ input, seed: options.seed, keepHistory: false });
        return { status: result.status, output: result.output, error: result.error, cause: result.cause, executionId: result.executionId };
      },
    });
  }

  private summarise(r: ExecutionResult, guarded?: Record<string, unknown> | object): RunSummary {
    const fallbacks = new Set(this.model.tasks.flatMap((t) => (t.fallback ? [t.fallback] : [])));
    const tasks: RunSummary['tasks'] = {};
    const byTask = groupBy(r.attempts, taskOfAttempt);
    for (const t of this.model.tasks) {
      const attempts = byTask.get(t.id) ?? [];
      const last = attempts[attempts.length - 1];
      const status: TaskOutcome = !last ? (fallbacks.has(t.id) && r.status === 'SUCCEEDED' ? 'SKIPPED' : 'NOT_RUN')
        : attempts.some((a) => a.status === 'SUCCEEDED') && (t.map ? attempts.every((a) => a.status !== 'FAILED' || attempts.some((b) => b.itemIndex === a.itemIndex && b.status === 'SUCCEEDED')) : last.status === 'SUCCEEDED')
          ? 'SUCCEEDED' : 'FAILED';
      const counted = t.map ? attempts.filter((a) => a.itemIndex === 0 || a.itemIndex === undefined) : attempts;
      tasks[t.id] = { status, attempts: counted.length };
    }
    return {
      status: r.status,
      executionId: r.executionId,
      output: r.output,
      error: r.error,
      cause: r.cause,
      tasks,
      // As SQS carries them: JSON text.
      deadLetters: [...r.deadLetters.map((d) => d.body), ...(guarded ? [guarded] : [])].map((b) => JSON.parse(JSON.stringify(b)) as Record<string, unknown>),
      transitions: r.transitions,
      makespanSeconds: r.makespanSeconds,
    };
  }
}

function taskIdOf(payload: unknown): string | undefined {
  const ctx = (payload as { context?: { taskId?: unknown } } | undefined)?.context;
  return typeof ctx?.taskId === 'string' ? ctx.taskId : undefined;
}

/** The task an attempt belongs to: its state name, or the map task of a `<id>.item` state. */
export function taskOfAttempt(a: { stateName: string }): string {
  return a.stateName.replace(/\.(item|run)$/, '');
}
