import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { layeredDag, randomDag } from './dags';

/** One CLI case: median wall time of the built CLI (node start included) and the largest RSS. */
export interface CliBenchRow {
  readonly case: string;
  readonly runs: number;
  readonly medianSeconds: number;
  readonly maxRssMb: number;
  /** Median CPU time (user + system, all threads): what the case costs when the machine is shared. */
  readonly medianCpuSeconds: number;
  /** The target for the median. */
  readonly targetSeconds: number;
}

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'dist', 'bin', 'dagstep.js');

/**
 * Times the built CLI (`dist/bin/dagstep.js`, built first) the way a user runs it:
 * `--help`, `compile` of a small spec, and `compile` / `check` of generated 1,000- and
 * 10,000-task specs: the sparse random DAG and, at 10,000 tasks, the layered one (layers of 5-40
 * tasks, each depending on 1-3 of the layer before), the shape whose layout costs most. Each case runs `runs` times (10,000 tasks: at most 3); the median is
 * reported.
 */
export function cliBenchmark(runs = 5): CliBenchRow[] {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dagstep-bench-cli-'));
  try {
    const rss = path.join(dir, 'rss.js');
    // Peak RSS of the CLI itself: /proc's VmHWM starts afresh at exec, while getrusage's maxRSS
    // carries over the (larger) bench process that spawned it.
    fs.writeFileSync(rss, [
      "process.on('exit', () => {",
      '  const u = process.resourceUsage();',
      "  let kb = u.maxRSS;",
      "  try { kb = Number(/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]); } catch {}",
      '  process.stderr.write(`\\nDAGSTEP_MAX_RSS_KB=${kb} DAGSTEP_CPU_US=${u.userCPUTime + u.systemCPUTime}\\n`);',
      '});',
      '',
    ].join('\n'));
    const spec = (n: number, shape: 'random' | 'layered' = 'random') => {
      const file = path.join(dir, `${shape}-${n}.json`);
      const m = shape === 'random' ? randomDag(n, 42) : layeredDag(n, 42);
      fs.writeFileSync(file, JSON.stringify({ name: `${shape}_${n}`, tasks: m.tasks.map((t) => ({ id: t.id, dependsOn: t.dependsOn, durationSeconds: t.durationSeconds, retry: 'default' })) }));
      return file;
    };
    const small = path.join(ROOT, 'examples', 'five-step', 'five-step.json');
    const [s1k, s10k, layered10k] = [spec(1000), spec(10000), spec(10000, 'layered')];
    const cases: [string, string[], number, number][] = [
      ['dagstep --help', ['--help'], runs, 0.3],
      ['compile (5 tasks)', ['compile', small], runs, 0.8],
      ['compile 1,000 tasks', ['compile', s1k], runs, 1.5],
      ['check 1,000 tasks', ['check', s1k], runs, 1.5],
      ['compile 10,000 tasks', ['compile', s10k], Math.min(runs, 3), 10],
      ['check 10,000 tasks', ['check', s10k], Math.min(runs, 3), 10],
      ['compile 10,000 tasks, layered', ['compile', layered10k], Math.min(runs, 3), 10],
      ['check 10,000 tasks, layered', ['check', layered10k], Math.min(runs, 3), 10],
    ];
    return cases.map(([name, args, n, target]) => {
      const times: number[] = [];
      const cpu: number[] = [];
      let maxRss = 0;
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, ['-r', rss, BIN, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
        times.push((performance.now() - t0) / 1000);
        if (r.status !== 0 && !args.includes('check')) throw new Error(`bench: dagstep ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
        const m = /DAGSTEP_MAX_RSS_KB=(\d+) DAGSTEP_CPU_US=(\d+)/.exec(r.stderr);
        maxRss = Math.max(maxRss, m ? Number(m[1]) / 1024 : 0);
        cpu.push(m ? Number(m[2]) / 1e6 : NaN);
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      return { case: name, runs: n, medianSeconds: median(times), medianCpuSeconds: median(cpu), maxRssMb: maxRss, targetSeconds: target };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The `npm run bench` section: prints the table and records the rows in the results. */
export function cliSection(out: Record<string, unknown>): void {
  console.log('\n## CLI (built JS, medians; RSS is the largest of the runs)\n');
  console.log(`load average before: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  console.log('| case | median s | median CPU s | target s | max RSS MB | runs |\n|---|---:|---:|---:|---:|---:|');
  const rows = cliBenchmark();
  for (const r of rows) console.log(`| ${r.case} | ${r.medianSeconds.toFixed(2)} | ${r.medianCpuSeconds.toFixed(2)} | ${r.targetSeconds} | ${r.maxRssMb.toFixed(0)} | ${r.runs} |`);
  out.cli = rows;
}

if (require.main === module) cliSection({});
