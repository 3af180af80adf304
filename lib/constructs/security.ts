import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Runs cdk-nag's AWS Solutions pack on every stack of the app at synth (errors fail the synth). */
export function addSecurityChecks(app: App): void {
  // Loaded here, not at the top: cdk-nag takes ~0.5 s to load and only this needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: cdk-nag takes ~0.5 s to load and only this needs it
  const { AwsSolutionsChecks } = require('cdk-nag') as typeof import('cdk-nag');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/** One acknowledged cdk-nag finding, with the reason it is acceptable. */
export interface Acknowledgement {
  readonly id: string;
  readonly reason: string;
}

/** Acknowledges findings on a construct and everything below it, each with its written reason. */
export function acknowledge(scope: IConstruct, acks: readonly Acknowledgement[]): void {
  for (const a of acks) Validations.of(scope).acknowledge({ id: a.id, reason: a.reason });
}

/** What a workflow's findings are about. */
export interface WorkflowSecurityScope {
  readonly deadLetterQueue: IConstruct;
  /** Task function roles (their policy carries the X-Ray wildcard). */
  readonly functionRoles: readonly IConstruct[];
  /** State machine roles (parent and children). */
  readonly stateMachines: readonly IConstruct[];
  /** True when the layout resumes its own waiting branches (SendTaskSuccess on its own ARN: nothing to acknowledge). */
  readonly callbacks: boolean;
  /** Child state machines the parent starts with startExecution.sync:2. */
  readonly children: readonly IConstruct[];
  /** True when the state machines log ALL events (WorkflowProps.logLevel). @default false */
  readonly logsAllEvents?: boolean;
}

const XRAY = 'X-Ray PutTraceSegments/PutTelemetryRecords (and the sampling calls) have no resource-level permissions.';

/**
 * The findings every dagstep workflow has by design, each acknowledged on the construct it is
 * about, for the exact finding, with the reason it is acceptable.
 */
export function acknowledgeWorkflowFindings(s: WorkflowSecurityScope): void {
  acknowledge(s.deadLetterQueue, [{
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is the dead-letter queue of the workflow; a DLQ of a DLQ would only move the same messages.',
  }]);
  for (const role of s.functionRoles) acknowledge(role, [{ id: 'AwsSolutions-IAM5[Resource::*]', reason: XRAY }]);
  // Task functions need no acknowledgement: the state machines invoke their published versions,
  // granted on each exact qualified ARN (no `<function-arn>:*`).
  for (const sm of s.stateMachines) {
    acknowledge(sm, [
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: `${XRAY} CloudWatch Logs delivery actions (CreateLogDelivery etc.) also require Resource *.` },
      ...(s.logsAllEvents ? [] : [{
        id: 'AwsSolutions-SF1',
        reason: 'Logging is ERROR without execution data by default: ALL would copy every state\'s input, results and dead-letter payloads into CloudWatch Logs. Every event stays in the execution history; set logLevel ALL to log them.',
      }]),
      ...s.children.map((child) => ({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${Stack.of(child).resolve((child.node.defaultChild as CfnResource).logicalId)}"}]}]}*]`,
        reason: 'Waiting for a child execution (startExecution.sync:2) needs DescribeExecution/StopExecution on the executions of that one child state machine, whose names are generated at run time.',
      })),
    ]);
  }
}
