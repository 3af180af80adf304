import { Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type { WorkflowObservability } from './index';
import { renderRunbook, RunbookWorkflow } from './runbook';

/** Grid rows of a text widget per line of markdown (a row is about two lines of text). */
const LINES_PER_ROW = 2;

/**
 * Puts the workflow's runbook on its own dashboard, as a full-width text widget (CloudWatch text
 * widgets render markdown: CDK `cloudwatch.TextWidget`, "The text to display, in MarkDown format").
 * The runbook is then deployed with the stack and is where the on-call engineer already is, rather
 * than a link to a file of the repository that built it. Call it once every alarm exists (after
 * {@link WorkflowObservability.addSignals}): it documents the alarms deployed.
 */
export function embedRunbook(observability: WorkflowObservability, model: RunbookWorkflow): cw.TextWidget {
  const markdown = renderRunbook(model, observability.alarmSpecs(), { stackName: Stack.of(observability).stackName });
  const widget = new cw.TextWidget({ width: 24, height: Math.ceil(markdown.split('\n').length / LINES_PER_ROW) + 1, markdown });
  observability.dashboard.addWidgets(widget);
  return widget;
}
