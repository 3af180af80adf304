import * as fs from 'fs';
import * as path from 'path';
import { cliSection } from './cli';
import { conformanceBenchmark, mapBenchmark, simulateBenchmark } from './engine';
import { fanOutBenchmark, fanOutLines } from './fanout';
import { defaultLayoutReport, layoutBenchmarkRows, layoutScaleRows, layoutSummary, randomLayoutSummary } from './layout';
import { scaleRow } from './scale';
import { engineCheckRows } from './structural';

const f3 = (x: number) => x.toFixed(3);
const f4 = (x: number) => x.toFixed(4);

/** `npm run bench`: prints the tables and writes bench/results/latest.json. No assertions: numbers. */
async function main(): Promise<void> {
  const out: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  const rows = layoutBenchmarkRows();
  const engine = await engineCheckRows();
  const byFile = new Map(engine.map((e) => [e.file, e]));
  console.log('\n## Layout on the public benchmark set (makespan ÷ critical path)\n');
  console.log('| DAG | tasks | critical path s | naive | sp | exact | auto cross edges | exact cross edges | layout ms | compile ms | sp transitions | exact transitions | engine = structural |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|');
  for (const r of rows) {
    const e = byFile.get(r.file)!;
    console.log(`| ${r.file.replace(/\.json$/, '')} | ${r.tasks} | ${r.criticalPath.toFixed(2)} | ${f4(r.naive)} | ${f4(r.sp)} | ${f4(r.exact)} | ${r.crossEdgesAuto} | ${r.crossEdgesExact} | ${r.layoutMs.toFixed(1)} | ${e.compileMs.toFixed(0)} | ${e.spTransitions} | ${e.exactTransitions} | ${e.matches ? 'yes' : 'NO'} |`);
  }
  const s = layoutSummary(rows);
  console.log(`\ngeometric mean: naive ${f4(s.geoNaive)}, sp ${f4(s.geoSp)}, auto ${f4(s.geoAuto)}, exact ${f4(s.geoExact)}; worst: naive ${f3(s.worstNaive)}, sp ${f4(s.worstSp)}, auto ${f4(s.worstAuto)}, exact ${f4(s.worstExact)}`);
  console.log(`cross edges in all: auto ${s.crossEdgesAuto}, exact ${s.crossEdgesExact}`);
  const random = randomLayoutSummary();
  console.log(`random sparse heavy-tailed DAGs (${random.dags}, 20-300 tasks): sp geometric mean ${f4(random.geoSp)}, worst ${f4(random.worstSp)}; auto ${random.meanCrossEdgesAuto.toFixed(1)} cross edges per DAG; slowest sp layout ${random.maxLayoutMs.toFixed(0)} ms`);
  for (const line of defaultLayoutReport(rows, random)) console.log(line);
  const layoutScale = layoutScaleRows();
  console.log('\n| generated tasks | sp layout ms | auto layout ms | exact layout ms | sp ratio | auto cross edges |\n|---:|---:|---:|---:|---:|---:|');
  for (const r of layoutScale) console.log(`| ${r.tasks} | ${r.spMs.toFixed(0)} | ${r.autoMs.toFixed(0)} | ${r.exactMs.toFixed(0)} | ${f4(r.sp)} | ${r.crossEdgesAuto} |`);
  const transitionsRatio = engine.map((e) => e.spTransitions / (1.1 * e.tasks + 5));
  console.log(`sp transitions vs the 1.1 × tasks + 5 target: worst ${f3(Math.max(...transitionsRatio))} of target`);
  out.layout = { rows, summary: s, random, scale: layoutScale, engine };

  console.log('\n## Scale (generated sparse DAGs, passthrough handler)\n');
  console.log('| tasks | compile ms | synth ms | state machines | resources | template KB | largest definition KB | history events nominal / worst | transitions |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const scale = [];
  for (const n of [1000, 10000]) {
    const r = await scaleRow(n, n <= 1000);
    scale.push(r);
    console.log(`| ${r.tasks} | ${r.compileMs.toFixed(0)} | ${r.synthMs.toFixed(0)} | ${r.stateMachines} | ${r.resources} | ${(r.templateBytes / 1024).toFixed(0)} | ${(r.largestDefinitionBytes / 1024).toFixed(0)} | ${r.historyEventsNominal} / ${r.historyEventsWorst} | ${r.transitions ?? '-'} |`);
  }
  out.scale = scale;
  cliSection(out);

  console.log('\n## Local engine\n');
  const map = await mapBenchmark();
  console.log(`10,000-item Map: dagstep ${map.oursMs.toFixed(0)} ms, aws-local-stepfunctions ${map.theirsMs.toFixed(0)} ms (${map.speedup.toFixed(1)}× faster), heap +${map.oursHeapMb.toFixed(1)} MB, ${map.historyEvents} history events counted`);
  const sim = await simulateBenchmark();
  console.log(`simulate etl × 1,000 (30 % transient, 5 % permanent): ${sim.wallSeconds.toFixed(2)} s wall; succeeded ${sim.succeeded}, dead-lettered ${sim.deadLettered}, lost ${sim.lost}`);
  const conformance = await conformanceBenchmark();
  console.log(`conformance with recorded/documented AWS behaviour (test/local/conformance): ${conformance.passed}/${conformance.total} (${(100 * conformance.passed / conformance.total).toFixed(1)} %)`);
  out.engine = { map, simulate: sim, conformance };

  console.log('\n## Fan-out in the local engine (pass-through handler; peak RSS of the bench process)\n');
  const fanOut = await fanOutBenchmark();
  for (const line of fanOutLines(fanOut)) console.log(line);
  out.fanOut = fanOut;

  const file = path.resolve(__dirname, 'results', 'latest.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`\nwritten: ${path.relative(process.cwd(), file)}`);
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
