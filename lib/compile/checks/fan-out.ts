import type { TaskModel } from '../../model/types';
import { GATHERED_RESULTS_BUDGET_BYTES, gatheredResultThresholdBytes, MIN_GATHERED_THRESHOLD_BYTES, RESULT_REF_BYTES, STATE_QUOTA_BYTES } from '../data-flow';
import { childExecutionType, childWorstCaseSeconds, EXPRESS_MAX_SECONDS, knownMapItems, writesResults } from '../map-sizing';
import type { CheckInput, CheckResult } from './rules';

/**
 * Step Functions runs at most 40 iterations of an inline Map at once ("Map state processing
 * modes": Inline mode "supports up to 40 concurrent iterations"); a Distributed Map up to 10,000.
 */
export const INLINE_MAP_MAX_CONCURRENCY = 40;
/**
 * The most items dagstep lets an inline Map have: each item writes at least 7 history events
 * (iteration started/succeeded and its Lambda task's five) into the parent's 25,000, besides the
 * rest of the workflow and every retry; a few thousand items is where that runs out.
 */
export const INLINE_MAP_MAX_ITEMS = 2_000;
/** Items assumed for a map whose size neither `expectedItems` nor `maxItems` states. */
export const DEFAULT_ASSUMED_MAP_ITEMS = 100;

const result = (id: string, title: string, problems: string[], okNote: string): CheckResult =>
  ({ id, title, ok: problems.length === 0, details: problems.length === 0 ? [okNote] : problems });

/** History events one task writes into its execution's history: nominal and every retry taken. */
export function taskHistoryEvents(t: TaskModel,
  assumedMapItems = DEFAULT_ASSUMED_MAP_ITEMS): { nominal: number; worst: number; items?: number; assumed?: boolean } {
  const retries = Math.max(0, ...t.retry.rules.map((r) => r.maxAttempts));
  if (!t.map) return { nominal: 5, worst: 5 + 3 * retries };
  if (t.map.mode === 'distributed') {
    // Entered, MapStateStarted, MapRunStarted, MapRunSucceeded, MapStateSucceeded, Exited; each
    // child execution has its own history. A tolerant map adds its failed-items count (5 + 2 + 2).
    const tolerant = (t.map.toleratedFailurePercentage ?? 0) > 0 || (t.map.toleratedFailureCount ?? 0) > 0;
    const e = 6 + (tolerant ? 9 : 0);
    return { nominal: e, worst: e };
  }
  const known = knownMapItems(t.map);
  const items = known ?? assumedMapItems;
  return { nominal: 4 + 7 * items, worst: 4 + (7 + 3 * retries) * items, items, assumed: known === undefined };
}

/**
 * Maps at production scale: an inline Map whose stated size is over {@link INLINE_MAP_MAX_ITEMS}
 * must be distributed; an inline maxConcurrency above 40 is capped by AWS; an EXPRESS child whose
 * worst case passes 5 minutes would be stopped ("Quotas for Express Workflows").
 */
export function checkFanOut({ model }: CheckInput): CheckResult {
  const problems: string[] = [];
  const maps = model.tasks.filter((t) => t.map);
  for (const t of maps) {
    const map = t.map!;
    const items = knownMapItems(map);
    if (map.mode !== 'distributed') {
      if (items !== undefined && items > INLINE_MAP_MAX_ITEMS) {
        problems.push(`task "${t.id}": an inline map of ${items} items (${map.expectedItems !== undefined ? 'expectedItems' : 'maxItems'}) writes at least ${7 * items} history events into one execution (Step Functions fails a Standard execution at 25,000); set map.mode: distributed, so that each item runs as a child execution with its own history`);
      }
      if ((map.maxConcurrency ?? 10) > INLINE_MAP_MAX_CONCURRENCY) {
        problems.push(`task "${t.id}": map.maxConcurrency ${map.maxConcurrency} on an inline map; Step Functions runs at most ${INLINE_MAP_MAX_CONCURRENCY} inline iterations at once; set maxConcurrency ${INLINE_MAP_MAX_CONCURRENCY} or less, or map.mode: distributed (up to 10,000)`);
      }
    } else if (childExecutionType(t) === 'EXPRESS' && childWorstCaseSeconds(t) > EXPRESS_MAX_SECONDS) {
      problems.push(`task "${t.id}": map.childExecution EXPRESS, but one child's worst case is ${Math.ceil(childWorstCaseSeconds(t))} s (every retry taken), over Express's ${EXPRESS_MAX_SECONDS} s; lower timeoutSeconds or retries, or set childExecution STANDARD`);
    }
  }
  const sized = maps.filter((t) => knownMapItems(t.map!) !== undefined).length;
  return result('fan-out', 'maps fit Step Functions at their size', problems, maps.length === 0 ? 'no map tasks'
    : `${maps.length} map tasks (${sized} with a stated size, the others assumed ${DEFAULT_ASSUMED_MAP_ITEMS} items: set map.expectedItems)`);
}

/**
 * The payload budget of every state (262,144 bytes, "Maximum input or output size for a task,
 * state, or execution"): the results dagstep gathers fit their 160 KiB budget by construction
 * (each task's claim-check threshold is its share), unless there are so many tasks that even
 * 1 KiB each does not fit, or a map keeps its results in the state: then its array of item
 * results (each at least a reference when large) must fit.
 */
export function checkPayloads({ model }: CheckInput): CheckResult {
  const problems: string[] = [];
  const share = gatheredResultThresholdBytes(model);
  const gathered = model.tasks.length;
  if (share === MIN_GATHERED_THRESHOLD_BYTES && gathered * share > GATHERED_RESULTS_BUDGET_BYTES) {
    problems.push(`the ${gathered} task results gathered into the final state can reach ${gathered * share} bytes (${share} bytes each before they travel by reference), over the ${GATHERED_RESULTS_BUDGET_BYTES}-byte budget of the ${STATE_QUOTA_BYTES}-byte state; split the workflow (workflow: tasks, or fewer tasks per state machine)`);
  }
  for (const t of model.tasks.filter((x) => x.map && !writesResults(x.map))) {
    const items = knownMapItems(t.map!);
    if (items === undefined) continue;
    const least = items * Math.min(RESULT_REF_BYTES, share);
    if (least > GATHERED_RESULTS_BUDGET_BYTES) {
      problems.push(`task "${t.id}": the map keeps its ${items} item results in the state, at least ${least} bytes even when each is small or a reference, over the ${GATHERED_RESULTS_BUDGET_BYTES}-byte budget; ${t.map!.mode === 'distributed' ? 'remove map.resultWriter: false' : 'set map.mode: distributed'} so the results are written to S3 (ResultWriter)`);
    }
  }
  return result('payloads', 'every state stays under 256 KB', problems,
    `gathered results within ${GATHERED_RESULTS_BUDGET_BYTES} bytes (each task's results over ${share} bytes travel by reference)`);
}
