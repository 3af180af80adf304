import { SetMemo, Solved } from '../../../../lib/graph/layout/private/set-memo';

const solved = (id: string, span: number): Solved => ({ node: { kind: 'task', id }, span });

describe('SetMemo', () => {
  test('finds an entry by both hashes and the size only', () => {
    // GIVEN one set of 2 tasks remembered under hashes (7, 9)
    const memo = new SetMemo();
    memo.remember(7, 9, [0, 1], solved('a', 1));
    // WHEN / THEN the same hashes and size find it; another size or second hash does not
    expect(memo.lookup(7, 9, 2)).toStrictEqual({ size: 2, h2: 9, set: [0, 1], solved: solved('a', 1) });
    expect([memo.lookup(7, 9, 3), memo.lookup(7, 8, 2), memo.lookup(6, 9, 2)]).toStrictEqual([undefined, undefined, undefined]);
  });

  test('a later set with the same hashes and size replaces the earlier one; other sizes stay', () => {
    // GIVEN two sets under the same first hash, sizes 2 and 3
    const memo = new SetMemo();
    memo.remember(7, 9, [0, 1], solved('a', 1));
    memo.remember(7, 9, [0, 1, 2], solved('b', 2));
    // WHEN a different set of size 2 comes with the same hashes
    memo.remember(7, 9, [3, 4], solved('c', 3));
    // THEN it replaced the first, and the set of size 3 is still there
    expect(memo.lookup(7, 9, 2)).toStrictEqual({ size: 2, h2: 9, set: [3, 4], solved: solved('c', 3) });
    expect(memo.lookup(7, 9, 3)?.set).toStrictEqual([0, 1, 2]);
  });
});
