import type { WorkflowModel } from '../../model/types';
import type { WorkflowPlan } from '../plan-workflow';
import { LAMBDA_MAX_TIMEOUT_SECONDS, taskTimeoutSeconds } from '../timeouts';
import { workflowWorstCaseSeconds } from '../worst-case';
import { allStates, AslMachine, AslState, firstWorkingState, isCoordination, isDeadLetterSend } from './asl-walk';
import { secretAdvice, unacknowledgedSecrets } from './secret-gate';
import { checkFanOut, checkPayloads, DEFAULT_ASSUMED_MAP_ITEMS, taskHistoryEvents } from './fan-out';
import { checkCallbackTasks } from './callbacks';
import { isLambdaTask } from '../../model/task-kinds';
import { mapItemsCheckStateName } from '../names';

/** One line of the checklist. */
export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly ok: boolean;
  /** What failed (or, when ok, a short note of what was verified). */
  readonly details: readonly string[];
}

/** What the checks look at: the model, its plan, and the definition the state machine gets. */
export interface CheckInput {
  readonly model: WorkflowModel;
  readonly plan: WorkflowPlan;
  readonly definition: AslMachine;
  /** Child state machines of a partitioned workflow (each execution has its own history). @default [] */
  readonly children?: readonly AslMachine[];
  /** Items assumed per inline map of unstated size when estimating history events. @default 100 */
  readonly assumedMapItems?: number;
}

/** Step Functions quotas the checks hold a definition to. */
export const SFN_LIMITS = { definitionBytes: 1_048_576, historyEvents: 25_000, stateBytes: 262_144 } as const;

const result = (id: string, title: string, problems: string[], okNote: string): CheckResult =>
  ({ id, title, ok: problems.length === 0, details: problems.length === 0 ? [okNote] : problems });

/** Every task that is retried is idempotent or declares it has no side effects. */
export function checkIdempotentRetries({ model }: CheckInput): CheckResult {
  const problems = model.tasks
    .filter((t) => t.retry.rules.some((r) => r.maxAttempts > 0) && !t.idempotent && t.sideEffects !== 'none')
    .map((t) => `task "${t.id}" is retried (policy ${t.retry.name ?? 'custom'}) but is neither idempotent: true nor sideEffects: none — a retry could apply it twice`);
  return result('idempotent-retries', 'retried tasks are idempotent', problems,
    `${model.tasks.length} tasks: every retried task is idempotent or side-effect free`);
}

/** Whether following `start` (through Passes and Choices) can reach a Fail state. */
function reachesFail(machine: AslMachine, start: string, seen = new Set<string>()): boolean {
  if (seen.has(start)) return false;
  seen.add(start);
  const state = machine.States[start] as (AslState & { Next?: string; Choices?: { Next?: string }[]; Default?: string }) | undefined;
  if (!state) return false;
  if (state.Type === 'Fail') return true;
  if (state.Type !== 'Pass' && state.Type !== 'Choice') return false;
  const nexts = [state.Next, ...(state.Choices ?? []).map((c) => c.Next), state.Default].filter((n): n is string => n !== undefined);
  return nexts.some((n) => reachesFail(machine, n, seen));
}

/**
 * Every failure has an owner a redrive agrees with (README "Why required failures stay uncaught"):
 * - a required task catches nothing (but into its fallback): the execution fails at the task, a
 *   redrive re-runs it, and the guard letters it;
 * - an optional task catches every error into its own dead-letter send;
 * - no Catch leads to a Fail: an execution failed at a Fail state it reached through a Catch would
 *   be redriven at that Fail, not at the work that failed;
 * - a tolerant Distributed Map letters its failed items.
 */
export function checkFailurePaths({ model, definition }: CheckInput): CheckResult {
  const problems: string[] = [];
  const taskById = new Map(model.tasks.map((t) => [t.id, t]));
  for (const { name, state, machine } of allStates(definition)) {
    if (state.Type !== 'Task' && state.Type !== 'Map' && state.Type !== 'Parallel') continue;
    for (const c of state.Catch ?? []) {
      if (reachesFail(machine, c.Next) && !isDeadLetterSend(state)) {
        problems.push(`state "${name}": its Catch (${c.ErrorEquals.join(', ')}) leads to a Fail state; a redrive would re-run the Fail, not "${name}"`);
      }
    }
    const task = taskById.get(name);
    if (!task || isDeadLetterSend(state) || isCoordination(state)) continue;
    const all = (state.Catch ?? []).find((c) => c.ErrorEquals.includes('States.ALL'));
    if (task.optional) {
      const target = all ? firstWorkingState(machine, all.Next) : undefined;
      if (!target || !isDeadLetterSend(target.state)) problems.push(`optional task "${name}": its failures must be caught into its own dead-letter send`);
    } else if (all && !task.fallback) {
      problems.push(`required task "${name}" catches States.ALL: its failure would end the execution elsewhere than at the task, so a redrive would not re-run it`);
    } else if (all && task.fallback && firstWorkingState(machine, all.Next)?.name !== task.fallback) {
      problems.push(`task "${name}": its Catch leads to "${all.Next}", not to its fallback "${task.fallback}"`);
    }
    const lettersItems = state.Next === mapItemsCheckStateName(name);
    const count = (state as { ToleratedFailureCount?: number }).ToleratedFailureCount ?? 0;
    const tolerates = (state.ToleratedFailurePercentage ?? 0) > 0 || count > 0;
    if (tolerates && !lettersItems && !task.optional) {
      const [what, field] = count > 0 ? [`${count} failed items`, 'toleratedFailureCount'] : [`${state.ToleratedFailurePercentage} % failed items`, 'toleratedFailurePercentage'];
      problems.push(`map "${name}" tolerates ${what}, which reach no dead-letter queue; set ${field} 0 or mark the task optional`);
    }
  }
  return result('failure-paths', 'every failure has one owner: the guard, a fallback or an optional letter', problems,
    'required tasks fail where a redrive re-runs them (the guard letters them); optional tasks send their own letter; no Catch ends at a Fail');
}

/** Every task has a timeout Lambda can honour, and the worst case fits the state machine timeout. */
export function checkTimeouts({ model, plan, definition }: CheckInput): CheckResult {
  const problems: string[] = [];
  for (const { name, state } of allStates(definition)) {
    if (state.Type === 'Task' && !isDeadLetterSend(state) && !isCoordination(state) && state.TimeoutSeconds === undefined) {
      problems.push(`state "${name}" has no TimeoutSeconds: a hung call would wait up to a year`);
    }
  }
  for (const t of model.tasks.filter(isLambdaTask)) {
    const timeout = taskTimeoutSeconds(t);
    if (timeout > LAMBDA_MAX_TIMEOUT_SECONDS) {
      problems.push(`task "${t.id}": timeout ${timeout} s (${t.timeoutSeconds === undefined ? '3 × durationSeconds' : 'timeoutSeconds'}) exceeds Lambda's ${LAMBDA_MAX_TIMEOUT_SECONDS} s limit; split the task, or run it as a container, batch or glue task, which can run for hours (README "Task kinds")`);
    }
  }
  const worst = workflowWorstCaseSeconds(plan);
  const limit = definition.TimeoutSeconds;
  if (limit === undefined) problems.push('the state machine has no TimeoutSeconds');
  else if (worst > limit) {
    problems.push(`the worst case of the critical path including every retry is ${Math.ceil(worst)} s, more than the state machine timeout ${limit} s`);
  }
  return result('timeouts', 'every task has a timeout and the worst case fits', problems,
    `worst case ${Math.ceil(worst)} s within the state machine timeout ${limit} s`);
}

/**
 * Every Map fan-out has a concurrency limit, and the function it feeds can take it: a reserved
 * concurrency below the map's maxConcurrency throttles items (Lambda.TooManyRequestsException).
 */
export function checkMapConcurrency({ model }: CheckInput): CheckResult {
  const problems: string[] = model.tasks
    .filter((t) => t.map && (t.map.maxConcurrency ?? 10) === 0)
    .map((t) => `task "${t.id}": map.maxConcurrency 0 means unlimited fan-out, which can exhaust Lambda concurrency; set a limit`);
  for (const t of model.tasks) {
    if (!t.map || t.reservedConcurrency === undefined) continue;
    const fanOut = t.map.maxConcurrency ?? 10;
    if (fanOut === 0 || t.reservedConcurrency < fanOut) {
      problems.push(`task "${t.id}": reservedConcurrency ${t.reservedConcurrency} is lower than the map's maxConcurrency ${fanOut === 0 ? '0 (unlimited)' : fanOut}, so items will be throttled; raise reservedConcurrency or lower maxConcurrency`);
    }
  }
  return result('map-concurrency', 'map fan-out has a concurrency limit', problems,
    `${model.tasks.filter((t) => t.map).length} map tasks, all limited`);
}

/** No secret-looking literal anywhere in the spec: every string of every field is scanned. */
export function checkSecrets({ model }: CheckInput): CheckResult {
  const problems = unacknowledgedSecrets(model).map((f) => `${f.taskId !== undefined ? `task "${f.taskId}": ` : ''}${f.field} ${secretAdvice(f)}`);
  return result('no-secrets', 'no secret literals in the spec', problems, 'no secret-looking value in any field');
}

/** Definition size and history events per execution stay within Step Functions quotas. */
export function checkLimits(input: CheckInput): CheckResult {
  const problems: string[] = [];
  // Every state machine's definition: the parent's and each child's (a partitioned workflow).
  const sizes = [input.definition, ...(input.children ?? [])].map((d, i) => ({
    what: i === 0 ? 'definition' : `child state machine ${i}'s definition`, bytes: Buffer.byteLength(JSON.stringify(d), 'utf8'),
  }));
  for (const s of sizes) {
    if (s.bytes > SFN_LIMITS.definitionBytes) problems.push(`${s.what} is ${s.bytes} bytes, over the ${SFN_LIMITS.definitionBytes}-byte limit; split it into child state machines (maxTasksPerStateMachine) or move tasks into a workflow: task`);
  }
  const events = largestExecutionHistory(input);
  if (events.worst > SFN_LIMITS.historyEvents) {
    const top = input.model.tasks.map((t) => ({ t, e: taskHistoryEvents(t, input.assumedMapItems) })).sort((a, b) => b.e.worst - a.e.worst).slice(0, 3)
      .map(({ t, e }) => `"${t.id}" ${e.worst}${e.items !== undefined ? ` (inline map of ${e.items}${e.assumed ? ' assumed' : ''} items: set map.mode distributed)` : ''}`);
    problems.push(`an execution can write up to ${events.worst} history events (every retry taken), over the ${SFN_LIMITS.historyEvents} limit; the most from ${top.join(', ')}`);
  }
  const largest = Math.max(...sizes.map((s) => s.bytes));
  return result('sfn-limits', 'Step Functions limits respected', problems, sizes.length === 1
    ? `definition ${largest} bytes; history events ${events.nominal} nominal, ${events.worst} worst case (limit ${SFN_LIMITS.historyEvents})`
    : `${sizes.length} definitions, the largest ${largest} bytes; history events ${events.nominal} nominal, ${events.worst} worst case per execution (limit ${SFN_LIMITS.historyEvents})`);
}

/**
 * History events of one execution: per task {@link taskHistoryEvents} (5 per attempt, 3 more per
 * retry; an inline map 4 plus 7 per item, its size from expectedItems / maxItems, else
 * `assumedMapItems`; a distributed map only its Map Run's events), 4 per Parallel, 2 per Pass,
 * 2 for the execution.
 */
export function estimateHistoryEvents({ model, definition, assumedMapItems = DEFAULT_ASSUMED_MAP_ITEMS }: CheckInput): { nominal: number; worst: number } {
  let nominal = 2;
  let worst = 2;
  for (const { state, inMap } of allStates(definition)) {
    if (inMap !== undefined) continue;
    if (state.Type === 'Parallel') { nominal += 4; worst += 4; }
    if (state.Type === 'Pass') { nominal += 2; worst += 2; }
  }
  for (const t of model.tasks) {
    const e = taskHistoryEvents(t, assumedMapItems);
    nominal += e.nominal;
    worst += e.worst;
  }
  return { nominal, worst };
}

/**
 * History events of the largest single execution: the parent and each child machine of a
 * partitioned workflow are separate executions with separate histories, so each counts only the
 * tasks whose states it holds (a child start counts as one task in the parent).
 */
export function largestExecutionHistory(input: CheckInput): { nominal: number; worst: number } {
  const machines = [input.definition, ...(input.children ?? [])];
  if (machines.length === 1) return estimateHistoryEvents(input);
  let nominal = 0;
  let worst = 0;
  for (const definition of machines) {
    const names = new Set(allStates(definition).filter((s) => s.inMap === undefined).map((s) => s.name));
    const tasks = input.model.tasks.filter((t) => names.has(t.id));
    const starts = allStates(definition).filter((s) => s.inMap === undefined && s.state.Type === 'Task'
      && typeof s.state.Resource === 'string' && s.state.Resource.includes(':states:::states:startExecution')).length;
    const e = estimateHistoryEvents({ ...input, model: { ...input.model, tasks }, definition });
    nominal = Math.max(nominal, e.nominal + 5 * starts);
    worst = Math.max(worst, e.worst + 5 * starts);
  }
  return { nominal, worst };
}

/** Every rule, in checklist order (the graph check comes first, in index.ts). */
export const RULES = [
  checkIdempotentRetries, checkFailurePaths, checkTimeouts, checkMapConcurrency, checkFanOut, checkPayloads, checkSecrets, checkLimits, checkCallbackTasks,
] as const;
