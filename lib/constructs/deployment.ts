import * as crypto from 'crypto';
import { Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DISCOVERY } from '../model/contract';
import type { DeploymentModel } from '../model/types';

/** Defaults of a canary or linear deployment. */
export const DEFAULT_DEPLOYMENT_PERCENT = 10;
export const DEFAULT_DEPLOYMENT_INTERVAL_MINUTES = 5;

/** Props of {@link LiveAlias}. */
export interface LiveAliasProps {
  readonly workflowName: string;
  readonly stateMachine: sfn.StateMachine;
  /** @default - all at once */
  readonly deployment?: DeploymentModel;
  /**
   * Alarm names that roll a canary or linear deployment back.
   * @default - `deployment.alarms`, else none
   */
  readonly rollbackAlarms?: readonly string[];
}

/**
 * Safe deploys: every deploy whose definition changed publishes a new state machine version, and
 * the `live` alias moves to it — at once, or canary/linear with automatic rollback when a rollback
 * alarm fires. Executions keep the version they started with: a replaced version is retained
 * (UpdateReplacePolicy Retain), so in-flight executions finish on it.
 */
export class LiveAlias extends Construct {
  public readonly version: sfn.CfnStateMachineVersion;
  public readonly alias: sfn.CfnStateMachineAlias;
  /** The alias ARN (`<state machine ARN>:live`). */
  public readonly aliasArn: string;
  /** The alias as a state machine to grant and target (StartExecution on the alias only). */
  public readonly target: sfn.IStateMachine;

  constructor(scope: Construct, id: string, props: LiveAliasProps) {
    super(scope, id);
    const cfn = props.stateMachine.node.defaultChild as sfn.CfnStateMachine;
    const stack = Stack.of(this);
    // The description carries a hash of the definition: a changed definition changes a
    // replacement-requiring property, so CloudFormation publishes a new version.
    this.version = new sfn.CfnStateMachineVersion(this, 'Version', {
      stateMachineArn: props.stateMachine.stateMachineArn,
      stateMachineRevisionId: props.stateMachine.stateMachineRevisionId,
      description: Lazy.string({ produce: () => `dagstep ${props.workflowName} definition ${definitionHash(stack, cfn)}` }),
    });
    this.version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const d = props.deployment ?? { type: 'all-at-once' };
    const alarms = [...(d.alarms ?? []), ...(props.rollbackAlarms ?? [])];
    const gradual = d.type !== 'all-at-once';
    this.alias = new sfn.CfnStateMachineAlias(this, 'Alias', {
      name: DISCOVERY.liveAlias,
      description: `dagstep ${props.workflowName}: the version triggers and dagstep start run (${d.type} deployments)`,
      deploymentPreference: {
        stateMachineVersionArn: this.version.attrArn,
        type: d.type === 'canary' ? 'CANARY' : d.type === 'linear' ? 'LINEAR' : 'ALL_AT_ONCE',
        ...(gradual ? {
          percentage: d.percent ?? DEFAULT_DEPLOYMENT_PERCENT,
          interval: d.intervalMinutes ?? DEFAULT_DEPLOYMENT_INTERVAL_MINUTES,
          ...(alarms.length > 0 ? { alarms: [...new Set(alarms)] } : {}),
        } : {}),
      },
    });
    this.aliasArn = this.alias.attrArn;
    this.target = sfn.StateMachine.fromStateMachineArn(this, 'Target', this.aliasArn);
  }
}

/** A short hash of what the state machine runs (its definition, inline or in S3, and substitutions). */
function definitionHash(stack: Stack, cfn: sfn.CfnStateMachine): string {
  const what = stack.resolve({ d: cfn.definitionString, s3: cfn.definitionS3Location, sub: cfn.definitionSubstitutions,
    def: cfn.definition as unknown }) as unknown;
  return crypto.createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 16);
}
