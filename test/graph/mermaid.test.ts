import { toMermaid } from '../../lib/graph/mermaid';
import type { Dag } from '../../lib/graph/dag';

const dag = {
  source: 'test',
  tasks: [
    { id: 'extract-a', dependsOn: [], durationSeconds: 1 },
    { id: 'b', dependsOn: [], durationSeconds: 5 },
    { id: 'join', dependsOn: ['extract-a', 'b'], durationSeconds: 1 },
  ],
} as unknown as Dag;

describe('toMermaid', () => {
  test('plain graph: ids with "-" are mapped, one edge per dependency', () => {
    // GIVEN a small DAG / WHEN drawn
    const out = toMermaid(dag);
    // THEN
    expect(out).toBe([
      'graph TD',
      '  t_extract__a["extract-a"]',
      '  t_b["b"]',
      '  t_join["join"]',
      '  t_extract__a --> t_join',
      '  t_b --> t_join',
      '',
    ].join('\n'));
  });

  test('critical path edges are thick; labels, classDefs and classes are rendered', () => {
    // GIVEN options / WHEN drawn
    const out = toMermaid(dag, {
      criticalPath: ['b', 'join'],
      labels: { b: '5 s', join: 'say "hi"' },
      classDefs: { failed: 'fill:#f88' },
      classes: { 'extract-a': 'failed' },
    });
    // THEN
    expect(out).toBe([
      'graph TD',
      '  t_extract__a["extract-a"]',
      '  t_b["b<br/><small>5 s</small>"]',
      '  t_join["join<br/><small>say #quot;hi#quot;</small>"]',
      '  t_extract__a --> t_join',
      '  t_b ==> t_join',
      '  classDef failed fill:#f88',
      '  class t_extract__a failed',
      '',
    ].join('\n'));
  });

  test('a fallback is drawn as a dotted edge from the task it stands in for', () => {
    // GIVEN send falls back to queue
    const withFallback = {
      source: 'test',
      tasks: [
        { id: 'send', dependsOn: [], durationSeconds: 1, fallback: 'queue' },
        { id: 'queue', dependsOn: [], durationSeconds: 1 },
      ],
    } as unknown as Dag;
    // WHEN drawn / THEN
    expect(toMermaid(withFallback)).toBe([
      'graph TD',
      '  t_send["send"]',
      '  t_queue["queue"]',
      '  t_send -. fallback .-> t_queue',
      '',
    ].join('\n'));
  });
});
