import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** Runs cdk-nag's AWS Solutions pack on every stack of the app at synth (errors fail the synth). */
export function addSecurityChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/** One acknowledged cdk-nag finding, with the reason it is acceptable. */
export interface Acknowledgement {
  readonly id: string;
  readonly reason: string;
}

/** Acknowledges findings on a construct (and everything below it), each with its written reason. */
export function acknowledge(scope: IConstruct, acks: readonly Acknowledgement[]): void {
  for (const a of acks) Validations.of(scope).acknowledge({ id: a.id, reason: a.reason });
}

/** The findings every dagstep workflow has by design, and why each is acceptable. */
export const WORKFLOW_ACKNOWLEDGEMENTS: readonly Acknowledgement[] = [
  {
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is the dead-letter queue of the workflow; a DLQ of a DLQ would only move the same messages.',
  },
  {
    id: 'AwsSolutions-IAM5',
    reason: 'Wildcards are scoped: X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; '
      + 'log streams are created at runtime under the function\'s own log group (log-group-arn:*); Lambda invoke '
      + 'grants cover versions/aliases of the workflow\'s own functions (function-arn:*); child executions and '
      + 'callback tokens are limited to state machines of this account and region.',
  },
];

/** Applies {@link WORKFLOW_ACKNOWLEDGEMENTS} to a workflow's stack. */
export function acknowledgeWorkflowFindings(scope: IConstruct): void {
  acknowledge(Stack.of(scope), WORKFLOW_ACKNOWLEDGEMENTS);
}
