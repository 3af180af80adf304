import { committedDigests, digestCases, digestsOf } from '../../scripts/definitions-digest';

// The byte-for-byte proof of refactors (issue 24): every definition compiled for the benchmark DAGs
// and the examples has the digest committed in test/fixtures/definition-digests.json. A change
// that alters definitions on purpose reruns `npx tsx scripts/definitions-digest.ts` and says so.
describe('definition digests', () => {
  const committed = committedDigests();

  test('the digests file holds exactly the cases the script computes', () => {
    // GIVEN the cases of scripts/definitions-digest.ts
    const keys = digestCases().map((c) => c.key);
    // WHEN compared with the committed file
    // THEN neither has a case the other lacks
    expect(Object.keys(committed)).toStrictEqual(keys);
  });

  test.each(digestCases().map((c) => [c.key, c] as const))('%s compiles to the committed bytes', (_key, c) => {
    // GIVEN one workflow and its compile options
    // WHEN every state machine of it is compiled and digested
    const digests = digestsOf(c);
    // THEN each definition is byte for byte the committed one
    expect(digests).toStrictEqual(committed[c.key]);
  });
});
