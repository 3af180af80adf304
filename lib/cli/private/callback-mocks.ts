import * as fs from 'fs';
import type { Command } from 'commander';
import { DAGSTEP_ERRORS } from '../../model/contract';
import type { ApprovalDecision } from '../../model/contract';
import { SpecError } from '../../model/errors';
import { kindOf, TaskKindName } from '../../model/task-kinds';
import type { WorkflowModel } from '../../model/types';
import { defaultMocksFile, loadMocks, TaskMock, TaskMocks } from '../../testing/task-mocks';
import { checkUserFile } from '../io';

/** `--event task=file.json`, `--approve task`, `--reject task` of the local commands. */
export interface CallbackMockOptions {
  readonly mocks?: string;
  readonly event?: readonly string[];
  readonly approve?: readonly string[];
  readonly reject?: readonly string[];
}

const collect = (v: string, acc: string[]): string[] => [...acc, v];

/** Adds the three options to a local command (run, simulate). */
export function withCallbackMockOptions(cmd: Command): Command {
  return cmd
    .option('--event <task=file.json>', 'a waitFor task receives this event (JSON file) as its result', collect, [])
    .option('--approve <task>', 'an approval task is approved (by "local")', collect, [])
    .option('--reject <task>', 'an approval task is rejected: it fails with dagstep.Rejected', collect, []);
}

/** Who decides in a local run, and when (fixed, so local runs are reproducible). */
export const LOCAL_DECISION = { by: 'local', at: '1970-01-01T00:00:00.000Z' } as const;

/**
 * The mocks of a local run: the mocks file (`--mocks`, else the workflow's own) with the callback
 * flags on top, each naming a task of the right kind. Undefined when nothing was given (the
 * engine then loads the workflow's mocks file itself). Every problem at once.
 */
export function callbackMocks(model: WorkflowModel, o: CallbackMockOptions): TaskMocks | undefined {
  const flags: [string, TaskKindName, string, () => TaskMock][] = [
    ...(o.event ?? []).map((v): [string, TaskKindName, string, () => TaskMock] => {
      const [taskId, file] = splitOnce(v);
      return [taskId, 'waitFor', '--event', () => ({ return: readEvent(file, taskId) })];
    }),
    ...(o.approve ?? []).map((t): [string, TaskKindName, string, () => TaskMock] =>
      [t, 'approval', '--approve', () => ({ return: { decision: 'approved', ...LOCAL_DECISION } satisfies ApprovalDecision })]),
    ...(o.reject ?? []).map((t): [string, TaskKindName, string, () => TaskMock] =>
      [t, 'approval', '--reject', () => ({ throw: { error: DAGSTEP_ERRORS.rejected, cause: JSON.stringify({ decision: 'rejected', ...LOCAL_DECISION } satisfies ApprovalDecision) } })]),
  ];
  // A file the user named is stat-checked before anything reads it (a FIFO would block, a device never end).
  if (o.mocks !== undefined) checkUserFile(o.mocks, '--mocks');
  if (flags.length === 0) return o.mocks ? loadMocks(o.mocks) : undefined;
  const byId = new Map(model.tasks.map((t) => [t.id, t]));
  const problems = flags.flatMap(([taskId, kind, flag]) => {
    const t = byId.get(taskId);
    if (!t) return [{ file: model.source, taskId, field: flag, message: `no task "${taskId}" in workflow "${model.name}"` }];
    return kindOf(t) === kind ? [] : [{ file: model.source, taskId, field: flag, message: `${flag} is for ${kind} tasks; "${taskId}" is a ${kindOf(t)} task` }];
  });
  if (problems.length > 0) throw new SpecError(problems);
  const file = o.mocks ?? defaultMocksFile(model);
  const base = file ? loadMocks(file) : {};
  return { ...base, ...Object.fromEntries(flags.map(([taskId, , , mock]) => [taskId, { ...mock(), durationSeconds: base[taskId]?.durationSeconds }])) };
}

function splitOnce(v: string): [string, string] {
  const i = v.indexOf('=');
  if (i <= 0) throw new SpecError({ file: '--event', message: `expected <task>=<event.json>, received "${v}"` });
  return [v.slice(0, i), v.slice(i + 1)];
}

function readEvent(file: string, taskId: string): unknown {
  if (fs.existsSync(file)) checkUserFile(file, '--event');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SpecError({ file, taskId, field: '--event', message: fs.existsSync(file) ? `expected a JSON event: ${(e as Error).message}` : 'event file not found' });
  }
}
