import { parsePath, readPath, tryReadPath, writePath } from '../../lib/local/jsonpath';

/** The ASL error a call throws. */
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return { error: (e as { error: string }).error, cause: (e as { cause: string }).cause }; }
  return undefined;
};

describe('parsePath', () => {
  test('splits dotted, indexed, quoted and wildcard steps', () => {
    // GIVEN paths of every supported form
    // WHEN parsed
    // THEN the steps are as written
    expect(parsePath('$')).toStrictEqual([]);
    expect(parsePath('$.a.b[0]')).toStrictEqual(['a', 'b', 0]);
    expect(parsePath("$['a b'].c")).toStrictEqual(['a b', 'c']);
    expect(parsePath('$.a[*].b')).toStrictEqual(['a', '*', 'b']);
    expect(parsePath('$.a.*')).toStrictEqual(['a', '*']);
    expect(parsePath('$[2]')).toStrictEqual([2]);
  });

  test('rejects text that is not a JSONPath', () => {
    // GIVEN malformed paths
    // WHEN parsed
    // THEN each fails with States.Runtime naming the path
    for (const p of ['a.b', '$a', '$.a[x]', '$.a..b', '']) {
      expect(errorOf(() => parsePath(p))).toStrictEqual({ error: 'States.Runtime', cause: `invalid JSONPath ${JSON.stringify(p)}` });
    }
  });
});

describe('readPath', () => {
  const data = { a: { b: [10, 20, { c: 'deep' }] }, 'x y': 1, n: null, items: [{ id: 1 }, { id: 2 }, { other: 3 }] };

  test('reads fields, indexes and quoted names', () => {
    // GIVEN nested data
    // WHEN paths are read
    // THEN the values are returned as they are (including null)
    expect(readPath(data, '$')).toBe(data);
    expect(readPath(data, '$.a.b[1]')).toBe(20);
    expect(readPath(data, '$.a.b[2].c')).toBe('deep');
    expect(readPath(data, "$['x y']")).toBe(1);
    expect(readPath(data, '$.n')).toBe(null);
  });

  test('a wildcard collects the matches, skipping items without the rest of the path', () => {
    // GIVEN an array of objects and an object
    // WHEN read with [*] and .*
    // THEN matches are collected in order
    expect(readPath(data, '$.items[*].id')).toStrictEqual([1, 2]);
    expect(readPath({ o: { p: 1, q: 2 } }, '$.o.*')).toStrictEqual([1, 2]);
  });

  test('a missing field, an index past the end or a field of a non-object is States.Runtime', () => {
    // GIVEN paths that do not resolve
    // WHEN read
    // THEN each fails with the Step Functions message; tryReadPath returns undefined
    for (const p of ['$.nope', '$.a.b[3]', '$.a.b.c', '$.n.x', '$.a[0]', '$.a.b[0].x']) {
      expect(errorOf(() => readPath(data, p))).toStrictEqual({ error: 'States.Runtime', cause: `The JSONPath '${p}' could not be found in the input` });
      expect(tryReadPath(data, p)).toBe(undefined);
    }
    expect(tryReadPath(data, '$.a.b[0]')).toBe(10);
  });
});

describe('writePath', () => {
  test('$ or undefined replaces, null keeps the input', () => {
    // GIVEN an input
    const input = { a: 1 };
    // WHEN written with $, undefined and null
    // THEN the value replaces or is discarded
    expect(writePath(input, '$', 'v')).toBe('v');
    expect(writePath(input, undefined, 'v')).toBe('v');
    expect(writePath(input, null, 'v')).toBe(input);
  });

  test('a field path copies the input and sets the value, creating intermediate objects', () => {
    // GIVEN an input with a nested object
    const input = { a: { keep: true }, b: 2 };
    // WHEN values are written at existing and new nested paths
    const out1 = writePath(input, '$.a.added', 'x');
    const out2 = writePath(input, '$.c.d.e', 1);
    // THEN the outputs hold the values and the input is unchanged
    expect(out1).toStrictEqual({ a: { keep: true, added: 'x' }, b: 2 });
    expect(out2).toStrictEqual({ a: { keep: true }, b: 2, c: { d: { e: 1 } } });
    expect(input).toStrictEqual({ a: { keep: true }, b: 2 });
  });

  test('a ResultPath with an index is refused', () => {
    // GIVEN a path with [0]
    // WHEN written
    // THEN it fails with States.Runtime
    expect(errorOf(() => writePath({ a: [1] }, '$.a[0]', 2))).toStrictEqual({ error: 'States.Runtime', cause: 'ResultPath $.a[0] must name object fields' });
  });

  // BUG: Step Functions fails with States.ResultPathMatchFailure when ResultPath names a field but the
  // state input is not an object (an array, a string...). writePath silently replaces the input with {}
  // and continues, so the array is lost.
  test('a field ResultPath on an array input fails with States.ResultPathMatchFailure', () => {
    // GIVEN an array input
    // WHEN a result is written at $.r
    // THEN it fails like Step Functions
    expect(errorOf(() => writePath([1, 2], '$.r', 'x'))?.error).toBe('States.ResultPathMatchFailure');
  });
});
