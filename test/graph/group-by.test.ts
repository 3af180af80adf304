import { groupBy } from '../../lib/graph/group-by';

describe('groupBy', () => {
  test('GIVEN attempts of several tasks WHEN grouped by task THEN each group keeps the run order, groups in first-seen order', () => {
    const attempts = [{ t: 'b', n: 1 }, { t: 'a', n: 1 }, { t: 'b', n: 2 }, { t: 'c', n: 1 }, { t: 'a', n: 2 }];
    const groups = groupBy(attempts, (x) => x.t);
    expect([...groups.entries()].map(([k, v]) => [k, v.map((x) => x.n)])).toStrictEqual([['b', [1, 2]], ['a', [1, 2]], ['c', [1]]]);
  });

  test('GIVEN nothing WHEN grouped THEN no groups', () => {
    expect(groupBy([], (x: number) => x).size).toBe(0);
  });
});
