import { naiveLayout } from '../../../lib/graph/layout/naive';

describe('naive layout', () => {
  test('one parallel per ASAP level, in sequence', () => {
    // GIVEN
    const d = { source: 's', tasks: [
      { id: 'a', dependsOn: [], durationSeconds: 1 }, { id: 'b', dependsOn: [], durationSeconds: 1 },
      { id: 'c', dependsOn: ['a'], durationSeconds: 1 }, { id: 'd', dependsOn: ['c', 'b'], durationSeconds: 1 },
    ] };
    // WHEN / THEN
    expect(naiveLayout.layout(d)).toStrictEqual({ strategy: 'naive', crossEdges: [], root: { kind: 'seq', children: [
      { kind: 'par', branches: [{ kind: 'task', id: 'a' }, { kind: 'task', id: 'b' }] },
      { kind: 'task', id: 'c' }, { kind: 'task', id: 'd' },
    ] } });
  });
});
