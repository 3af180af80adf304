import type { AslChoiceRule } from '../../model/asl';
import { matches } from '../choice';
import { StatesError } from '../errors';
import type { StateIo } from '../io';
import { evalField } from '../jsonata-field';
import type { StepResult } from '../runtime';

/**
 * Choice: the first matching rule (JSONPath comparison or JSONata Condition) with its own Assign
 * and Output, else Default with the state's; no match and no Default is States.NoChoiceMatched.
 */
export async function runChoice(io: StateIo): Promise<StepResult> {
  const { state, name, frame } = io.env;
  const rules = state.Choices ?? [];
  const effective = io.effectiveInput();
  for (let i = 0; i < rules.length; i++) {
    const rule: AslChoiceRule = rules[i];
    const hit = io.jsonata
      ? await evalField(rule.Condition, io.bindings({ input: io.env.input }), `Choices[${i}]/Condition`, io.env.rt.random)
      : matches(rule as Record<string, unknown>, effective, io.scope(effective).context, frame.vars);
    if (io.jsonata && typeof hit !== 'boolean') {
      throw new StatesError('States.QueryEvaluationError', `The JSONata expression '${String(rule.Condition).slice(2, -2).trim()}' specified for the field 'Choices[${i}]/Condition' returned an unexpected result type. Expected 'boolean', but was '${typeof hit}' for value: ${JSON.stringify(hit)}`);
    }
    if (hit === true) return { output: await io.finish(effective, { resultPath: false, rule, prefix: `Choices[${i}]/` }), next: rule.Next };
  }
  if (state.Default !== undefined) return { output: await io.finish(effective), next: state.Default };
  throw new StatesError('States.NoChoiceMatched', `no choice rule matched in state "${name}" and there is no Default`);
}
