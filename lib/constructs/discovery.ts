import { Lazy, Stack, Tags } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DISCOVERY } from '../model/contract';

/** Props of a {@link WorkflowDiscovery}. */
export interface WorkflowDiscoveryProps {
  /** The workflow's name (the model's `name`). */
  readonly workflowName: string;
  /** The workflow's (root) state machine. */
  readonly stateMachine: sfn.StateMachine;
  /** The workflow's dead-letter queue. */
  readonly deadLetterQueue: sqs.IQueue;
  /**
   * The workflow's `concurrency.maxExecutions` (`dagstep backfill` never runs more at once).
   * @default - none
   */
  readonly maxExecutions?: number;
  /**
   * The ARN of the alias executions should start (`live`).
   * @default - a `live` CfnStateMachineAlias in the same scope, found at synthesis; else none
   */
  readonly aliasArn?: string;
}

/**
 * Makes a workflow findable by `dagstep start | dlq | backfill` wherever it is deployed (any stack,
 * any construct path): an SSM parameter `/dagstep/<workflow>` holding
 * `{"stateMachineArn", "aliasArn"?, "deadLetterQueueUrl", "region", "maxExecutions"?}`, and the tags
 * `dagstep:workflow=<workflow>` and `dagstep:dead-letter-queue=<url>` on the state machine (for
 * users who cannot read SSM).
 */
export class WorkflowDiscovery extends Construct {
  /** The parameter `/dagstep/<workflow>`. */
  public readonly parameter: ssm.StringParameter;
  private aliasArn?: string;

  constructor(scope: Construct, id: string, props: WorkflowDiscoveryProps) {
    super(scope, id);
    this.aliasArn = props.aliasArn;
    const stack = Stack.of(this);
    this.parameter = new ssm.StringParameter(this, 'Parameter', {
      parameterName: `${DISCOVERY.parameterPrefix}${props.workflowName}`,
      description: `dagstep workflow ${props.workflowName}: where the dagstep CLI finds its state machine and dead-letter queue`,
      // Lazy: an alias created after this construct (deployment settings) is still written.
      stringValue: Lazy.string({
        produce: () => stack.toJsonString({
          stateMachineArn: props.stateMachine.stateMachineArn,
          ...(this.liveAliasArn() ? { aliasArn: this.liveAliasArn() } : {}),
          deadLetterQueueUrl: props.deadLetterQueue.queueUrl,
          region: stack.region,
          ...(props.maxExecutions ? { maxExecutions: props.maxExecutions } : {}),
        }),
      }),
    });
    // Only the state machine resource itself (not its role): `Tags.of` a CFN resource has no children.
    const resource = props.stateMachine.node.defaultChild as sfn.CfnStateMachine;
    Tags.of(resource).add(DISCOVERY.workflowTag, props.workflowName);
    Tags.of(resource).add(DISCOVERY.deadLetterQueueTag, props.deadLetterQueue.queueUrl);
  }

  /**
   * The alias starts target: the one given, else a `live` alias (CfnStateMachineAlias) found in
   * the same scope as this construct (the Workflow's deployment settings create it).
   */
  private liveAliasArn(): string | undefined {
    if (this.aliasArn) return this.aliasArn;
    const alias = this.node.scope?.node.findAll()
      .find((c): c is sfn.CfnStateMachineAlias => c instanceof sfn.CfnStateMachineAlias && c.name === DISCOVERY.liveAlias);
    return alias?.attrArn;
  }

  /** Records the alias `dagstep start` and `dagstep backfill` target (the workflow's `live` alias). */
  public useAlias(aliasArn: string): void {
    this.aliasArn = aliasArn;
  }
}
