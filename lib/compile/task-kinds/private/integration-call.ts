import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** Props of an {@link IntegrationCall}. */
export interface IntegrationCallProps extends sfn.TaskStateBaseProps {
  /** The integration after `arn:<partition>:states:::`, e.g. `glue:startJobRun.sync`. */
  readonly integration: string;
  /** The ASL `Parameters` (JSONPath `key.$` entries allowed). */
  readonly parameters: Record<string, unknown>;
  /** Exactly what the state machine role needs for this call (least privilege, written by the kind). */
  readonly policies: readonly iam.PolicyStatement[];
}

/**
 * A Task state calling a Step Functions service integration with parameters and IAM statements the
 * task kind writes itself, so the rendered ASL and the role are exactly what the kind documents.
 */
export class IntegrationCall extends sfn.TaskStateBase {
  protected readonly taskMetrics?: sfn.TaskMetricsConfig;
  protected readonly taskPolicies?: iam.PolicyStatement[];

  constructor(scope: Construct, id: string, private readonly props: IntegrationCallProps) {
    super(scope, id, props);
    this.taskPolicies = [...props.policies];
  }

  /** @internal */
  protected _renderTask(): unknown {
    return {
      Resource: `arn:${Aws.PARTITION}:states:::${this.props.integration}`,
      Parameters: sfn.FieldUtils.renderObject(this.props.parameters),
    };
  }
}
