import { allStates, AslMachine, firstWorkingState, isCoordination, isDeadLetterSend } from '../../../lib/compile/checks/asl-walk';

const inner: AslMachine = { StartAt: 'i', States: { i: { Type: 'Task', Resource: 'arn:fn', End: true } } };
const branch: AslMachine = { StartAt: 'b', States: { b: { Type: 'Pass', End: true } } };
const machine: AslMachine = {
  StartAt: 'p',
  States: {
    p: { Type: 'Parallel', Branches: [branch], Next: 'm' },
    m: { Type: 'Map', ItemProcessor: inner, Next: 'pass1' },
    pass1: { Type: 'Pass', Next: 'pass2' },
    pass2: { Type: 'Pass', Next: 'dlq' },
    dlq: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true },
    loop: { Type: 'Pass', Next: 'loop' },
    dangling: { Type: 'Pass', Next: 'nowhere' },
  },
};

describe('asl-walk', () => {
  test('allStates recurses into branches and map processors', () => {
    // GIVEN a machine with a Parallel and a Map / WHEN walked
    const states = allStates(machine);
    // THEN
    expect(states.map((s) => [s.name, s.inMap])).toStrictEqual([
      ['p', undefined], ['b', undefined], ['m', undefined], ['i', 'm'], ['pass1', undefined], ['pass2', undefined],
      ['dlq', undefined], ['loop', undefined], ['dangling', undefined],
    ]);
    expect(states[1].machine).toBe(branch);
    expect(states[3].machine).toBe(inner);
  });

  test('firstWorkingState follows Pass states; loops and dangling names give undefined', () => {
    // GIVEN / WHEN / THEN
    expect(firstWorkingState(machine, 'pass1')).toStrictEqual({ name: 'dlq', state: machine.States.dlq });
    expect(firstWorkingState(machine, 'loop')).toBeUndefined();
    expect(firstWorkingState(machine, 'dangling')).toBeUndefined();
  });

  test('dead-letter sends and coordination states are recognised', () => {
    // GIVEN / WHEN / THEN
    expect(isDeadLetterSend(machine.States.dlq)).toBe(true);
    expect(isDeadLetterSend({ Type: 'Pass', Resource: 'arn:aws:states:::sqs:sendMessage' })).toBe(false);
    expect(isDeadLetterSend(inner.States.i)).toBe(false);
    expect(isCoordination({ Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:updateItem.waitForTaskToken' })).toBe(true);
    expect(isCoordination({ Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem' })).toBe(true);
    expect(isCoordination({ Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess' })).toBe(true);
    expect(isCoordination({ Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:putItem' })).toBe(false);
  });
});
