import { seededRandom } from '../../lib/local/clock';
import { randomFaults } from '../../lib/local/faults';
import type { LambdaInvoker } from '../../lib/local/engine';
import type { LocalRunOptions, RunSummary } from '../../lib/testing/local-workflow';
import { compiled, failing, INPUT, Kind, KINDS, Layout, LAYOUTS } from './support';

/**
 * A simulate-style soak: many executions, each with random transient faults plus one randomly
 * chosen failure of another kind (or none), across layouts and task kinds, without history (as
 * `dagstep simulate` runs). Over all of them: 0 lost (a failed unit without a letter), 0
 * duplicated (two letters for one unit).
 */
const FAILURES = ['none', 'permanent', 'timeout', 'abort', 'sqs-down', 'oversized', 'item'] as const;

function runOptions(failure: (typeof FAILURES)[number], seed: number, kind: Kind): LocalRunOptions {
  const transient = (inv: LambdaInvoker) => randomFaults(inv, { transientRate: 0.2, permanentRate: 0, seed });
  switch (failure) {
    case 'none': return { wrapInvoker: transient };
    case 'permanent': return { wrapInvoker: transient, faults: [{ taskId: 'b', kind: 'permanent' }, ...(kind === 'fallback' ? [{ taskId: 'b_fb', kind: 'permanent' as const }] : [])] };
    case 'timeout': return { wrapInvoker: transient, faults: [{ taskId: 'd', kind: 'timeout' }] };
    case 'abort': return { wrapInvoker: transient, abortAfterSeconds: 2.5 };
    case 'sqs-down': return { wrapInvoker: transient, faults: [{ taskId: 'b', kind: 'permanent' }], mockTask: failing('sqs:sendMessage', 'SQS.SdkClientException') };
    case 'oversized': return { input: { ...INPUT, blob: 'x'.repeat(140 * 1024) }, faults: [{ taskId: 'e', kind: 'validation' }] };
    case 'item': return {
      wrapInvoker: (inv) => transient(async (req) => {
        if (req.itemIndex === 3) throw Object.assign(new Error('bad item'), { name: 'ValidationError' });
        return inv(req);
      }),
    };
  }
}

/** Lost and duplicated letters of one execution, from its outcome and its task statuses. */
function audit(s: RunSummary, kind: Kind): { lost: number; duplicated: number } {
  const letters = s.deadLetters as { taskId: string | null; optional: boolean; executionId: string; kind: string }[];
  const required = letters.filter((l) => !l.optional);
  // A failed execution is one failed unit of work: exactly one non-optional letter.
  const expectedRequired = s.status === 'SUCCEEDED' ? 0 : 1;
  // An optional task that failed while the execution went on: exactly one optional letter.
  const optionalFailed = kind === 'optional' && s.tasks.b.status === 'FAILED' && s.status === 'SUCCEEDED' ? 1 : 0;
  const optional = letters.filter((l) => l.optional).length;
  const keys = letters.map((l) => `${l.executionId}#${l.taskId}#${l.optional}#${l.kind}`);
  return {
    lost: Math.max(0, expectedRequired - required.length) + Math.max(0, optionalFailed - optional),
    duplicated: Math.max(0, required.length - expectedRequired) + Math.max(0, optional - optionalFailed) + (keys.length - new Set(keys).size),
  };
}

describe('soak: mixed failures, every layout and task kind', () => {
  test('0 lost, 0 duplicated', async () => {
    // GIVEN a seeded mix of executions
    const random = seededRandom(14);
    let lost = 0;
    let duplicated = 0;
    let failed = 0;
    const seen = new Set<string>();
    // WHEN each runs with transient faults plus one random failure kind
    for (let i = 0; i < 48; i++) {
      const layout: Layout = LAYOUTS[i % LAYOUTS.length];
      const kind: Kind = KINDS[Math.floor(i / LAYOUTS.length) % KINDS.length];
      const failure = FAILURES[Math.floor(random() * FAILURES.length)];
      const { summary } = await compiled(layout, kind).run({ input: INPUT, seed: i + 1, executionName: `soak-${i}`, keepHistory: false, ...runOptions(failure, i + 1, kind) });
      const a = audit(summary, kind);
      lost += a.lost;
      duplicated += a.duplicated;
      if (summary.status !== 'SUCCEEDED') failed++;
      seen.add(failure);
    }
    // THEN nothing is lost or sent twice, and the mix did exercise failures
    expect({ lost, duplicated }).toStrictEqual({ lost: 0, duplicated: 0 });
    expect(failed).toBeGreaterThan(0);
    expect(seen.size).toBeGreaterThan(4);
  });
});
