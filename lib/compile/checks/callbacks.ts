import { kindOf } from '../../model/task-kinds';
import type { TaskModel } from '../../model/types';
import type { CheckInput, CheckResult } from './rules';

/** The waitFor correlation forms the compiler can read: `$.input.<field>...` or `$.results.<dependency>.<field>...`. */
const CORRELATION = /^\$\.(input(\.[A-Za-z0-9_-]+)+|results\.([A-Za-z][A-Za-z0-9_-]*)(\.[A-Za-z0-9_-]+)+)$/;

/**
 * The callback tasks (waitFor, approval) wait on someone else, so what bounds them must be set:
 * - timeouts set: a timeoutSeconds of its own, a heartbeat shorter than it, and within the state
 *   machine's TimeoutSeconds (else the execution times out first and the task never letters);
 * - correlation present (waitFor): a path into the task's own inputs (a dependency's result needs
 *   that dependency), and an event path to match it;
 * - topic encrypted (approval): a notification may name what is being approved; an e-mail gets a
 *   KMS-encrypted topic from dagstep, an existing topic must name its key (kmsKeyArn), which is
 *   also what lets the state machine publish to it.
 */
export function checkCallbackTasks({ model, definition }: CheckInput): CheckResult {
  const tasks = model.tasks.filter((t) => kindOf(t) === 'waitFor' || kindOf(t) === 'approval');
  const machineTimeout = typeof definition.TimeoutSeconds === 'number' ? definition.TimeoutSeconds : undefined;
  const problems = tasks.flatMap((t) => [...timeoutProblems(t, machineTimeout), ...correlationProblems(t), ...topicProblems(t)]);
  const title = 'waitFor and approval tasks: timeouts set, correlation present, topic encrypted';
  if (problems.length > 0) return { id: 'callback-tasks', title, ok: false, details: problems };
  return { id: 'callback-tasks', title, ok: true, details: [tasks.length === 0 ? 'no waitFor or approval tasks' : `${tasks.length} callback task(s) bounded, correlated and encrypted`] };
}

function timeoutProblems(t: TaskModel, machineTimeout: number | undefined): string[] {
  const c = t.waitFor ?? t.approval!;
  const kind = t.waitFor ? 'waitFor' : 'approval';
  if (!(typeof c.timeoutSeconds === 'number' && c.timeoutSeconds > 0)) {
    return [`task "${t.id}": ${kind}.timeoutSeconds is not set; a task waiting on someone else must end (States.Timeout) when nobody answers`];
  }
  const out: string[] = [];
  const heartbeat = t.waitFor?.heartbeatSeconds;
  if (heartbeat !== undefined && heartbeat >= c.timeoutSeconds) {
    out.push(`task "${t.id}": waitFor.heartbeatSeconds (${heartbeat}) must be shorter than waitFor.timeoutSeconds (${c.timeoutSeconds})`);
  }
  if (machineTimeout !== undefined && c.timeoutSeconds > machineTimeout) {
    out.push(`task "${t.id}": ${kind}.timeoutSeconds (${c.timeoutSeconds}) exceeds the state machine's TimeoutSeconds (${machineTimeout}): the execution would time out first`);
  }
  return out;
}

function correlationProblems(t: TaskModel): string[] {
  const w = t.waitFor;
  if (!w) return [];
  const m = typeof w.correlation === 'string' ? CORRELATION.exec(w.correlation) : null;
  if (!m) return [`task "${t.id}": waitFor.correlation must name a value of the task's inputs ($.input.<field> or $.results.<dependency>.<field>); received ${JSON.stringify(w.correlation)}`];
  const dep = m[3];
  if (dep !== undefined && !t.dependsOn.includes(dep)) return [`task "${t.id}": waitFor.correlation reads "${dep}", which is not in dependsOn [${t.dependsOn.join(', ')}]`];
  if (w.eventCorrelation !== undefined && !/^\$(\.[A-Za-z0-9_-]+)+$/.test(w.eventCorrelation)) {
    return [`task "${t.id}": waitFor.eventCorrelation must be a path into the event ($.detail.<field>); received ${JSON.stringify(w.eventCorrelation)}`];
  }
  return [];
}

function topicProblems(t: TaskModel): string[] {
  const a = t.approval;
  if (!a || !a.notify.startsWith('arn:') || a.kmsKeyArn) return [];
  return [`task "${t.id}": approval.notify names an existing topic without approval.kmsKeyArn; encrypt the topic with a customer-managed KMS key and name it (the state machine needs it to publish)`];
}
