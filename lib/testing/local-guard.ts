import type { ExecutionResult } from '../local/engine';
import type { HistoryEvent } from '../local/history';
import { EPOCH } from '../local/timestamps';
import type { DeadLetter } from '../model/dead-letter';
import { GuardEvent, GuardExecution, guardLetters } from '../model/guard-decision';

/**
 * The dead-letter guard applied to a local run, with the very decision the deployed guard makes
 * (lib/model/guard-decision.ts guardLetters): the letters the deployed guard would send for this
 * result, one per failed unit (or one for the execution). Child executions are read from the
 * run's children, each with its own history, as the deployed guard reads them through
 * GetExecutionHistory. A run without a history (`keepHistory: false`) cannot be judged: its
 * failure gets one execution letter.
 */
export async function localGuardLetters(result: ExecutionResult, workflow: string): Promise<DeadLetter[]> {
  const all = [result, ...descendants(result)];
  const byArn = new Map(all.map((r) => [r.executionId, r]));
  const owed = await guardLetters(toGuardExecution(result), {
    workflow,
    rootExecutionId: result.executionId,
    timestamp: new Date(EPOCH + result.stopTime * 1000).toISOString(),
    loadExecution: async (arn) => {
      const r = byArn.get(arn);
      return r ? toGuardExecution(r) : undefined;
    },
  });
  return owed.map((o) => o.letter);
}

function descendants(r: ExecutionResult): ExecutionResult[] {
  return (r.children ?? []).flatMap((c) => [c, ...descendants(c)]);
}

function toGuardExecution(r: ExecutionResult): GuardExecution {
  return { executionArn: r.executionId, status: r.status, error: r.error, cause: r.cause, redriveCount: r.redrive?.redriveCount ?? 0,
    events: r.history.map(toGuardEvent) };
}

function toGuardEvent(e: HistoryEvent): GuardEvent {
  return {
    type: e.type, id: e.id,
    ...(e.stateName !== undefined ? { stateName: e.stateName } : {}),
    ...(e.entry !== undefined ? { entry: e.entry } : {}),
    ...(e.error !== undefined ? { error: e.error } : {}),
    ...(e.cause !== undefined ? { cause: e.cause } : {}),
    ...(e.input !== undefined ? { input: e.input } : {}),
    ...(e.mapRunArn !== undefined ? { mapRunArn: e.mapRunArn } : {}),
  };
}
