import * as fs from 'fs';
import * as path from 'path';
import { registerGraph, renderGraph } from '../../lib/cli/graph';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { tempDir } from '../support/temp';

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
  beforeAll(() => { dir = tempDir('dagstep-graph-'); });

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

  test('renderGraph draws a fallback under the task it stands in for, not as a branch of the workflow', () => {
    // GIVEN fetch → send, and send falls back to queue
    const dag = {
      source: 'f',
      tasks: [
        { id: 'fetch', dependsOn: [], durationSeconds: 1 },
        { id: 'send', dependsOn: ['fetch'], durationSeconds: 2, fallback: 'queue' },
        { id: 'queue', dependsOn: [], durationSeconds: 1 },
      ],
    };
    // WHEN rendered
    const out = renderGraph(dag, 'sp', 'f');
    // THEN the fallback is on the line under send (at send's level), and the plan is fetch → send
    expect(out).toBe([
      'f: 3 tasks (1 fallback), 2 levels, critical path 3s',
      '  fetch → send',
      '',
      'L0 * fetch           1s',
      'L1 * send            2s  ← fetch',
      '     ⇢ queue         1s  fallback of send (runs only if it fails)',
      '',
      'layout sp: makespan 3s (critical path 3s, ratio 1.000)',
      'sequence',
      '├─ fetch',
      '└─ send  ⇢ fallback queue',
      '(* = on the critical path; ⇢ = the fallback that runs in place of the task above it)',
      '',
    ].join('\n'));
  });
});
