import type { ExecutionResult } from '../local/engine';
import { EPOCH } from '../local/states';
import { DeadLetter, GuardExecution, guardLetter } from '../model/dead-letter';

/**
 * The dead-letter guard applied to a local run, with the very decision the deployed guard makes
 * (lib/model/dead-letter.ts guardLetter): the execution-level letter the deployed guard would
 * send for this result, or undefined. Children are read from the root's history (the local
 * engine keeps a child's letters and its TaskFailed cause, not its own history). Without a
 * history (`keepHistory: false`), a FAILED run that sent a required task letter counts as
 * lettered by the workflow, the only way ASL ends FAILED after a letter.
 */
export async function localGuardLetter(result: ExecutionResult, workflow: string): Promise<DeadLetter | undefined> {
  const letters = result.deadLetters.map((d) => d.body as Partial<DeadLetter>);
  const events = result.history.length > 0 ? result.history
    : letters.some((l) => l.optional === false && l.kind === 'task') ? [{ type: 'FailStateEntered', stateName: 'dagstep.fail.0' }] : [];
  const root: GuardExecution = { executionArn: result.executionId, status: result.status, error: result.error, cause: result.cause, events };
  return guardLetter(root, {
    workflow,
    rootExecutionId: result.executionId,
    timestamp: new Date(EPOCH + result.stopTime * 1000).toISOString(),
    loadExecution: async (arn) => {
      if (letters.some((l) => l.executionId === arn && l.optional === false)) {
        return { executionArn: arn, status: 'FAILED', events: [{ type: 'FailStateEntered', stateName: 'dagstep.fail.0' }] };
      }
      const ended = result.history.map((e) => parseChild(e.cause)).find((c) => c?.ExecutionArn === arn);
      return ended ? { executionArn: arn, status: ended.Status, error: ended.Error, cause: ended.Cause, events: [] } : undefined;
    },
  });
}

function parseChild(cause: string | undefined): { ExecutionArn: string; Status: string; Error?: string; Cause?: string } | undefined {
  if (!cause?.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(cause) as { ExecutionArn?: unknown; Status?: unknown; Error?: string; Cause?: string };
    return typeof v.ExecutionArn === 'string' && typeof v.Status === 'string' ? { ExecutionArn: v.ExecutionArn, Status: v.Status, Error: v.Error, Cause: v.Cause } : undefined;
  } catch {
    return undefined;
  }
}
