import { checkFanOut, checkPayloads, taskHistoryEvents } from '../../../lib/compile/checks/fan-out';
import { checkLimits } from '../../../lib/compile/checks/rules';
import type { AslMachine } from '../../../lib/compile/checks/asl-walk';
import { planWorkflow } from '../../../lib/compile/plan-workflow';
import type { TaskModel, WorkflowModel } from '../../../lib/model/types';
import { task, workflow } from '../../support/models';

const EMPTY = { StartAt: 'a', States: { a: { Type: 'Pass', End: true } } } as unknown as AslMachine;
const input = (model: WorkflowModel) => ({ model, plan: planWorkflow(model), definition: EMPTY });
const mapOf = (map: TaskModel['map'], extra: Partial<TaskModel> = {}) => workflow('w', [task('each', [], { map, ...extra })]);

describe('checkFanOut', () => {
  test('an inline map of 10,000 expected items must be distributed; one of 2,000 may stay inline', () => {
    // GIVEN / WHEN
    const big = checkFanOut(input(mapOf({ itemsPath: '$.xs', expectedItems: 10_000 })));
    const fine = checkFanOut(input(mapOf({ itemsPath: '$.xs', expectedItems: 2_000 })));
    // THEN
    expect([big.ok, big.details]).toStrictEqual([false, ['task "each": an inline map of 10000 items (expectedItems) writes at least 70000 history events into one execution (Step Functions fails a Standard execution at 25,000); set map.mode: distributed, so that each item runs as a child execution with its own history']]);
    expect([fine.ok, fine.details]).toStrictEqual([true, ['1 map tasks (1 with a stated size, the others assumed 100 items: set map.expectedItems)']]);
  });

  test('an inline maxConcurrency above 40 is flagged; a distributed one is not', () => {
    // GIVEN / WHEN
    const inline = checkFanOut(input(mapOf({ itemsPath: '$.xs', maxConcurrency: 100 })));
    const distributed = checkFanOut(input(mapOf({ itemsPath: '$.xs', mode: 'distributed', maxConcurrency: 100 })));
    // THEN
    expect(inline.details).toStrictEqual(['task "each": map.maxConcurrency 100 on an inline map; Step Functions runs at most 40 inline iterations at once; set maxConcurrency 40 or less, or map.mode: distributed (up to 10,000)']);
    expect(distributed.ok).toBe(true);
  });

  test('forced EXPRESS children whose worst case passes 5 minutes are flagged', () => {
    // GIVEN a 400 s timeout
    const r = checkFanOut(input(mapOf({ itemsPath: '$.xs', mode: 'distributed', childExecution: 'EXPRESS' }, { timeoutSeconds: 400, retry: { name: 'none', rules: [] } })));
    // THEN
    expect(r.details).toStrictEqual(['task "each": map.childExecution EXPRESS, but one child\'s worst case is 400 s (every retry taken), over Express\'s 300 s; lower timeoutSeconds or retries, or set childExecution STANDARD']);
  });
});

describe('checkPayloads', () => {
  test('a map keeping 1,000 results in the state cannot fit even as references; with the ResultWriter it can', () => {
    // GIVEN / WHEN
    const inState = checkPayloads(input(mapOf({ itemsPath: '$.xs', expectedItems: 1000 })));
    const written = checkPayloads(input(mapOf({ itemsPath: '$.xs', mode: 'distributed', expectedItems: 1000 })));
    // THEN
    expect(inState.details).toStrictEqual(['task "each": the map keeps its 1000 item results in the state, at least 256000 bytes even when each is small or a reference, over the 163840-byte budget; set map.mode: distributed so the results are written to S3 (ResultWriter)']);
    expect([written.ok, written.details]).toStrictEqual([true, ["gathered results within 163840 bytes (each task's results over 163840 bytes travel by reference)"]]);
  });

  test('1,000 tasks at the 1 KiB floor overflow the gathered budget, 100 do not', () => {
    // GIVEN
    const tasks = (n: number) => workflow('w', Array.from({ length: n }, (_, i) => task(`t${i}`)));
    // WHEN / THEN
    expect(checkPayloads(input(tasks(1000))).details).toStrictEqual(['the 1000 task results gathered into the final state can reach 1024000 bytes (1024 bytes each before they travel by reference), over the 163840-byte budget of the 262144-byte state; split the workflow (workflow: tasks, or fewer tasks per state machine)']);
    expect(checkPayloads(input(tasks(100))).ok).toBe(true);
  });
});

describe('history events per execution', () => {
  test('an inline map counts its stated items; a distributed one only its Map Run', () => {
    // GIVEN / WHEN / THEN (retry rule of 2 attempts: 3 more events each)
    expect(taskHistoryEvents(task('m', [], { map: { itemsPath: '$', maxItems: 10, expectedItems: 50 } }))).toStrictEqual({ nominal: 74, worst: 134, items: 10, assumed: false });
    expect(taskHistoryEvents(task('m', [], { map: { itemsPath: '$', mode: 'distributed', expectedItems: 1_000_000 } }))).toStrictEqual({ nominal: 6, worst: 6 });
    expect(taskHistoryEvents(task('m', [], { map: { itemsPath: '$' } }))).toStrictEqual({ nominal: 704, worst: 1304, items: 100, assumed: true });
  });

  test('check fails a 10,000-item inline map on history events and names it and the fix', () => {
    // GIVEN / WHEN
    const r = checkLimits({ ...input(mapOf({ itemsPath: '$.xs', expectedItems: 10_000 })), definition: { ...EMPTY, TimeoutSeconds: 60 } });
    // THEN
    expect([r.ok, r.details]).toStrictEqual([false, ['an execution can write up to 130008 history events (every retry taken), over the 25000 limit; the most from "each" 130004 (inline map of 10000 items: set map.mode distributed)']]);
  });
});
