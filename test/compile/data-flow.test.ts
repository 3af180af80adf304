import * as path from 'path';
import { gatheredResultThresholdBytes, resultsParameters, Scope, underBranch } from '../../lib/compile/data-flow';
import { LocalWorkflow } from '../../lib/testing/local-workflow';
import { task, workflow } from '../support/models';

const H = (name: string) => path.resolve(__dirname, '../fixtures/handlers/fanout', `${name}.ts`);
const NO_RETRY = { name: 'none', rules: [] };

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

  test('each task gets its share of the 160 KiB gathered-results budget, at least 1 KiB, fallbacks not counted', () => {
    // GIVEN 1, 5 and 1,000 tasks, and 5 tasks one of which is another's fallback
    const n = (k: number) => workflow('w', Array.from({ length: k }, (_, i) => task(`t${i}`)));
    const withFallback = workflow('w', [task('a', [], { fallback: 'b' }), task('b'), task('c'), task('d'), task('e')]);
    // WHEN / THEN
    expect([1, 5, 1000].map((k) => gatheredResultThresholdBytes(n(k)))).toStrictEqual([163_840, 32_768, 1024]);
    expect(gatheredResultThresholdBytes(withFallback)).toBe(40_960);
  });

  test('five tasks each returning 60 KB succeed locally: gathered, they would pass 256 KB, so they travel by reference', async () => {
    // GIVEN five 60 KB results (each under the 64 KB threshold) and a task reading all five
    const five = Array.from({ length: 5 }, (_, i) => task(`big${i}`, [], { handler: H('sixty'), retry: NO_RETRY }));
    const local = new LocalWorkflow(workflow('five', [...five, task('read', five.map((t) => t.id), { handler: H('sizes'), retry: NO_RETRY })]));
    // WHEN
    const { summary } = await local.run({ executionName: 'e' });
    // THEN it succeeded; the reader got every whole value; the state carried references
    const results = (summary.output as { results: Record<string, unknown> }).results;
    const whole = JSON.stringify({ task: 'big0', data: 'x'.repeat(60 * 1024) }).length;
    expect(summary.status).toBe('SUCCEEDED');
    expect(results.read).toStrictEqual(Object.fromEntries(five.map((t) => [t.id, whole])));
    expect(five.map((t) => results[t.id])).toStrictEqual(five.map((t) => ({ '$dagstep.ref': `s3://dagstep-local-results/results/e/${t.id}.json`, size: whole })));
  });
});
