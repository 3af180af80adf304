import { notFoundDetail, parsePath, queryPath, readPath, tryReadPath, writePath } from '../../lib/local/jsonpath';

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

  test('a missing field or a field of a non-object is States.Runtime, worded like Step Functions', () => {
    // GIVEN paths that do not resolve
    // WHEN read, with and without the field they were written in
    // THEN each fails with the Step Functions message; tryReadPath returns undefined
    // (wording: "The JSONPath '$.missing' specified for the field 'param1.$' could not be found in
    // the input ..." recorded from AWS in ManageIQ/floe spec/fixtures/test-pass-fail.asl)
    const input = JSON.stringify(data);
    for (const p of ['$.nope', '$.a.b.c', '$.n.x', '$.a[0]', '$.a.b[0].x', '$.a.b[5].x']) {
      expect(errorOf(() => readPath(data, p))).toStrictEqual({ error: 'States.Runtime', cause: `The JSONPath '${p}' could not be found in the input` });
      expect(errorOf(() => readPath(data, p, { field: 'InputPath' }))).toStrictEqual({
        error: 'States.Runtime', cause: `The JSONPath '${p}' specified for the field 'InputPath' could not be found in the input '${input}'`,
      });
      expect(tryReadPath(data, p)).toBe(undefined);
    }
    expect(tryReadPath(data, '$.a.b[0]')).toBe(10);
  });

  test('an index past the end of an array reads null (AWS: "v.$": "$.items[5]" on {"items":[1,2]} succeeds with null)', () => {
    // Recorded on AWS us-east-1 (floci AslExecutorIntrinsicMissingArgumentTest, plainReferencePastTheEndOfAnArrayResolvesToNull)
    expect(readPath({ items: [1, 2] }, '$.items[5]')).toBe(null);
    expect(queryPath({ items: [1, 2] }, '$.items[5]', true)).toStrictEqual({ found: false });
    expect(tryReadPath({ items: [1, 2] }, '$.items[5]')).toBe(undefined);
  });

  test('negative indexes and index unions', () => {
    const d = { a: [1, 2, 3, 4] };
    expect(readPath(d, '$.a[-1]')).toBe(4);
    expect(readPath(d, '$.a[0,2]')).toStrictEqual([1, 3]);
    expect(readPath({ o: { x: 1, y: 2, z: 3 } }, "$.o['x','z']")).toStrictEqual([1, 3]);
  });

  test('slices: [1:], [:2], [-1:], [0:4:2]; on a missing array the result is [] (AWS: $.items[1:] on {} gives [])', () => {
    // Jayway JsonPath slice semantics (https://github.com/json-path/JsonPath#operators), which AWS uses
    const d = { items: [1, 2, 3, 4] };
    expect(readPath(d, '$.items[1:]')).toStrictEqual([2, 3, 4]);
    expect(readPath(d, '$.items[:2]')).toStrictEqual([1, 2]);
    expect(readPath(d, '$.items[-1:]')).toStrictEqual([4]);
    expect(readPath(d, '$.items[-2:]')).toStrictEqual([3, 4]);
    expect(readPath(d, '$.items[1:3]')).toStrictEqual([2, 3]);
    expect(readPath(d, '$.items[0:4:2]')).toStrictEqual([1, 3]);
    expect(readPath({}, '$.items[1:]')).toStrictEqual([]);
    expect(readPath({}, '$.items[:2]')).toStrictEqual([]);
  });

  test('[*] on a missing array is [] (issue 11 point 6, recorded AWS behaviour)', () => {
    expect(readPath({}, '$.items[*]')).toStrictEqual([]);
    expect(readPath({}, '$.items[*].id')).toStrictEqual([]);
    // A wildcard projection matching nothing is an empty array (floci, recorded on AWS)
    expect(readPath({ items: [1, 2] }, '$.items[*].nope')).toStrictEqual([]);
  });

  test('filters: ==, !=, comparisons, &&, ||, !, existence, regex, in', () => {
    // Example from the Step Functions docs (https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html)
    // and Jayway JsonPath filter operators, which AWS uses
    const users = { users: [
      { name: 'a', status: 0, age: 30, tags: ['x'] }, { name: 'b', status: 1, age: 20 }, { name: 'c', status: 0, age: 17, vip: true },
    ] };
    const names = (p: string) => (readPath(users, p) as { name: string }[]).map((u) => u.name);
    expect(names('$.users[?(@.status == 0)]')).toStrictEqual(['a', 'c']);
    expect(names('$.users[?(@.status != 0)]')).toStrictEqual(['b']);
    expect(names('$.users[?(@.age >= 20 && @.status == 0)]')).toStrictEqual(['a']);
    expect(names('$.users[?(@.age < 18 || @.status == 1)]')).toStrictEqual(['b', 'c']);
    expect(names('$.users[?(@.vip)]')).toStrictEqual(['c']);
    expect(names('$.users[?(!@.vip)]')).toStrictEqual(['a', 'b']);
    expect(names("$.users[?(@.name == 'b')]")).toStrictEqual(['b']);
    expect(names('$.users[?(@.name =~ /[ab]/)]')).toStrictEqual(['a', 'b']);
    expect(names("$.users[?(@.name in ['a', 'c'])]")).toStrictEqual(['a', 'c']);
    expect(names('$.users[?(@.tags[0] == "x")]')).toStrictEqual(['a']);
    expect(readPath(users, '$.users[?(@.status == 0)].name')).toStrictEqual(['a', 'c']);
    expect(readPath({}, '$.users[?(@.status == 0)]')).toStrictEqual([]);
  });

  test('recursive descent collects every match in document order', () => {
    const d = { a: { id: 1, b: [{ id: 2 }, { c: { id: 3 } }] }, id: 0 };
    // each node's own match first, then its children's (Jayway's scan order)
    expect(readPath(d, '$..id')).toStrictEqual([0, 1, 2, 3]);
    expect(readPath({ x: [{ y: 1 }, { y: 2 }] }, '$..y')).toStrictEqual([1, 2]);
  });

  test('$$. paths read the context object when it is given', () => {
    const context = { Execution: { Id: 'arn:x' } };
    expect(readPath({ a: 1 }, '$$.Execution.Id', { context })).toBe('arn:x');
    expect(errorOf(() => readPath({ a: 1 }, '$$.Execution.Nope', { context, field: 'OutputPath' }))?.cause)
      .toBe("The JSONPath '$$.Execution.Nope' specified for the field 'OutputPath' could not be found in the input '{\"a\":1}'");
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

describe('notFoundDetail', () => {
  test('names the first missing field before the last, or the whole path when only the last is missing', () => {
    // GIVEN data with some of the fields a path names
    const data = { a: { b: [1] } };
    // WHEN the detail of each path that matches nothing is asked for
    const details = ['$.x.y', '$.a.c.d', '$.a.c', '$.a.b[3]', '$..x'].map((p) => notFoundDetail(p, data));
    // THEN they read as Jayway JsonPath's (and so AWS's) messages
    expect(details).toStrictEqual([
      "Missing property in path $['x']",
      "Missing property in path $['a']['c']",
      "No results for path: $['a']['c']",
      "No results for path: $['a']['b'][3]",
      "No results for path: $..x",
    ]);
  });
});

describe('quoted names', () => {
  test('unescape only their own quote', () => {
    // GIVEN field names with a backslash and with a quote
    const data = { 'a\\"b': 1, "it's": 2, 'say "hi"': 3 };
    // WHEN read through bracket notation
    const values = ["$['a\\\"b']", "$['it\\'s']", '$["say \\"hi\\""]'].map((p) => readPath(data, p));
    // THEN the backslash stays part of the name, the escaped quote is a quote
    expect(values).toStrictEqual([1, 2, 3]);
  });
});
