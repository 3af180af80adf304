import * as fs from 'fs';
import * as path from 'path';
import { ENV } from '../model/contract';
import { SpecError } from '../model/errors';
import { kindOf, TaskKindName } from '../model/task-kinds';
import type { TaskModel, WorkflowModel } from '../model/types';
import type { CallResult, LambdaInvoker, TaskCall } from '../local/integrations';
import { StatesError } from '../local/errors';
import { loadHandler } from '../local/handlers';
import type { ResultBackend } from '../../lambdas/private/result-store';

/**
 * What a non-Lambda task does in a local run (`dagstep run/simulate`, LocalWorkflow), per task id:
 * - `{ "return": value }`: the call succeeds with `value`;
 * - `{ "throw": { "error": "Name", "cause": "text" } }`: the call fails with that error;
 * - `{ "handler": "mocks/report.ts" }`: a module exporting `handler(event)`, called with
 *   `{ taskId, kind, parameters, attempt }` (the rendered Parameters); it returns the value or throws.
 * `durationSeconds` (default: the task's) is the simulated time the call takes.
 *
 * What `value` is, per kind: `container` → the JSON the container writes to DAGSTEP_RESULT_KEY
 * (the next task reads it through the reference); `http` → the response body (the task's result is
 * `{statusCode: 200, body}`); `workflow` → the child's output `{results: {...}}`; `batch`, `glue`,
 * `sdk` → the service's response (the task's result). A `throw` of a workflow task is the child's
 * error: the task fails with it, as on AWS.
 */
export type TaskMock = ({ readonly return: unknown } | { readonly throw: { readonly error: string; readonly cause?: string } } | { readonly handler: string })
  & { readonly durationSeconds?: number };

/** Mocks by task id. */
export type TaskMocks = Readonly<Record<string, TaskMock>>;

/** The event a mock handler module receives. */
export interface MockEvent {
  readonly taskId: string;
  readonly kind: TaskKindName;
  readonly parameters: unknown;
  readonly attempt: number;
}

/** Loads a mocks file (JSON), resolving handler paths against its directory. */
export function loadMocks(file: string): TaskMocks {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SpecError({ file, message: fs.existsSync(file) ? `expected JSON mocks: ${(e as Error).message}` : 'mocks file not found' });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SpecError({ file, message: 'expected an object of mocks by task id: { "<taskId>": { "return": ... } | { "throw": { "error", "cause" } } | { "handler": "<module>" } }' });
  }
  const problems = Object.entries(raw as Record<string, unknown>).flatMap(([id, m]) => mockProblems(file, id, m));
  if (problems.length > 0) throw new SpecError(problems);
  return Object.fromEntries(Object.entries(raw as Record<string, TaskMock>).map(([id, m]) =>
    [id, 'handler' in m ? { ...m, handler: path.resolve(path.dirname(file), m.handler) } : m]));
}

function mockProblems(file: string, taskId: string, m: unknown) {
  const where = { file, taskId, field: 'mock' };
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return [{ ...where, message: 'expected { "return": ... }, { "throw": {...} } or { "handler": "<module>" }' }];
  const keys = ['return', 'throw', 'handler'].filter((k) => k in m);
  if (keys.length !== 1) return [{ ...where, message: `expected exactly one of "return", "throw", "handler"; received ${keys.length === 0 ? 'none' : keys.join(' and ')}` }];
  const t = (m as { throw?: { error?: unknown } }).throw;
  if (t !== undefined && (typeof t !== 'object' || t === null || typeof t.error !== 'string')) return [{ ...where, field: 'mock.throw', message: 'expected { "error": "<ErrorName>", "cause": "<text>" }' }];
  const h = (m as { handler?: unknown }).handler;
  if (h !== undefined && typeof h !== 'string') return [{ ...where, field: 'mock.handler', message: 'expected a module path' }];
  return [];
}

/** The mocks file of a workflow: the spec's `mocks`, else `<baseDir>/<name>.mocks.json` if it exists. */
export function defaultMocksFile(model: WorkflowModel): string | undefined {
  if (model.mocks !== undefined) return model.mocks;
  const file = path.join(model.baseDir, `${model.name}.mocks.json`);
  return fs.existsSync(file) ? file : undefined;
}

/**
 * Every non-Lambda task must have a mock (a workflow task given by spec path may run its child
 * instead); a mock must name a task of the workflow. Every problem at once, each naming the task.
 */
export function checkMocks(model: WorkflowModel, mocks: TaskMocks, file: string): void {
  const byId = new Map(model.tasks.map((t) => [t.id, t]));
  const problems = [
    ...model.tasks.filter((t) => kindOf(t) !== 'lambda' && !mocks[t.id] && !(t.workflow && path.isAbsolute(t.workflow)))
      .map((t) => ({ file, taskId: t.id, field: kindOf(t), message: `a ${kindOf(t)} task cannot run locally without a mock: add "${t.id}": { "return": ... } to ${model.mocks ? path.basename(model.mocks) : `${model.name}.mocks.json`} or the file given with --mocks` })),
    ...Object.keys(mocks).filter((id) => !byId.has(id)).map((id) => ({ file, taskId: id, field: 'mock', message: `mocks name unknown task "${id}" (workflow "${model.name}")` })),
    ...Object.keys(mocks).filter((id) => byId.has(id) && kindOf(byId.get(id)!) === 'lambda')
      .map((id) => ({ file, taskId: id, field: 'mock', message: 'a Lambda task runs its real handler locally; mocks are for container, batch, glue, http, sdk and workflow tasks (use --fail for faults)' })),
  ];
  if (problems.length > 0) throw new SpecError(problems);
}

/** What a mock needs from the run. */
export interface MockContext {
  readonly model: WorkflowModel;
  readonly mocks: TaskMocks;
  /** The in-memory result bucket container results are written to. */
  readonly results: ResultBackend;
  /** Wraps the call like a Lambda invocation, so `--fail` and simulate's random faults apply to mocked tasks too. */
  readonly wrap: (invoker: LambdaInvoker) => LambdaInvoker;
  /** The child workflows given by spec path (when they have no mock), started, redriven and described by execution name. */
  readonly children: LocalChildWorkflows;
}

/**
 * The child executions of `workflow:` tasks given by spec path, as Step Functions keeps them by
 * name (see lib/local/child-executions.ts): a second start of a name throws
 * StepFunctions.ExecutionAlreadyExistsException, RedriveExecution and DescribeExecution find it.
 */
export interface LocalChildWorkflows {
  start(specPath: string, name: string, input: unknown): Promise<{ status: string; output?: unknown; error?: string; cause?: string; executionId: string }>;
  redrive(executionArn: string): Promise<unknown>;
  describe(executionArn: string): unknown;
}

/** The engine's `mockTask`: answers the Task states of non-Lambda tasks, leaves every other state to the engine. */
export function mockTaskFor(c: MockContext): (call: TaskCall) => Promise<CallResult | undefined> {
  const kindTasks = new Map(c.model.tasks.filter((t) => kindOf(t) !== 'lambda')
    .map((t) => [kindOf(t) === 'workflow' ? `${t.id}.run` : t.id, t] as const));
  const base: LambdaInvoker = async (req) => {
    const task = kindTasks.get(req.stateName)!;
    const output = await answer(c, task, req.payload as TaskCall, req.attempt);
    return { payload: output, durationSeconds: c.mocks[task.id]?.durationSeconds ?? task.durationSeconds };
  };
  const invoke = c.wrap(base);
  // The resume states of an unmocked workflow task: RedriveExecution / DescribeExecution of its child.
  const resumeCalls = new Map<string, 'redrive' | 'describe'>(c.model.tasks.filter((t) => kindOf(t) === 'workflow' && !c.mocks[t.id])
    .flatMap((t) => [[`${t.id}.redrive`, 'redrive'], [`${t.id}.describe`, 'describe']] as const));
  return async (call) => {
    const resume = resumeCalls.get(call.stateName);
    if (resume) {
      const arn = String((call.params as { ExecutionArn?: unknown }).ExecutionArn);
      return { output: resume === 'redrive' ? await c.children.redrive(arn) : c.children.describe(arn), durationSeconds: 0 };
    }
    const task = kindTasks.get(call.stateName);
    if (!task) return undefined;
    // Shaped like a Lambda invocation of the task (context.taskId), so fault wrappers find the task.
    const r = await invoke({
      functionName: `mock:${task.id}`, payload: { ...call, context: { taskId: task.id } },
      stateName: call.stateName, attempt: call.attempt, timeoutSeconds: call.timeoutSeconds,
    });
    return { output: r.payload, durationSeconds: r.durationSeconds ?? 0 };
  };
}

async function answer(c: MockContext, task: TaskModel, call: TaskCall, attempt: number): Promise<unknown> {
  const kind = kindOf(task);
  const mock = c.mocks[task.id];
  if (!mock) return runChildWorkflow(c, task, call);
  let value: unknown;
  try {
    if ('throw' in mock) throw Object.assign(new Error(mock.throw.cause ?? ''), { name: mock.throw.error });
    value = 'return' in mock ? mock.return
      : await loadHandler(mock.handler)({ taskId: task.id, kind, parameters: call.params, attempt } satisfies MockEvent);
  } catch (e) {
    const err = e as Error;
    // A service reports its error name and message as Error and Cause (not Lambda's errorMessage JSON).
    if (kind !== 'workflow') throw new StatesError(err.name, err.message);
    // A failed child execution: the call fails with States.TaskFailed and the child's DescribeExecution as Cause.
    throw new StatesError('States.TaskFailed', JSON.stringify({ ExecutionArn: `mock:${task.id}`, Status: 'FAILED', Error: err.name, Cause: err.message }));
  }
  return shape(c, task, call, value);
}

/** The service's answer around the mocked value, so the task's ResultSelector sees what AWS returns. */
async function shape(c: MockContext, task: TaskModel, call: TaskCall, value: unknown): Promise<unknown> {
  switch (kindOf(task)) {
    case 'http': return { StatusCode: 200, StatusText: 'OK', Headers: {}, ResponseBody: value };
    case 'workflow': return { ExecutionArn: `mock:${task.id}`, Status: 'SUCCEEDED', Output: value };
    case 'container': {
      // The container writes its result to DAGSTEP_RESULT_KEY in DAGSTEP_RESULT_BUCKET (see container-task.ts).
      const env = containerEnvironment(call);
      await c.results.put(env[ENV.resultBucket], env[ENV.resultKey], JSON.stringify(value ?? null));
      return { LastStatus: 'STOPPED', StopCode: 'EssentialContainerExited', Containers: [{ Name: 'main', ExitCode: 0 }] };
    }
    default: return value;
  }
}

function containerEnvironment(call: TaskCall): Record<string, string> {
  const p = call.params as { Overrides?: { ContainerOverrides?: { Environment?: { Name: string; Value: string }[] }[] } };
  return Object.fromEntries((p.Overrides?.ContainerOverrides?.[0]?.Environment ?? []).map((e) => [e.Name, e.Value]));
}

async function runChildWorkflow(c: MockContext, task: TaskModel, call: TaskCall): Promise<unknown> {
  const { Input: input, Name: name } = call.params as { Input?: unknown; Name?: unknown };
  const child = await c.children.start(task.workflow!, typeof name === 'string' ? name : `${task.id}-child`, input);
  if (child.status !== 'SUCCEEDED') {
    throw new StatesError('States.TaskFailed', JSON.stringify({ ExecutionArn: child.executionId, Status: child.status, Error: child.error, Cause: child.cause }));
  }
  return { ExecutionArn: child.executionId, Status: 'SUCCEEDED', Output: child.output };
}
