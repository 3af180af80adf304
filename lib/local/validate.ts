import type { QueryLanguage } from '../model/asl';
import { UnsupportedError } from './errors';
import type { State } from './types';

const RETRY = ['Retry', 'Catch'];
const TASK_OPTIONS = ['Resource', 'TimeoutSeconds', 'HeartbeatSeconds', 'Credentials'];
const MAP_OPTIONS = ['ItemProcessor', 'Iterator', 'ItemSelector', 'MaxConcurrency', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'Label', 'ItemReader', 'ItemBatcher', 'ResultWriter'];

/** Fields each state type carries in JSONPath states, beyond Type/Comment/Next/End/QueryLanguage. */
const JSONPATH: Record<string, readonly string[]> = {
  Pass: ['InputPath', 'OutputPath', 'Assign', 'Result', 'ResultPath', 'Parameters'],
  Task: ['InputPath', 'OutputPath', 'Assign', ...TASK_OPTIONS, 'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'Parameters', 'ResultPath', 'ResultSelector', ...RETRY],
  Parallel: ['InputPath', 'OutputPath', 'Assign', 'Branches', 'Parameters', 'ResultPath', 'ResultSelector', ...RETRY],
  Map: ['InputPath', 'OutputPath', 'Assign', ...MAP_OPTIONS, 'ItemsPath', 'Parameters', 'MaxConcurrencyPath', 'ToleratedFailurePercentagePath',
    'ToleratedFailureCountPath', 'ResultPath', 'ResultSelector', ...RETRY],
  Choice: ['InputPath', 'OutputPath', 'Assign', 'Choices', 'Default'],
  Wait: ['InputPath', 'OutputPath', 'Assign', 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'],
  Succeed: ['InputPath', 'OutputPath'],
  Fail: ['Error', 'Cause', 'ErrorPath', 'CausePath'],
};

/** Fields each state type carries in JSONata states. */
const JSONATA: Record<string, readonly string[]> = {
  Pass: ['Output', 'Assign'],
  Task: ['Output', 'Assign', ...TASK_OPTIONS, 'Arguments', ...RETRY],
  Parallel: ['Output', 'Assign', 'Branches', 'Arguments', ...RETRY],
  Map: ['Output', 'Assign', ...MAP_OPTIONS, 'Items', ...RETRY],
  Choice: ['Output', 'Assign', 'Choices', 'Default'],
  Wait: ['Output', 'Assign', 'Seconds', 'Timestamp'],
  Succeed: ['Output'],
  Fail: ['Error', 'Cause'],
};

const COMMON = new Set(['Type', 'Comment', 'Next', 'End', 'QueryLanguage']);
const CHECKED = new WeakMap<object, QueryLanguage>();

/**
 * Rejects a state type or field the engine does not run, naming the state (checked once per
 * state object: a Map runs its item states thousands of times).
 */
export function validateState(name: string, state: State, ql: QueryLanguage): void {
  if (CHECKED.get(state) === ql) return;
  const allowed = (ql === 'JSONata' ? JSONATA : JSONPATH)[state.Type];
  if (!allowed) throw new UnsupportedError(name, `state type ${state.Type}`);
  for (const k of Object.keys(state)) {
    if (!COMMON.has(k) && !allowed.includes(k)) throw new UnsupportedError(name, `field ${k} on a ${ql === 'JSONata' ? 'JSONata ' : ''}${state.Type} state`);
  }
  for (const r of state.Retry ?? []) {
    for (const f of ['IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds'] as const) {
      if (r[f] !== undefined && typeof r[f] !== 'number') throw new UnsupportedError(name, `Retry ${f} ${JSON.stringify(r[f])} (a number is required)`);
    }
  }
  CHECKED.set(state, ql);
}

/** A state's query language: its own, else the state machine's. */
export function queryLanguageOf(state: State, machine: QueryLanguage): QueryLanguage {
  return state.QueryLanguage === undefined ? machine : state.QueryLanguage === 'JSONPath' ? 'JSONPath' : 'JSONata';
}
