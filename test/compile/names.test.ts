import {
  childStateName, deadLetterStateName, failStateName, INIT_STATE, mapItemStateName, OUTPUT_STATE,
  parallelResultKey, parallelStateName, stackName, taskDeadLetterStateName, taskFailedStateName, taskRecordedStateName,
} from '../../lib/compile/names';

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
