import { renderRunbook, RunbookWorkflow } from '../../../lib/constructs/observability/runbook';

/** The runbook split into its `## ` sections, by heading. */
function sections(text: string): Record<string, string> {
  const [head, ...rest] = text.split('\n## ');
  return Object.fromEntries([['', head], ...rest.map((s) => [s.slice(0, s.indexOf('\n')), s.slice(s.indexOf('\n') + 1)])]);
}

const ORDERS: RunbookWorkflow = {
  name: 'orders',
  description: 'Nightly orders.',
  tasks: [
    { id: 'extract', dependsOn: [], description: 'Pull orders' },
    { id: 'load', dependsOn: ['extract'], retry: { name: 'transient' }, fallback: 'park' },
    { id: 'park', dependsOn: [] },
    { id: 'notify', dependsOn: ['load'], optional: true, retry: { rules: [] } as { name?: string } },
  ],
  slo: { p99Seconds: 900, successRate: 0.995 },
};

describe('renderRunbook', () => {
  test('what it does: the graph of the main tasks, and each task with its retry policy and failure handling', () => {
    // GIVEN / WHEN
    const s = sections(renderRunbook(ORDERS, []));
    // THEN
    expect(s['']).toBe('# Runbook: orders\n\nNightly orders.\n');
    expect(s['What it does']).toBe([
      '', '```mermaid', 'graph TD', '  t_extract["extract"]', '  t_load["load"]', '  t_notify["notify"]', '  t_extract --> t_load', '  t_load --> t_notify', '```', '',
      '| task | what it does | retry policy | on failure |', '|---|---|---|---|',
      '| `extract` | Pull orders | default | dead-lettered, execution fails |',
      '| `load` |  | transient | runs `park` instead |',
      '| `park` |  | default | fallback task |',
      '| `notify` |  | custom | optional: recorded, dead-lettered, workflow goes on |',
      '', 'SLO: p99 execution time ≤ 900 s; success rate ≥ 99.5 %.', '',
    ].join('\n'));
  });

  test('each alarm with what to do, in the order given, pipes escaped', () => {
    // GIVEN
    const alarms = [{ name: 'orders-dlq-messages', description: 'Work waits: `dagstep dlq list orders`.' }, { name: 'orders-x', description: 'a | b' }];
    // WHEN
    const s = sections(renderRunbook(ORDERS, alarms, { stackName: 'OrdersProd' }));
    // THEN
    expect(s.Alarms).toBe([
      '', 'Every alarm notifies the SNS topic in the `AlarmTopicArn` output of the `OrdersProd` stack; the dashboard is `dagstep-orders`.', '',
      '| alarm | what to do |', '|---|---|', '| `orders-dlq-messages` | Work waits: `dagstep dlq list orders`. |', '| `orders-x` | a \\| b |', '',
    ].join('\n'));
  });

  test('find, read, fix and redrive: the CLI commands for this workflow and its stack', () => {
    // GIVEN / WHEN
    const s = sections(renderRunbook(ORDERS, []));
    // THEN
    expect(s['Find a failing execution']).toContain('--stack-name Dagstep-orders ');
    expect(s['Find a failing execution']).toContain('\ndagstep history <executionArn> ');
    expect(s['Find a failing execution']).toContain('`dagstep/orders/failed tasks by error class`, `dagstep/orders/slowest tasks`, `dagstep/orders/all log lines of one execution (replace EXECUTION_ARN)`, `dagstep/orders/retries per task`');
    expect(s['Read the dead letter']).toContain('\ndagstep dlq list orders ');
    const redrive = s['Fix and redrive'].split('\n').filter((l) => /^(dagstep|aws) /.test(l));
    expect(redrive).toStrictEqual([
      'dagstep dlq redrive orders [--message-id <id>]',
      'dagstep dlq redrive orders --mode redrive [--message-id <id>]',
      'aws stepfunctions redrive-execution --execution-arn <executionArn>',
    ]);
  });

  test('without description or SLO it says so instead of leaving a gap', () => {
    // GIVEN / WHEN
    const s = sections(renderRunbook({ name: 'w', tasks: [{ id: 'a', dependsOn: [] }] }, []));
    // THEN
    expect(s['']).toBe('# Runbook: w\n');
    expect(s['What it does'].endsWith('\nNo SLO declared.\n')).toBe(true);
  });
});
