import { CompileError } from '../../lib/model/errors';
import type { Plan } from '../../lib/graph/plan';
import { COORDINATION_TTL_MARGIN_SECONDS } from '../../lib/compile/cross-edges';
import { taskOfState } from '../../lib/model/guard-decision';
import { task, workflow } from '../support/models';
import { renderStates } from '../support/render-states';

const DYNAMO_RETRY = {
  ErrorEquals: ['DynamoDb.ProvisionedThroughputExceededException', 'DynamoDb.RequestLimitExceeded', 'DynamoDb.ThrottlingException', 'DynamoDb.InternalServerErrorException'],
  IntervalSeconds: 1, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 20, JitterStrategy: 'FULL',
};
const KEY = { pk: { 'S.$': "States.Format('{}#a#d', $$.Execution.Id)" } };

describe('cross-branch edges (exact layouts)', () => {
  // GIVEN c ← a, d ← a, b: laid out as (a ; c) | (b ; d) with d waiting for a across branches
  const model = workflow('w', [task('a'), task('b'), task('c', ['a']), task('d', ['a', 'b'])]);
  const plan: Plan = {
    strategy: 'test', crossEdges: [['a', 'd']],
    root: { kind: 'par', branches: [
      { kind: 'seq', children: [{ kind: 'task', id: 'a' }, { kind: 'task', id: 'c' }] },
      { kind: 'seq', children: [{ kind: 'task', id: 'b' }, { kind: 'task', id: 'd', waitFor: ['a'] }] },
    ] },
  };
  const asl = renderStates(model, plan, 'edges');
  const [left, right] = asl.States['dagstep.parallel.1'].Branches.map((b: any) => b.States);

  test('the waiter stores its token unless the awaited task is done, and names what it waits for', () => {
    // THEN b goes on to the Pass that computes the items' TTL (start + worst case 3600 s + the 14-day
    // redrive window + a day: a waiter redriven late still finds the edge), then waits
    expect(COORDINATION_TTL_MARGIN_SECONDS).toBe(15 * 86_400);
    expect(right.b.Next).toBe('d.ttl.await');
    expect(right['d.ttl.await']).toStrictEqual({
      Type: 'Pass',
      QueryLanguage: 'JSONata',
      Comment: 'dagstep: when the coordination items of this execution expire (DynamoDB TTL, epoch seconds)',
      Output: '{% $merge([$states.input, {"crossTtl": $string($floor($toMillis($states.context.Execution.StartTime) / 1000) + 1299600)}]) %}',
      Next: 'd.await.a',
    });
    expect(right['d.await.a']).toStrictEqual({
      Type: 'Task',
      Comment: 'dagstep:after=a',
      Resource: 'arn:${AWS::Partition}:states:::aws-sdk:dynamodb:updateItem.waitForTaskToken',
      Parameters: {
        TableName: 'edges', Key: KEY,
        UpdateExpression: 'SET #token = :token, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#done)',
        ExpressionAttributeNames: { '#token': 'token', '#done': 'done', '#ttl': 'expiresAt' },
        ExpressionAttributeValues: { ':token': { 'S.$': '$$.Task.Token' }, ':ttl': { 'N.$': '$.crossTtl' } },
      },
      ResultPath: '$.crossResults.a',
      TimeoutSeconds: 3600,
      Retry: [DYNAMO_RETRY],
      Catch: [{ ErrorEquals: ['DynamoDb.ConditionalCheckFailedException'], ResultPath: null, Next: 'd.fetch.a' }],
      Next: 'd',
    });
  });

  test('when the awaited task finished first, the waiter reads its stored result', () => {
    // THEN
    expect(right['d.fetch.a']).toStrictEqual({
      Type: 'Task',
      Comment: 'dagstep: "a" finished before "d" waited; read its result',
      Resource: 'arn:${AWS::Partition}:states:::aws-sdk:dynamodb:getItem',
      Parameters: { TableName: 'edges', Key: KEY, ConsistentRead: true },
      ResultSelector: { 'value.$': 'States.StringToJson($.Item.result.S)' },
      ResultPath: '$.crossResults.a',
      TimeoutSeconds: 60,
      Retry: [DYNAMO_RETRY],
      Next: 'd',
    });
    expect(right.d.Parameters.results).toStrictEqual({ 'a.$': '$.crossResults.a.value', 'b.$': '$.results.b' });
  });

  test('the finisher marks the edge done with the result and resumes a stored waiter', () => {
    // THEN
    expect(left.a.Next).toBe('a.ttl.notify');
    expect(left['a.ttl.notify'].Next).toBe('a.notify.d');
    expect(left['a.notify.d'].Parameters).toStrictEqual({
      TableName: 'edges', Key: KEY,
      UpdateExpression: 'SET #done = :done, #result = :result, #ttl = :ttl',
      ExpressionAttributeNames: { '#done': 'done', '#result': 'result', '#ttl': 'expiresAt' },
      ExpressionAttributeValues: { ':done': { BOOL: true }, ':result': { 'S.$': 'States.JsonToString($.results.a)' }, ':ttl': { 'N.$': '$.crossTtl' } },
      ReturnValues: 'ALL_OLD',
    });
    expect(left['a.waiting.d']).toStrictEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.crossNotify.old.Attributes.token.S', IsPresent: true, Next: 'a.resume.d' }],
      Default: 'a.notified.d',
    });
    expect(left['a.notified.d']).toStrictEqual({ Type: 'Pass', Comment: 'dagstep: "d" was not waiting yet; it will read the result', Next: 'c' });
    expect(left['a.resume.d'].Parameters).toStrictEqual({
      'TaskToken.$': '$.crossNotify.old.Attributes.token.S',
      'Output.$': "States.Format('\\{\"value\":{}\\}', States.JsonToString($.results.a))",
    });
    expect(left['a.resume.d'].Next).toBe('c');
  });

  test('every coordination state has a timeout and catches no error: it fails where a redrive re-runs it, lettered as the waiting task', () => {
    // WHEN
    const names = [[left, 'a.notify.d'], [left, 'a.resume.d'], [right, 'd.await.a'], [right, 'd.fetch.a']] as const;
    // THEN each is closed by a timeout; only the waiter catches, and only the "already done" condition
    expect(names.map(([states, name]) => [name, states[name].TimeoutSeconds, states[name].Catch?.map((c: { ErrorEquals: string[] }) => c.ErrorEquals)]))
      .toStrictEqual([
        ['a.notify.d', 60, undefined],
        ['a.resume.d', 60, undefined],
        ['d.await.a', 3600, [['DynamoDb.ConditionalCheckFailedException']]],
        ['d.fetch.a', 60, undefined],
      ]);
    // AND no state of either branch is a letter or a Fail
    expect([...Object.keys(left), ...Object.keys(right)].filter((n) => /\.failed$|deadLetter|\.fail\./.test(n))).toStrictEqual([]);
    // AND the guard names the waiting task for a failure at any of them
    expect(names.map(([, name]) => taskOfState(name))).toStrictEqual(['d', 'd', 'd', 'd']);
  });

  test('a plan with waits needs a coordination table', () => {
    expect(() => renderStates(model, plan)).toThrow(CompileError);
  });
});
