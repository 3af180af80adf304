import * as path from 'path';
import { formatSummary } from '../lib/cli/run';
import { LocalWorkflow } from '../lib/testing/local-workflow';
import { writeReport } from '../lib/cli/private/report-file';
import { renderGraph } from '../lib/cli/graph';
import { EXAMPLES } from '../examples';

/**
 * `npm start`: runs the ETL example locally — the exact compiled definition, with its real
 * handlers, on a virtual clock — prints its graph and a run summary, and writes the HTML report.
 */
async function main(): Promise<void> {
  const etl = EXAMPLES.find((e) => e.name === 'etl')!;
  const model = etl.load();
  process.stdout.write(renderGraph(model, model.layout ?? 'sp', model.name));
  const local = new LocalWorkflow(model);
  const states = Object.keys((local.compiled.definition as { States: object }).States).length;
  process.stdout.write(`\ncompiled: ${states} top-level states, ${Object.keys(local.compiled.functions).length} Lambda functions, dead-letter queue ${local.compiled.deadLetterQueueUrl}\n\n`);
  const { summary, result } = await local.run({ input: { date: '2026-11-24', records: 25 }, seed: 1 });
  const report = path.resolve('run-report.html');
  writeReport(report, model, summary, result);
  process.stdout.write(formatSummary(model.name, summary, report));
  process.exitCode = summary.status === 'SUCCEEDED' ? 0 : 1;
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
