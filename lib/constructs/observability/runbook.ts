import { toMermaid } from '../../graph/mermaid';
import type { WorkflowModel } from '../../model/types';
import { stackName } from '../../compile/names';
import { QUERIES } from './queries';

/** What the runbook needs of an alarm. */
export interface RunbookAlarm {
  readonly name: string;
  readonly description: string;
}

/**
 * The on-call runbook of a workflow, in markdown: what it does (a mermaid graph), each alarm and
 * what to do, how to find a failing execution, read its dead letter, fix and redrive.
 */
export function renderRunbook(model: WorkflowModel, alarms: readonly RunbookAlarm[]): string {
  const stack = stackName(model.name);
  const fallbacks = new Set(model.tasks.flatMap((t) => (t.fallback ? [t.fallback] : [])));
  const lines: string[] = [
    `# Runbook: ${model.name}`,
    '',
    model.description ?? '',
    '',
    '## What it does',
    '',
    '```mermaid',
    toMermaid({ source: model.source, tasks: model.tasks.filter((t) => !fallbacks.has(t.id)) }).trimEnd(),
    '```',
    '',
    '| task | what it does | retry policy | on failure |',
    '|---|---|---|---|',
    ...model.tasks.map((t) => `| \`${t.id}\` | ${t.description ?? ''} | ${t.retry.name ?? 'custom'} | ${
      fallbacks.has(t.id) ? 'fallback task' : t.optional ? 'optional: recorded, dead-lettered, workflow goes on'
        : t.fallback ? `runs \`${t.fallback}\` instead` : 'dead-lettered, execution fails'} |`),
    '',
    model.slo ? `SLO: p99 execution time ≤ ${model.slo.p99Seconds} s; success rate ≥ ${model.slo.successRate * 100} %.` : 'No SLO declared.',
    '',
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
