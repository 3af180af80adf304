import { resultsParameters, Scope, underBranch } from '../../lib/compile/data-flow';

describe('data flow', () => {
  test('a flat scope finds results under $.results', () => {
    // GIVEN
    const s = Scope.withFlatResults(['a', 'b']);
    // WHEN
    s.set('c', '$.parallel1.c');
    // THEN
    expect(s.ids()).toStrictEqual(['a', 'b', 'c']);
    expect(resultsParameters(s, ['a', 'c'])).toStrictEqual({ 'a.$': '$.results.a', 'c.$': '$.parallel1.c' });
    expect(s.location('zzz')).toBeUndefined();
  });

  test('requiring a result that is not visible is an internal error naming the task', () => {
    expect(() => Scope.withFlatResults([]).require('x')).toThrow('internal: result of "x" is not visible in this scope');
  });

  test('a path is re-rooted under a Parallel branch index', () => {
    expect(underBranch('$.results.a', 2)).toBe('$[2].results.a');
    expect(underBranch('$.parallel3.b', 0)).toBe('$[0].parallel3.b');
  });
});
