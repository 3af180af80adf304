import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/**
 * Lets a state machine resume its own waiting branches (cross-branch waits call SendTaskSuccess
 * with a task token of the same execution), scoped to that one state machine's ARN.
 *
 * The grant is a separate policy attached to the role: the state machine depends on its role's
 * default policy, so naming its own ARN there would be a dependency cycle; this policy depends on
 * the state machine instead.
 */
export function grantResumeOwnExecutions(scope: Construct, machine: sfn.StateMachine): iam.Policy {
  const policy = new iam.Policy(scope, 'ResumeOwnExecutionsPolicy', {
    statements: [new iam.PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: [machine.stateMachineArn] })],
  });
  policy.attachToRole(machine.role);
  return policy;
}
