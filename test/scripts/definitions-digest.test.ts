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

  // The machines alone (what `compile --format asl` and `check` run) on every case, and the whole
  // stack (what is deployed) on the default variants, in ~30 s; `--check` of the script runs both on all.
  const runs = digestCases().flatMap((c) => [
    [c.key, 'machines', c] as const,
    ...(c.key.endsWith(':default') ? [[c.key, 'stack', c] as const] : []),
  ]);
  test.each(runs)('%s compiles (%s) to the committed bytes', (_key, via, c) => {
    // GIVEN one workflow and its compile options
    // WHEN every state machine of it is compiled and digested
    const digests = digestsOf(c, via);
    // THEN each definition is byte for byte the committed one
    expect(digests).toStrictEqual(committed[c.key]);
  });
});
