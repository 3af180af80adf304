import { closest } from '../../lib/model/did-you-mean';

describe('closest', () => {
  test('a one-letter typo finds its candidate', () => {
    // GIVEN a misspelt key and the valid keys
    const candidates = ['dependsOn', 'handler', 'timeoutSeconds'];
    // WHEN the closest candidate is looked up
    const found = closest('dependOn', candidates);
    // THEN it is the intended key
    expect(found).toBe('dependsOn');
  });

  test('a word far from every candidate finds nothing', () => {
    // GIVEN a word unlike any candidate
    // WHEN looked up
    const found = closest('zzzzzzzz', ['dependsOn', 'handler']);
    // THEN there is no suggestion
    expect(found).toBeUndefined();
  });

  test('no candidates finds nothing', () => {
    // GIVEN no candidates / WHEN looked up / THEN undefined
    expect(closest('x', [])).toBeUndefined();
  });

  test('the nearest of several candidates wins, the first on a tie', () => {
    // GIVEN candidates at distance 1 and 2
    // WHEN looked up
    // THEN the nearest wins; ties keep the first
    expect(closest('abc', ['abxy', 'abd'])).toBe('abd');
    expect(closest('abc', ['abd', 'abe'])).toBe('abd');
  });

  test('distance 2 is accepted for short words, 3 is not', () => {
    // GIVEN a 3-letter word: threshold max(2, 1) = 2
    // WHEN / THEN
    expect(closest('abc', ['xyc'])).toBe('xyc');
    expect(closest('abc', ['xyz'])).toBeUndefined();
  });
});
