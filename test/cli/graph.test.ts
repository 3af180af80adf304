import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { registerGraph, renderGraph } from '../../lib/cli/graph';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';

const SPEC = [
  'name: small',
  'tasks:',
  '  - id: extract',
  '    durationSeconds: 10',
  '  - id: lookup',
  '    durationSeconds: 5',
  '  - id: load',
  '    dependsOn: [extract, lookup]',
  '    durationSeconds: 1.5',
  '',
].join('\n');

const EXPECTED = [
  'small: 3 tasks, 2 levels, critical path 11.5s',
  '  extract → load',
  '',
  'L0 * extract        10s',
  'L0   lookup          5s',
  'L1 * load          1.5s  ← extract, lookup',
  '',
  'layout balanced: makespan 11.5s (critical path 11.5s, ratio 1.000)',
  'sequence',
  '├─ parallel',
  '│  ├─ extract',
  '│  └─ lookup',
  '└─ load',
  '(* = on the critical path)',
  '',
].join('\n');

describe('dagstep graph', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dagstep-graph-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('prints the exact ASCII graph of a small spec', async () => {
    // GIVEN a small spec file
    const file = path.join(dir, 'small.yaml');
    fs.writeFileSync(file, SPEC);
    const io = captureIO();
    // WHEN graphed
    const code = await runCli(['graph', file], io, [registerGraph]);
    // THEN
    expect(code).toBe(0);
    expect(io.err()).toBe('');
    expect(io.out()).toBe(EXPECTED);
  });

  test('renderGraph shows cross-branch waits of an exact layout', () => {
    // GIVEN an N-shaped DAG (not series-parallel)
    const dag = {
      source: 'n',
      tasks: [
        { id: 'a', dependsOn: [], durationSeconds: 1 },
        { id: 'b', dependsOn: [], durationSeconds: 1 },
        { id: 'c', dependsOn: ['a'], durationSeconds: 1 },
        { id: 'd', dependsOn: ['a', 'b'], durationSeconds: 1 },
      ],
    };
    // WHEN rendered with the exact layout
    const out = renderGraph(dag, 'exact', 'n');
    // THEN some task waits for another branch, and the makespan is the critical path
    expect(out).toMatch(/\(waits for a\)/);
    expect(out.split('\n')).toContain('layout exact: makespan 2s (critical path 2s, ratio 1.000)');
  });

  test('renderGraph names the task a fallback stands in for', () => {
    // GIVEN send falls back to queue
    const dag = {
      source: 'f',
      tasks: [
        { id: 'send', dependsOn: [], durationSeconds: 2, fallback: 'queue' },
        { id: 'queue', dependsOn: [], durationSeconds: 1 },
      ],
    };
    // WHEN rendered
    const lines = renderGraph(dag, 'sp', 'f').split('\n');
    // THEN the fallback's line points at its primary
    expect(lines.slice(3, 5)).toStrictEqual(['L0 * send          2s', 'L0   queue         1s  ⇠ fallback of send']);
  });
});
