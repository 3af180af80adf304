import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { WorkflowStack } from '../../lib/constructs/workflow-stack';
import type { WorkflowModel } from '../../lib/model/types';

/** A workflow synthesized as deployed (bundling skipped): its template and its rendered definition. */
export function synthWorkflow(model: WorkflowModel, observability = false): { stack: WorkflowStack; template: Template; definition: Record<string, any> } {
  const stack = new WorkflowStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), undefined, { model, observability });
  const definition = stack.workflow.renderedDefinition(stack.workflow.stateMachine) as Record<string, any>;
  return { stack, template: Template.fromStack(stack), definition };
}

/** The policy statements of the state machine's role (its DefaultPolicy), as rendered JSON. */
export function stateMachineStatements(template: Template): Record<string, unknown>[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([id]) => /StateMachineRoleDefaultPolicy/.test(id))
    .flatMap(([, p]) => (p as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties.PolicyDocument.Statement);
}
