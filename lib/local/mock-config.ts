import { SpecError } from '../model/errors';
import { StatesError } from './errors';
import type { CallResult, TaskCall } from './integrations';

/** One mocked answer: the task result, or the error it fails with (AWS Step Functions Local format). */
export type MockedAnswer = { readonly Return: unknown } | { readonly Throw: { readonly Error: string; readonly Cause?: string } };

/**
 * AWS Step Functions Local's mock configuration (MockConfigFile.json): per state machine, test
 * cases mapping a state name to a mocked response; each response answers invocations by number
 * ("0", "1", or a range "1-3"), with `Return` or `Throw`.
 */
export interface MockConfig {
  readonly StateMachines: Readonly<Record<string, { readonly TestCases: Readonly<Record<string, Readonly<Record<string, string>>>> }>>;
  readonly MockedResponses: Readonly<Record<string, Readonly<Record<string, MockedAnswer>>>>;
}

/** Checks a parsed mock file, naming the file and the field of the first problem. */
export function parseMockConfig(json: unknown, file: string): MockConfig {
  const fail = (field: string, message: string): never => { throw new SpecError({ file, field, message }); };
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(json)) fail('(root)', 'expected an object with StateMachines and MockedResponses');
  const root = json as Record<string, unknown>;
  if (!isObject(root.StateMachines)) fail('StateMachines', 'expected an object of state machines');
  if (!isObject(root.MockedResponses)) fail('MockedResponses', 'expected an object of mocked responses');
  const responses = root.MockedResponses as Record<string, unknown>;
  for (const [name, r] of Object.entries(responses)) {
    if (!isObject(r)) fail(`MockedResponses.${name}`, 'expected an object keyed by invocation ("0", "1-2")');
    for (const [key, answer] of Object.entries(r as Record<string, unknown>)) {
      const field = `MockedResponses.${name}.${key}`;
      if (!/^\d+(-\d+)?$/.test(key)) fail(field, 'expected an invocation number ("0") or range ("1-2")');
      const [lo, hi] = key.split('-').map(Number);
      if (hi !== undefined && hi < lo) fail(field, `the range ends (${hi}) before it starts (${lo})`);
      if (!isObject(answer)) fail(field, 'expected {"Return": ...} or {"Throw": {"Error": ..., "Cause": ...}}');
      const a = answer as Record<string, unknown>;
      if (('Return' in a) === ('Throw' in a)) fail(field, 'expected exactly one of Return and Throw');
      if ('Throw' in a && (!isObject(a.Throw) || typeof (a.Throw).Error !== 'string')) fail(`${field}.Throw.Error`, 'expected a string error name');
      if ('Throw' in a && (a.Throw as Record<string, unknown>).Cause !== undefined && typeof (a.Throw as Record<string, unknown>).Cause !== 'string') fail(`${field}.Throw.Cause`, 'expected a string');
    }
  }
  for (const [machine, m] of Object.entries(root.StateMachines as Record<string, unknown>)) {
    if (!isObject(m) || !isObject(m.TestCases)) fail(`StateMachines.${machine}.TestCases`, 'expected an object of test cases');
    for (const [tc, states] of Object.entries((m as { TestCases: Record<string, unknown> }).TestCases)) {
      if (!isObject(states)) fail(`StateMachines.${machine}.TestCases.${tc}`, 'expected an object mapping state names to mocked responses');
      for (const [state, response] of Object.entries(states as Record<string, unknown>)) {
        const field = `StateMachines.${machine}.TestCases.${tc}.${state}`;
        if (typeof response !== 'string') fail(field, 'expected the name of a mocked response');
        if (!(response as string in responses)) fail(field, `no mocked response "${String(response)}" in MockedResponses`);
      }
    }
  }
  return json as MockConfig;
}

/**
 * The test case to run: `testCase` of `machine` (either may be omitted when the file has only one).
 * Throws a SpecError naming what is ambiguous or missing.
 */
export function selectTestCase(config: MockConfig, file: string, machine?: string, testCase?: string): Readonly<Record<string, string>> {
  const machines = Object.keys(config.StateMachines);
  const m = machine ?? (machines.length === 1 ? machines[0] : undefined);
  if (m === undefined || !config.StateMachines[m]) {
    throw new SpecError({ file, field: 'StateMachines', message: machine === undefined ? `several state machines (${machines.join(', ')}): name one` : `no state machine "${machine}" (has: ${machines.join(', ') || 'none'})` });
  }
  const cases = Object.keys(config.StateMachines[m].TestCases);
  const tc = testCase ?? (cases.length === 1 ? cases[0] : undefined);
  if (tc === undefined || !config.StateMachines[m].TestCases[tc]) {
    throw new SpecError({ file, field: `StateMachines.${m}.TestCases`, message: testCase === undefined ? `several test cases (${cases.join(', ')}): pick one with --test-case` : `no test case "${testCase}" (has: ${cases.join(', ') || 'none'})` });
  }
  return config.StateMachines[m].TestCases[tc];
}

/**
 * A RunOptions.mockTask answering the states a test case names, by invocation number of each state
 * (retries and Map items count); other states fall through to the built-in integrations. An
 * invocation with no mocked answer fails with States.Runtime, as Step Functions Local does.
 */
export function mockTaskFrom(config: MockConfig, testCase: Readonly<Record<string, string>>): (call: TaskCall) => Promise<CallResult | undefined> {
  const invocations = new Map<string, number>();
  return async (call) => {
    const responseName = testCase[call.stateName];
    if (responseName === undefined) return undefined;
    const n = invocations.get(call.stateName) ?? 0;
    invocations.set(call.stateName, n + 1);
    const answer = answerFor(config.MockedResponses[responseName], n);
    if (!answer) throw new StatesError('States.Runtime', `mocked response "${responseName}" has no answer for invocation ${n} of state '${call.stateName}'`);
    if ('Throw' in answer) throw new StatesError(answer.Throw.Error, answer.Throw.Cause);
    return { output: answer.Return, durationSeconds: 0 };
  };
}

function answerFor(response: Readonly<Record<string, MockedAnswer>>, n: number): MockedAnswer | undefined {
  for (const [key, answer] of Object.entries(response)) {
    const [lo, hi] = key.split('-').map(Number);
    if (n >= lo && n <= (hi ?? lo)) return answer;
  }
  return undefined;
}
