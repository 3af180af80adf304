import type { WorkflowModel } from '../model/types';
import { compileDefinition, CompiledDefinition } from '../constructs/render-asl';
import { redriveExecution, runExecution, ExecutionResult, LambdaInvoker, RunOptions } from '../local/engine';
import { SpecError } from '../model/errors';
import { InMemoryS3 } from '../local/s3-memory';
import { resultThresholdOf } from '../constructs/functions';
import { DEFAULT_RESULT_THRESHOLD_BYTES } from '../model/contract';
import { loadSpecFile } from '../model/spec-loader';
import { checkMocks, defaultMocksFile, LocalChildWorkflows, loadMocks, mockTaskFor, TaskMocks } from './task-mocks';
import { ChildExecutions, executionNameOf } from '../local/child-executions';
import { EPOCH } from '../local/timestamps';
import {
  installedResultStore, installResultStore, ResultStoreConfig,
} from '../../lambdas/private/result-store';

import { HandlerSandbox } from '../local/capture';
import { groupBy } from '../graph/group-by';
import { loadHandler } from '../local/handlers';
import { injectFaults } from '../local/faults';
import type { LayoutMode } from '../model/types';
import { LocalRunOptions, NormalisedLocalRun, normaliseLocalRun } from './local-run-options';
import { withLocalSecrets, withTaskEnvironment } from './private/run-context';
import { MemoryIdempotencyStore, registerLocalIdempotency } from '../../lambdas/private/idempotency';
import { localGuardLetters } from './local-guard';

export type { LocalRunOptions } from './local-run-options';

/** The bucket name local runs store large results under (in memory). */
export const LOCAL_RESULT_BUCKET = 'dagstep-local-results';

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
  /**
   * Set on the summary of a redrive ({@link LocalWorkflow.redrive}): `$$.Execution.RedriveCount`
   * of this run, and the attempts it made per task — exactly the work the redrive re-ran. The
   * summary's `tasks` count every attempt of the execution, its `deadLetters` only this run's.
   */
  readonly redriven?: { readonly count: number; readonly reran: Readonly<Record<string, number>> };
}

/**
 * Runs a workflow in-process: compiles it to the exact definition the stack deploys, then
 * interprets that definition with the workflow's real handlers, on a virtual clock where each task
 * takes its `durationSeconds`.
 */
export class LocalWorkflow {
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
  /** The child executions of `workflow:` tasks by name, across runs and redrives of this workflow. */
  private readonly children = new ChildExecutions<ExecutionResult>();
  /** The LocalWorkflow each of those children runs in, by execution name. */
  private readonly childRunners = new Map<string, LocalWorkflow>();
  /** The workflow's own mocks file, read once. */
  private fileMocks?: TaskMocks;
  /** Definitions compiled for a `layout` option other than the constructor's. */
  private readonly byLayout = new Map<LayoutMode, CompiledDefinition>();

  private defaultCompiled?: CompiledDefinition;

  /**
   * @param compiled the definition to run when a run gives no `layout`
   *   @default - compiled from the model (with its own layout) on first use
   */
  constructor(readonly model: WorkflowModel, compiled?: CompiledDefinition) {
    this.defaultCompiled = compiled;
    for (const t of model.tasks) this.durations.set(t.id, t.durationSeconds);
    this.idempotentTasks = new Set(model.tasks.filter((t) => t.idempotent).map((t) => t.id));
  }

  /** Expected duration of a task (its durationSeconds). */
  readonly durationOf = (taskId: string): number => this.durations.get(taskId) ?? 1;

  /** The invoker that runs the real handler of the function a Task names. */
  invoker(compiled: CompiledDefinition = this.compiled): LambdaInvoker {
    return async (req) => {
      const fn = compiled.functions[req.functionName];
      if (!fn) throw new Error(`internal: state "${req.stateName}" invokes unknown function ${req.functionName}`);
      const handler = loadHandler(fn.handler);
      const taskId = taskIdOf(req.payload) ?? req.stateName;
      const durationSeconds = this.durations.get(taskId) ?? 1;
      const r = await this.sandbox.run(() => handler(req.payload));
      if (r.error === undefined) return { payload: r.value, durationSeconds, logs: r.logs };
      const e = r.error;
      if (e && typeof e === 'object') Object.assign(e, { durationSeconds: (e as { durationSeconds?: number }).durationSeconds ?? durationSeconds, logs: r.logs });
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a handler's throw, whatever it threw, is what the engine reports (as Lambda does)
      throw e;
    };
  }

  /**
   * Runs one execution and summarises it. Takes the same options, with the same defaults, as
   * `runLocally` and `dagstep run` (see {@link LocalRunOptions}). The summary's dead letters include
   * the one the deployed guard would send for an execution ASL could not letter (timeout, abort,
   * undeliverable).
   */
  async run(options: LocalRunOptions = {}): Promise<{ summary: RunSummary; result: ExecutionResult }> {
    const o = normaliseLocalRun(this.model, options);
    const compiled = this.compiledFor(o.layout);
    const previousStore = installedResultStore();
    installResultStore(this.localResultStore());
    try {
      return await withLocalSecrets(o.secrets, () => this.execute(compiled, this.wrapped(this.invoker(compiled), o), o));
    } finally {
      installResultStore(previousStore);
    }
  }

  /**
   * Redrives a FAILED, TIMED_OUT or ABORTED run of this workflow as `dlq redrive` (Step Functions'
   * RedriveExecution) would: the same execution, input and definition continue at the states that
   * did not succeed; succeeded tasks keep their results and do not run again; in a Parallel only
   * the failed branches, in a Map only the failed items, in a partitioned child or a `workflow:`
   * task's child only the child's failed states run again (the child itself is redriven). The
   * options are this run's: the faults, mocks and secrets of the redrive (the original run's faults
   * do not carry over: the cause was fixed), the same `layout` as the original run. `input` is
   * refused — a redrive keeps the execution's input. Throws the engine's ExecutionNotRedrivable for a
   * SUCCEEDED run or one that ended on the history event quota.
   *
   * @param previous the `result` of {@link run} (with its history) or of an earlier redrive
   */
  async redrive(previous: ExecutionResult, options: LocalRunOptions = {}): Promise<{ summary: RunSummary; result: ExecutionResult }> {
    if (options.input !== undefined) {
      throw new SpecError({ file: this.model.source, field: 'input', message: 'a redrive runs with the execution\'s own input; give no input' });
    }
    if (previous.history.length === 0 && previous.historyEvents > 0) {
      throw new SpecError({ file: this.model.source, field: 'keepHistory', message: 'the run to redrive kept no history (keepHistory: false); run it with its history to redrive it' });
    }
    const o = normaliseLocalRun(this.model, options);
    const compiled = this.compiledFor(o.layout);
    const previousStore = installedResultStore();
    installResultStore(this.localResultStore());
    try {
      return await withLocalSecrets(o.secrets, () => this.execute(compiled, this.wrapped(this.invoker(compiled), o), o, previous));
    } finally {
      installResultStore(previousStore);
    }
  }

  /** The definition a run without a `layout` option runs: the exact one the stack deploys. */
  get compiled(): CompiledDefinition {
    return this.defaultCompiled ??= compileDefinition(this.model);
  }

  /** The definition for a `layout` option: the default one, or one compiled for that layout. */
  private compiledFor(layout: LayoutMode | undefined): CompiledDefinition {
    if (layout === undefined) return this.compiled;
    let c = this.byLayout.get(layout);
    if (!c) this.byLayout.set(layout, c = compileDefinition(this.model, { layout }));
    return c;
  }

  /** An invoker with the task's environment, the injected faults and the caller's wrapper, in that order. */
  private wrapped(invoke: LambdaInvoker, o: NormalisedLocalRun): LambdaInvoker {
    let wrapped = withTaskEnvironment(this.model, invoke);
    if (o.faults.length > 0) wrapped = injectFaults(wrapped, o.faults, this.durationOf);
    if (o.wrapInvoker) wrapped = o.wrapInvoker(wrapped);
    return wrapped;
  }

  private async execute(compiled: CompiledDefinition, invoke: LambdaInvoker, options: NormalisedLocalRun,
    previous?: ExecutionResult): Promise<{ summary: RunSummary; result: ExecutionResult }> {
    const kindMocks = this.mockTask(options);
    const given = options.mockTask;
    const mockTask: RunOptions['mockTask'] = given && kindMocks ? async (call) => (await given(call)) ?? kindMocks(call) : given ?? kindMocks;
    const unregister = registerLocalIdempotency(this.model.name, { store: this.idempotencyStore, tasks: this.idempotentTasks });
    const runOptions: RunOptions = {
      invokeLambda: invoke,
      mockTask,
      seed: options.seed,
      realTime: options.realTime,
      executionName: options.executionName,
      workflowName: this.model.name,
      childMachines: compiled.children,
      keepHistory: true,
      abortAfterSeconds: options.abortAfterSeconds,
      s3: this.results,
    };
    const result = await (previous ? redriveExecution(compiled.definition, previous, runOptions) : runExecution(compiled.definition, options.input, runOptions))
      .finally(unregister);
    const guarded = await localGuardLetters(result, this.model.name);
    const summary = this.summarise(result, guarded, previous);
    // The history is always recorded (the guard decides from it); `keepHistory: false` drops it afterwards.
    return { summary, result: options.keepHistory === false ? { ...result, history: [], children: [] } : result };
  }

  /** Helpers store large results in {@link results}, with each task's threshold. */
  private localResultStore(): ResultStoreConfig {
    const byId = new Map(this.model.tasks.map((t) => [t.id, t]));
    return { bucket: LOCAL_RESULT_BUCKET, backend: this.results, thresholdBytes: (id) => (byId.has(id) ? resultThresholdOf(byId.get(id)!,
      this.model) : DEFAULT_RESULT_THRESHOLD_BYTES) };
  }

  /** The engine's mockTask for the non-Lambda tasks (checked first: each must have a mock). */
  private mockTask(options: NormalisedLocalRun): RunOptions['mockTask'] {
    const file = defaultMocksFile(this.model);
    if (!options.mocks) this.fileMocks ??= file ? loadMocks(file) : {};
    const mocks = options.mocks ?? this.fileMocks!;
    checkMocks(this.model, mocks, file ?? this.model.source);
    return mockTaskFor({
      model: this.model, mocks, results: this.results,
      wrap: (inv) => {
        const wrapped = options.faults.length > 0 ? injectFaults(inv, options.faults, this.durationOf) : inv;
        return options.wrapInvoker ? options.wrapInvoker(wrapped) : wrapped;
      },
      children: this.childWorkflows(options),
    });
  }

  /**
   * The children of `workflow:` tasks, as Step Functions keeps executions by name (see
   * lib/local/child-executions.ts): a name started before throws ExecutionAlreadyExists, so the
   * task's resume redrives that child (its own LocalWorkflow, only its failed states) and describes it.
   */
  private childWorkflows(options: NormalisedLocalRun): LocalChildWorkflows {
    const childOptions = { seed: options.seed, secrets: options.secrets };
    return {
      start: async (spec, name, input) => {
        this.children.checkNew(name, name);
        const workflow = new LocalWorkflow(loadSpecFile(spec));
        const { result } = await workflow.run({ ...childOptions, input, executionName: name });
        this.children.record(name, spec, result);
        this.childRunners.set(name, workflow);
        return { status: result.status, output: result.output, error: result.error, cause: result.cause, executionId: result.executionId };
      },
      redrive: async (arn) => {
        const child = this.children.redrivable(arn);
        child.result = (await this.childRunners.get(executionNameOf(arn))!.redrive(child.result, childOptions)).result;
        return { RedriveDate: new Date(EPOCH + child.result.startTime * 1000).toISOString() };
      },
      describe: (arn) => this.children.describe(arn),
    };
  }

  private summarise(r: ExecutionResult, guarded: readonly object[], previous?: ExecutionResult): RunSummary {
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
      deadLetters: [...r.deadLetters.slice(previous?.deadLetters.length ?? 0).map((d) => d.body),
        ...guarded].map((b) => JSON.parse(JSON.stringify(b)) as Record<string, unknown>),
      transitions: r.transitions,
      makespanSeconds: r.makespanSeconds,
      ...(previous ? { redriven: { count: previous.redrive!.redriveCount + 1, reran: this.attemptsByTask(r.attempts.slice(previous.attempts.length)) } } : {}),
    };
  }

  /** Attempts per task (a Map's items count once per item attempt of item 0, as in `tasks`). */
  private attemptsByTask(attempts: ExecutionResult['attempts']): Record<string, number> {
    const ids = new Set(this.model.tasks.map((t) => t.id));
    const out: Record<string, number> = {};
    for (const a of attempts) {
      const id = taskOfAttempt(a);
      if (ids.has(id) && (a.itemIndex === undefined || a.itemIndex === 0)) out[id] = (out[id] ?? 0) + 1;
    }
    return out;
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
