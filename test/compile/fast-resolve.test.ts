import * as path from 'path';
import { App, CfnResource, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { resolveJson, resolveRenderedJson } from '../../lib/compile/fast-resolve';
import { renderResolvedJson } from '../../lib/compile/references';
import { WorkflowStack } from '../../lib/constructs/workflow-stack';
import { loadSpecFile } from '../../lib/model/spec-loader';

const KINDS = path.resolve(__dirname, '../fixtures/kinds/kinds.yaml');

/** String, number, list and key tokens, a Lazy, an intrinsic, a huge plain number and undefined values. */
function everyToken() {
  const stack = new Stack(new App(), 'S');
  const queue = new sqs.Queue(stack, 'Q');
  const value = {
    plain: 'no tokens here', n: 42, big: 1e300, nothing: null, skipped: undefined,
    url: queue.queueUrl,
    inString: `arn:${queue.queueArn}:suffix`,
    port: Token.asNumber(Lazy.number({ produce: () => 8080 })),
    list: Token.asList(Fn.split(',', 'a,b')),
    keyed: { [Lazy.string({ produce: () => 'k' })]: 'by a lazy key' },
    lazy: Lazy.any({ produce: () => ({ deep: [queue.queueArn, 1, undefined] }) }),
    arr: ['a', undefined, queue.queueUrl, { x: [queue.queueUrl] }],
    ref: Fn.ref('AWS::Region'),
  };
  return { stack, queue, value };
}

describe('resolveJson', () => {
  test('GIVEN every kind of token CDK encodes WHEN resolved THEN the result equals stack.resolve', () => {
    // GIVEN string, number, list and key tokens, a Lazy, an intrinsic and undefined values
    const { stack, value } = everyToken();
    // WHEN / THEN
    expect(resolveJson(stack, value)).toStrictEqual(stack.resolve(value));
  });

  test('GIVEN a workflow of every task kind WHEN each resource\'s properties are resolved THEN they equal stack.resolve', () => {
    // GIVEN the kinds fixture synthesized without bundling
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new WorkflowStack(app, undefined, { model: loadSpecFile(KINDS) });
    const resources = stack.node.findAll().filter((c): c is CfnResource => c instanceof CfnResource);
    expect(resources.length > 20).toBe(true);
    // WHEN / THEN
    for (const r of resources) {
      const props = (r as unknown as { cfnProperties: Record<string, unknown> }).cfnProperties;
      expect({ id: r.node.path, props: resolveJson(stack, props) }).toStrictEqual({ id: r.node.path, props: stack.resolve(props) });
    }
  });

  test('GIVEN a map key that resolves to an intrinsic WHEN resolved THEN it fails as stack.resolve does', () => {
    const stack = new Stack(new App(), 'S');
    const queue = new sqs.Queue(stack, 'Q');
    const value = { keyed: { [queue.queueName]: 'x' } };
    expect(() => stack.resolve(value)).toThrow(/must resolve to a string/);
    expect(() => resolveJson(stack, value)).toThrow(/must resolve to a string/);
  });
});

describe('resolveRenderedJson', () => {
  test('GIVEN every kind of token CDK encodes, an intrinsic object and a repeated token WHEN rendered in one walk THEN it equals the two walks', () => {
    // GIVEN
    const { stack, queue, value: tokens } = everyToken();
    const value = { ...tokens, again: queue.queueUrl, written: { 'Fn::GetAtt': ['Q', 'Arn'] } };
    // WHEN / THEN
    expect(resolveRenderedJson(stack, value)).toStrictEqual(renderResolvedJson(resolveJson(stack, value)));
  });
});
