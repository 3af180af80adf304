import { evalJsonata } from './jsonata';

export { expressionOf } from './jsonata';

/**
 * Evaluates a JSONata state field (`Output`, `Arguments`, `Assign/x`, `Items`...): a `{% %}`
 * string, or an object/array whose string leaves may be expressions. A failure is
 * States.QueryEvaluationError naming the field as AWS does (`Output/a/b[0]`); `$random()` and
 * `$uuid()` draw from the execution's seeded source.
 */
export function evalField(value: unknown, bindings: Record<string, unknown>, field: string, random?: () => number): Promise<unknown> {
  return evalJsonata(value, bindings, { field, random });
}
