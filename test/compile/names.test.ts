import {
  childStateName, deadLetterStateName, failStateName, INIT_STATE, mapItemStateName, OUTPUT_STATE,
  parallelResultKey, parallelStateName, stackName, taskDeadLetterStateName, taskFailedStateName, taskRecordedStateName,
  undeliverableStateName, childFailedStateName, childStepStateName, taskRescuedStateName, taskFallbackFailedStateName, mapItemsCheckStateName,
} from '../../lib/compile/names';
import { GUARD_STATE_PREFIX } from '../../lib/model/dead-letter';

describe('state names', () => {
  test('every generated name is exact and contains a dot', () => {
    // GIVEN / WHEN names are generated
    const names = [
      INIT_STATE, OUTPUT_STATE, parallelStateName(3), childStateName(1), deadLetterStateName(2), failStateName(0),
      taskFailedStateName('t'), taskRecordedStateName('t'), taskDeadLetterStateName('t'), mapItemStateName('t'),
    ];
    // THEN
    expect(names).toStrictEqual([
      'dagstep.init', 'dagstep.output', 'dagstep.parallel.3', 'dagstep.child.1', 'dagstep.deadLetter.2', 'dagstep.fail.0',
      't.failed', 't.recorded', 't.deadLetter', 't.item',
    ]);
    expect(names.every((n) => n.includes('.'))).toBe(true);
  });

  test('the failure-path names match what the guard reads (lib/model/dead-letter.ts)', () => {
    // GIVEN / WHEN / THEN
    expect([
      undeliverableStateName(1), childFailedStateName(2), childStepStateName(2, 'redrive'),
      taskRescuedStateName('t'), taskFallbackFailedStateName('t'), mapItemsCheckStateName('t'),
    ]).toStrictEqual(['dagstep.undeliverable.1', 'dagstep.childFailed.2', 'dagstep.child.2.redrive', 't.rescued', 't.fallbackFailed', 't.failedItems']);
    expect([failStateName(1).startsWith(GUARD_STATE_PREFIX.lettered), childFailedStateName(1).startsWith(GUARD_STATE_PREFIX.childFailed), childStateName(1).startsWith(GUARD_STATE_PREFIX.child)])
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
