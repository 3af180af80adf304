import * as fs from 'fs';
import * as path from 'path';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerRunbook, runbookOf } from '../../lib/cli/runbook';
import { EXAMPLES } from '../../examples';

describe('dagstep runbook', () => {
  test.each(EXAMPLES.map((e) => [e.name, e.file]))('the committed docs/%s-runbook.md is what the command writes today', async (name, file) => {
    // WHEN
    const io = captureIO();
    const code = await runCli(['runbook', file], io, [registerRunbook]);
    // THEN
    expect(code).toBe(0);
    expect(io.out()).toBe(fs.readFileSync(path.resolve(__dirname, `../../docs/${name}-runbook.md`), 'utf8'));
  });

  test('it documents every alarm the stack creates, the graph, and the find / read / fix / redrive commands', () => {
    // GIVEN
    const model = EXAMPLES[0].load();
    // WHEN
    const text = runbookOf(model);
    // THEN
    for (const signal of ['executions-failed', 'executions-timed-out', 'executions-throttled', 'dlq-messages', 'dlq-age', 'p99-duration', 'success-rate']) {
      expect(text).toContain(`| \`etl-${signal}\` |`);
    }
    expect(text).toContain('```mermaid\ngraph TD');
    expect(text).toContain('dagstep history <executionArn>');
    expect(text).toContain('dagstep dlq list etl');
    expect(text).toContain('dagstep dlq redrive etl [--message-id <id>]');
    expect(text).toContain('aws stepfunctions redrive-execution --execution-arn <executionArn>');
  });

  test('the nightly batch runbook says what the optional task and the fallback do', () => {
    const text = runbookOf(EXAMPLES[1].load());
    expect(text).toContain('| `rebuild_search_index` | Rebuild the search index (optional: stale search is acceptable) | transient | optional: recorded, dead-lettered, workflow goes on |');
    expect(text).toContain('runs `queue_statements` instead');
  });
});
