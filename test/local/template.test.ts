import { seededRandom } from '../../lib/local/clock';
import type { EvalScope } from '../../lib/local/intrinsics';
import { renderTemplate, resolveDynamic } from '../../lib/local/template';

const scope = (input: unknown, context: unknown = {}): EvalScope => ({ input, context, random: seededRandom(1) });

describe('resolveDynamic', () => {
  test('reads the input, the context object or evaluates an intrinsic', () => {
    // GIVEN an input and a context
    const s = scope({ a: { b: 1 } }, { Task: { Token: 'tok' } });
    // WHEN each kind of expression is resolved
    // THEN the matching source is used
    expect(resolveDynamic('$.a.b', s)).toBe(1);
    expect(resolveDynamic('$', s)).toStrictEqual({ a: { b: 1 } });
    expect(resolveDynamic('$$.Task.Token', s)).toBe('tok');
    expect(resolveDynamic("States.Format('x{}', $.a.b)", s)).toBe('x1');
  });
});

describe('renderTemplate', () => {
  test('renders .$ keys at any depth, including inside arrays, and keeps static values', () => {
    // GIVEN a nested template
    const template = {
      static: 'text', n: 1, nul: null, flag: false,
      'id.$': '$.id',
      nested: { 'token.$': '$$.Task.Token', list: [{ 'v.$': '$.id' }, 'plain', 3] },
      'joined.$': "States.Format('{}-{}', $.id, $$.Task.Token)",
    };
    // WHEN rendered
    const out = renderTemplate(template, scope({ id: 'i1' }, { Task: { Token: 'tok' } }));
    // THEN every .$ key lost its suffix and carries the resolved value
    expect(out).toStrictEqual({
      static: 'text', n: 1, nul: null, flag: false,
      id: 'i1',
      nested: { token: 'tok', list: [{ v: 'i1' }, 'plain', 3] },
      joined: 'i1-tok',
    });
  });

  test('a .$ key with a non-string value is left as written; non-object templates are returned as they are', () => {
    // GIVEN odd templates
    // WHEN rendered
    // THEN nothing is resolved
    expect(renderTemplate({ 'x.$': 5 }, scope({}))).toStrictEqual({ 'x.$': 5 });
    expect(renderTemplate('$.a', scope({ a: 1 }))).toBe('$.a');
    expect(renderTemplate(null, scope({}))).toBe(null);
    expect(renderTemplate([1, { 'a.$': '$.a' }], scope({ a: 2 }))).toStrictEqual([1, { a: 2 }]);
  });

  test('a path that does not resolve fails with States.Runtime', () => {
    // GIVEN a template reading a missing field
    // WHEN rendered
    // THEN it throws
    expect(() => renderTemplate({ 'a.$': '$.missing' }, scope({}))).toThrow("States.Runtime: The JSONPath '$.missing' specified for the field 'a.$' could not be found in the input '{}'");
  });
});
