import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { CrossEdgeRenderer } from '../../lib/compile/cross-edges';
import { DeadLetterRouter } from '../../lib/compile/dead-letter';
import { StateBuilder } from '../../lib/compile/state-builder';
import { renderReferences } from '../../lib/compile/references';
import type { Plan } from '../../lib/graph/plan';
import type { WorkflowModel } from '../../lib/model/types';

/** Function ARN every test task uses. */
export const FN_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:test-fn';
/** Queue URL of the test dead-letter queue. */
export const DLQ_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/test-dlq';

/** Renders a plan of a model into its ASL definition, with fixed function and queue references. */
export function renderStates(model: WorkflowModel, plan: Plan, crossEdgeTable?: string): Record<string, any> {
  const stack = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
  const fn = lambda.Function.fromFunctionArn(stack, 'Fn', FN_ARN);
  const queue = sqs.Queue.fromQueueAttributes(stack, 'Dlq', {
    queueArn: 'arn:aws:sqs:eu-west-1:123456789012:test-dlq', queueUrl: DLQ_URL,
  });
  const scope = new Construct(stack, 'States');
  const chain = new StateBuilder({
    construct: scope, model, functionFor: () => fn,
    deadLetters: new DeadLetterRouter(scope, model.name, queue),
    taskById: new Map(model.tasks.map((t) => [t.id, t])),
  }, crossEdgeTable ? new CrossEdgeRenderer(scope, crossEdgeTable, 3600) : undefined).build(plan);
  const sm = new sfn.StateMachine(stack, 'SM', { definitionBody: sfn.DefinitionBody.fromChainable(chain) });
  return JSON.parse(renderReferences(stack, (sm.node.defaultChild as sfn.CfnStateMachine).definitionString));
}
