import { stackName } from '../../compile/names';
import { toMermaid } from '../../graph/mermaid';
import { QUERIES } from './queries';
import { renderStarts, RunbookStarts } from './runbook-starts';

/** What the runbook needs of an alarm. */
export interface RunbookAlarm {
  readonly name: string;
  readonly description: string;
}

/** What the runbook needs of a workflow: a WorkflowModel is one. */
export interface RunbookWorkflow extends RunbookStarts {
  readonly name: string;
  readonly description?: string;
  readonly tasks: readonly RunbookTask[];
  readonly slo?: { readonly p99Seconds: number; readonly successRate: number };
}

/** What the runbook needs of a task. */
export interface RunbookTask {
  readonly id: string;
  readonly dependsOn: readonly string[];
  readonly description?: string;
  /** @default - the `default` policy */
  readonly retry?: { readonly name?: string };
  readonly optional?: boolean;
  readonly fallback?: string;
}

/** Options of {@link renderRunbook}. */
export interface RunbookOptions {
  /** The deployed stack. @default - `Dagstep-<workflow>` (lib/compile/names.ts) */
  readonly stackName?: string;
  /** Spec path, named in graph errors. @default - the workflow name */
  readonly source?: string;
}

/**
 * The on-call runbook of a workflow, in markdown: what it does (a mermaid graph), each alarm and
 * what to do, how to find a failing execution, read its dead letter, fix and redrive.
 */
export function renderRunbook(model: RunbookWorkflow, alarms: readonly RunbookAlarm[], options: RunbookOptions = {}): string {
  const stack = options.stackName ?? stackName(model.name);
  const fallbacks = new Set(model.tasks.flatMap((t) => (t.fallback ? [t.fallback] : [])));
  const graph = model.tasks.filter((t) => !fallbacks.has(t.id)).map((t) => ({ id: t.id, dependsOn: t.dependsOn, durationSeconds: 0 }));
  const lines: string[] = [
    `# Runbook: ${model.name}`,
    '',
    ...(model.description ? [model.description, ''] : []),
    '## What it does',
    '',
    '```mermaid',
    toMermaid({ source: options.source ?? model.name, tasks: graph }).trimEnd(),
    '```',
    '',
    '| task | what it does | retry policy | on failure |',
    '|---|---|---|---|',
    ...model.tasks.map((t) => `| \`${t.id}\` | ${t.description ?? ''} | ${t.retry ? t.retry.name ?? 'custom' : 'default'} | ${
      fallbacks.has(t.id) ? 'fallback task' : t.optional ? 'optional: recorded, dead-lettered, workflow goes on'
        : t.fallback ? `runs \`${t.fallback}\` instead` : 'dead-lettered, execution fails'} |`),
    '',
    model.slo ? `SLO: p99 execution time ≤ ${model.slo.p99Seconds} s; success rate ≥ ${model.slo.successRate * 100} %.` : 'No SLO declared.',
    '',
    ...renderStarts(model),
    '## Alarms',
    '',
    `Every alarm notifies the SNS topic in the \`AlarmTopicArn\` output of the \`${stack}\` stack; the dashboard is \`dagstep-${model.name}\`.`,
    '',
    '| alarm | what to do |',
    '|---|---|',
    ...alarms.map((a) => `| \`${a.name}\` | ${a.description.replace(/\|/g, '\\|')} |`),
    '',
    '## Find a failing execution',
    '',
    '```sh',
    `aws stepfunctions list-executions --state-machine-arn "$(aws cloudformation describe-stacks --stack-name ${stack} --query "Stacks[0].Outputs[?OutputKey=='StateMachineArn'].OutputValue" --output text)" --status-filter FAILED --max-items 10`,
    'dagstep history <executionArn>          # every state, with the error of the failed task',
    'dagstep watch <executionArn>            # live progress of a running execution',
    '```',
    '',
    `Logs Insights (saved queries): ${QUERIES.map((q) => `\`dagstep/${model.name}/${q.title}\``).join(', ')}. Every log line carries \`executionId\`, \`taskId\` and \`attempt\`.`,
    '',
    '## Read the dead letter',
    '',
    '```sh',
    `dagstep dlq list ${model.name}           # task, error, cause, execution, timestamp of each message`,
    '```',
    '',
    'Each message is `{workflow, executionId, taskId, error, cause, input, timestamp}`; `input.input` is the execution input and `input.results` the results the task received.',
    '',
    '## Fix and redrive',
    '',
    '1. Fix the cause: the error class says where — `ValidationError`: the input or upstream data; `UpstreamDependencyError`: the dependency; `ResourceExhaustedError`: quotas or concurrency; `TransientError` that exhausted its retries: the dependency is degraded.',
    '2. Restart the work. Either start a new execution with the original input from the dead letter (the message is deleted only after the restart was accepted):',
    '',
    '```sh',
    `dagstep dlq redrive ${model.name} [--message-id <id>]`,
    '```',
    '',
    '   or redrive the failed execution itself from the failed state (Step Functions redrive, within 14 days):',
    '',
    '```sh',
    `dagstep dlq redrive ${model.name} --mode redrive [--message-id <id>]`,
    'aws stepfunctions redrive-execution --execution-arn <executionArn>',
    '```',
    '',
    '3. Watch it: `dagstep watch <executionArn>`; the DLQ alarms clear when the queue is empty.',
    '',
    `Reproduce locally first: \`dagstep run <spec> --input input.json --fail <taskId>=<kind>\` runs the same definition with the real handlers.`,
    '',
  ];
  return lines.join('\n');
}
