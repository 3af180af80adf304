import { StatesError } from '../../lib/local/errors';
import { mockTaskFrom, parseMockConfig, selectTestCase } from '../../lib/local/mock-config';

const config = parseMockConfig({
  StateMachines: { M: { TestCases: { T: { A: 'R' } } } },
  MockedResponses: { R: { 0: { Throw: { Error: 'E', Cause: 'c' } }, '1-2': { Return: { n: 1 } } } },
}, 'mock.json');
const call = (stateName: string) => ({ stateName, resource: 'arn:aws:states:::lambda:invoke', params: {}, attempt: 0 });

describe('mock-config', () => {
  test('answers by invocation number of the state: Throw, then a Return range, then States.Runtime', async () => {
    // GIVEN the only test case of the only machine
    const mock = mockTaskFrom(config, selectTestCase(config, 'mock.json'));
    // WHEN A is called four times
    const outcomes: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(await mock(call('A')).then((r) => r?.output, (e: StatesError) => [e.error, e.cause?.slice(0, 40)]));
    }
    // THEN
    expect(outcomes).toStrictEqual([['E', 'c'], { n: 1 }, { n: 1 }, ['States.Runtime', 'mocked response "R" has no answer for in']]);
  });

  test('a state the test case does not name falls through (undefined)', async () => {
    // GIVEN / WHEN
    const r = await mockTaskFrom(config, { A: 'R' })(call('B'));
    // THEN
    expect(r).toBeUndefined();
  });

  test('selectTestCase names the machine and case that are missing', () => {
    expect(() => selectTestCase(config, 'mock.json', 'X')).toThrow('mock.json: StateMachines: no state machine "X" (has: M)');
    expect(() => selectTestCase(config, 'mock.json', 'M', 'Z')).toThrow('mock.json: StateMachines.M.TestCases: no test case "Z" (has: T)');
  });
});
