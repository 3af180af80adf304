import { App, Fn, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { renderReferences, renderResolvedJson } from '../../lib/compile/references';

describe('references', () => {
  test('Ref, GetAtt and Join render as ${...} placeholders', () => {
    // GIVEN a stack with a queue
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S');
    const q = new sqs.Queue(stack, 'Q');
    const id = stack.getLogicalId(q.node.defaultChild as sqs.CfnQueue);
    // WHEN rendered
    // THEN
    expect(renderReferences(stack, q.queueUrl)).toBe(`\${${id}}`);
    expect(renderReferences(stack, q.queueArn)).toBe(`\${${id}.Arn}`);
    expect(renderReferences(stack, Fn.join('/', ['a', q.queueName]))).toBe(`a/\${${id}.QueueName}`);
    expect(renderReferences(stack, 'plain')).toBe('plain');
  });

  test('renderResolvedJson keeps objects and renders intrinsics inside them', () => {
    // GIVEN resolved JSON / WHEN / THEN
    expect(renderResolvedJson({ a: [{ Ref: 'X' }, 1], b: { 'Fn::GetAtt': ['F', 'Arn'] }, c: { d: 'e' } }))
      .toStrictEqual({ a: ['${X}', 1], b: '${F.Arn}', c: { d: 'e' } });
  });

  test('an imported value (a child workflow\'s exported ARN) renders as ${ImportValue:<export>}', () => {
    // GIVEN / WHEN / THEN
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S');
    expect(renderReferences(stack, Fn.importValue('Dagstep-billing-StateMachineArn'))).toBe('${ImportValue:Dagstep-billing-StateMachineArn}');
    expect(renderResolvedJson({ Arn: { 'Fn::ImportValue': 'X' } })).toStrictEqual({ Arn: '${ImportValue:X}' });
  });

  test('an unknown intrinsic is an internal error', () => {
    // GIVEN / WHEN / THEN
    expect(() => renderResolvedJson({ 'Fn::Join': ['', [{ 'Fn::Sub': 'x' }]] }))
      .toThrow('internal: cannot render CloudFormation value {"Fn::Sub":"x"}');
  });
});
