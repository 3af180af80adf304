import { conformanceCases, normal, observed, runCase } from './corpus';

describe('conformance with AWS Step Functions (documented and recorded behaviour)', () => {
  test.each(conformanceCases().map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    // GIVEN a definition, input and task answers (source: c.source)
    // WHEN it runs on the local engine
    const r = await runCase(c);
    // THEN status, and output / error / cause where the source records them, are AWS's
    expect(normal(observed(c, r))).toStrictEqual(normal(c.expected));
  });

  test('the corpus has at least 150 cases, each with a source', () => {
    const cases = conformanceCases();
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(cases.filter((c) => c.source.trim() === '').map((c) => c.name)).toStrictEqual([]);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});
