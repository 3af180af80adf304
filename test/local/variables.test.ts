import { flatten, hasVariable } from '../../lib/local/variables';

describe('hasVariable', () => {
  test('finds variables of the scope and of its enclosing scopes, not Object.prototype names', () => {
    // GIVEN a scope two levels inside the top one (as a Map inside a Map builds them)
    const top: Record<string, unknown> = { bias: 1 };
    const outer = Object.assign(Object.create(top) as Record<string, unknown>, { x: 2 });
    const inner = Object.create(outer) as Record<string, unknown>;
    // WHEN names are looked up from the innermost scope
    const found = ['bias', 'x', 'toString', 'nope'].map((n) => hasVariable(inner, n));
    // THEN the enclosing scopes' variables are visible, prototype members and unknown names are not
    expect(found).toStrictEqual([true, true, false, false]);
  });
});

describe('flatten', () => {
  test('copies the variables of a scope and of its enclosing scopes', () => {
    // GIVEN a scope inside another
    const scope = Object.assign(Object.create({ outer: 1 }) as Record<string, unknown>, { inner: 2 });
    // WHEN flattened
    // THEN both are own properties of one object
    expect(flatten(scope)).toStrictEqual({ inner: 2, outer: 1 });
  });
});
