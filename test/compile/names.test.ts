import {
  childStateName, INIT_STATE, mapItemStateName, OUTPUT_STATE,
  parallelResultKey, parallelStateName, stackName, taskDeadLetterStateName, taskFailedStateName, taskRecordedStateName,
  childStepStateName, taskRescuedStateName, mapItemsCheckStateName,
} from '../../lib/compile/names';
import { STATE_PREFIX } from '../../lib/model/state-names';

describe('state names', () => {
  test('every generated name is exact and contains a dot', () => {
    // GIVEN / WHEN names are generated
    const names = [
      INIT_STATE, OUTPUT_STATE, parallelStateName(3), childStateName(1),
      taskFailedStateName('t'), taskRecordedStateName('t'), taskDeadLetterStateName('t'), mapItemStateName('t'),
    ];
    // THEN
    expect(names).toStrictEqual([
      'dagstep.init', 'dagstep.output', 'dagstep.parallel.3', 'dagstep.child.1',
      't.failed', 't.recorded', 't.deadLetter', 't.item',
    ]);
    expect(names.every((n) => n.includes('.'))).toBe(true);
  });

  test('the failure-path names match what the guard reads (lib/model/state-names.ts)', () => {
    // GIVEN / WHEN / THEN
    expect([childStepStateName(2, 'redrive'), taskRescuedStateName('t'), mapItemsCheckStateName('t')])
      .toStrictEqual(['dagstep.child.2.redrive', 't.rescued', 't.failedItems']);
    expect([childStateName(1).startsWith(STATE_PREFIX.child), parallelStateName(1).startsWith(STATE_PREFIX.parallel),
      INIT_STATE.startsWith(STATE_PREFIX.dagstep)])
      .toStrictEqual([true, true, true]);
  });

  test('parallel result key', () => {
    // GIVEN / WHEN / THEN
    expect(parallelResultKey(4)).toBe('parallel4');
  });
});

describe('stackName', () => {
  test('underscores become dashes', () => {
    // GIVEN a workflow name with underscores / WHEN / THEN
    expect(stackName('nightly_batch_x')).toBe('Dagstep-nightly-batch-x');
    expect(stackName('etl')).toBe('Dagstep-etl');
  });
});
