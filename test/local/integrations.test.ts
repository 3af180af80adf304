import { runExecution } from '../../lib/local/engine';
import { callResource, CapturedMessage, Services } from '../../lib/local/integrations';
import { FN, stubLambda } from './private/stubs';

const task = (name: string, body: object, next?: string) => ({ [name]: { Type: 'Task', ...(next ? { Next: next } : { End: true }), ...body } });

describe('Lambda', () => {
  test('a direct Lambda ARN outputs the payload as is', async () => {
    // GIVEN a Task whose Resource is the function ARN
    const { invokeLambda, calls } = stubLambda(() => ({ done: true }));
    const def = { StartAt: 'T', States: task('T', { Resource: FN, Parameters: { 'x.$': '$.x' } }) };
    // WHEN it runs
    const r = await runExecution(def, { x: 1 }, { invokeLambda });
    // THEN the function got the Parameters and its payload is the output
    expect(calls).toStrictEqual([{ functionName: FN, payload: { x: 1 }, stateName: 'T', attempt: 0, itemIndex: undefined }]);
    expect(r.output).toStrictEqual({ done: true });
  });

  test('a CDK token placeholder Resource (${Fn}) is a Lambda too', async () => {
    // GIVEN a Resource placeholder as rendered ASL carries before deploy
    const { invokeLambda, calls } = stubLambda(() => 'ok');
    const def = { StartAt: 'T', States: task('T', { Resource: '${ExtractFunctionArn}' }) };
    // WHEN it runs
    const r = await runExecution(def, {}, { invokeLambda });
    // THEN the placeholder is the function name
    expect(calls.map((c) => c.functionName)).toStrictEqual(['${ExtractFunctionArn}']);
    expect(r.output).toBe('ok');
  });

  test('arn:aws:states:::lambda:invoke wraps the payload like the service integration', async () => {
    // GIVEN a lambda:invoke Task with FunctionName and Payload, and a ResultSelector on $.Payload
    const { invokeLambda, calls } = stubLambda((req) => ({ echoed: req.payload }));
    const def = {
      StartAt: 'Raw',
      States: {
        ...task('Raw', { Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: FN, 'Payload.$': '$' }, ResultPath: '$.raw' }, 'Sel'),
        ...task('Sel', { Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'fn2', Payload: { a: 1 } }, ResultSelector: { 'p.$': '$.Payload' }, ResultPath: '$.sel' }),
      },
    };
    // WHEN it runs
    const r = await runExecution(def, { in: 1 }, { invokeLambda });
    // THEN the raw result has ExecutedVersion, Payload and StatusCode
    expect(calls.map((c) => [c.functionName, c.payload])).toStrictEqual([[FN, { in: 1 }], ['fn2', { a: 1 }]]);
    expect(r.output).toStrictEqual({
      in: 1,
      raw: { ExecutedVersion: '$LATEST', Payload: { echoed: { in: 1 } }, StatusCode: 200 },
      sel: { p: { echoed: { a: 1 } } },
    });
  });

  test('lambda:invoke.sync is not a valid pattern and rejects naming the state', async () => {
    // GIVEN lambda:invoke with .sync
    const def = { StartAt: 'L', States: task('L', { Resource: 'arn:aws:states:::lambda:invoke.sync', Parameters: { FunctionName: FN } }) };
    // WHEN it runs
    // THEN it rejects
    await expect(runExecution(def, {}, stubLambda())).rejects.toThrow('state "L": integration pattern .sync of lambda:invoke is not supported by the dagstep local engine');
  });
});

describe('SQS sendMessage (the DLQ)', () => {
  test.each([
    'arn:aws:states:::sqs:sendMessage',
    'arn:${AWS::Partition}:states:::sqs:sendMessage',
    'arn:aws-us-gov:states:::sqs:sendMessage',
  ])('%s is captured in deadLetters, a JSON string body parsed', async (resource) => {
    // GIVEN a failing task caught into a sendMessage with a JSON-string body
    const def = {
      StartAt: 'Work',
      States: {
        Work: { Type: 'Task', Resource: FN, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ToDlq' }], End: true },
        ToDlq: {
          Type: 'Task', Resource: resource, End: true,
          Parameters: { QueueUrl: 'https://sqs.local/dlq', 'MessageBody.$': "States.JsonToString($)" },
        },
      },
    };
    const { invokeLambda } = stubLambda(() => { throw Object.assign(new Error('broken'), { name: 'ValidationError' }); });
    // WHEN it runs
    const r = await runExecution(def, { id: 5 }, { invokeLambda });
    // THEN the message is captured with its parsed body and the state output has a MessageId
    expect(r.status).toBe('SUCCEEDED');
    const expected: CapturedMessage[] = [{
      queueUrl: 'https://sqs.local/dlq',
      body: { id: 5, error: { Error: 'ValidationError', Cause: JSON.stringify({ errorMessage: 'broken', errorType: 'ValidationError' }) } },
      stateName: 'ToDlq',
    }];
    expect(r.deadLetters).toStrictEqual(expected);
    expect(Object.keys(r.output as object)).toStrictEqual(['MessageId', 'MD5OfMessageBody']);
    expect((r.output as { MessageId: string }).MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test('an object body and a non-JSON string body are kept as they are', async () => {
    // GIVEN two sends
    const def = {
      StartAt: 'A',
      States: {
        ...task('A', { Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q', MessageBody: { 'k.$': '$.k' } }, ResultPath: null }, 'B'),
        ...task('B', { Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q', MessageBody: 'plain text' }, ResultPath: null }),
      },
    };
    // WHEN it runs
    const r = await runExecution(def, { k: 'v' }, stubLambda());
    // THEN both are captured in order
    expect(r.deadLetters).toStrictEqual([{ queueUrl: 'q', body: { k: 'v' }, stateName: 'A' }, { queueUrl: 'q', body: 'plain text', stateName: 'B' }]);
    expect(r.output).toStrictEqual({ k: 'v' });
  });
});

describe('task tokens (DynamoDB + sendTaskSuccess)', () => {
  const key = { pk: { S: 'job-1' } };
  /** Registers its token unless the finisher already ran; ConditionalCheckFailed means "already done". */
  const waiter = (delay: number) => ({
    StartAt: 'Delay',
    States: {
      Delay: { Type: 'Wait', Seconds: delay, Next: 'Register' },
      Register: {
        Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:updateItem.waitForTaskToken', End: true,
        Parameters: {
          TableName: 'Locks', Key: key,
          UpdateExpression: 'SET #t = :t',
          ConditionExpression: 'attribute_not_exists(#d)',
          ExpressionAttributeNames: { '#t': 'token', '#d': 'done' },
          ExpressionAttributeValues: { ':t': { 'S.$': '$$.Task.Token' } },
        },
        Catch: [{ ErrorEquals: ['DynamoDb.ConditionalCheckFailedException'], ResultPath: '$.skipped', Next: 'AlreadyDone' }],
      },
      AlreadyDone: { Type: 'Pass', Result: 'already done', End: true },
    },
  });
  /** Marks the job done and releases a registered token, if any. */
  const finisher = (delay: number) => ({
    StartAt: 'Delay',
    States: {
      Delay: { Type: 'Wait', Seconds: delay, Next: 'MarkDone' },
      MarkDone: {
        Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:updateItem', Next: 'HasWaiter', ResultPath: '$.old',
        Parameters: {
          TableName: 'Locks', Key: key, UpdateExpression: 'SET #d = :d',
          ExpressionAttributeNames: { '#d': 'done' }, ExpressionAttributeValues: { ':d': { BOOL: true } }, ReturnValues: 'ALL_OLD',
        },
      },
      HasWaiter: { Type: 'Choice', Choices: [{ Variable: '$.old.Attributes.token.S', IsPresent: true, Next: 'Release' }], Default: 'NoWaiter' },
      Release: {
        Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess', End: true,
        Parameters: { 'TaskToken.$': '$.old.Attributes.token.S', Output: '{"released":true}' },
      },
      NoWaiter: { Type: 'Pass', Result: 'no waiter', End: true },
    },
  });
  const machine = (w: number, f: number) => ({ StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [waiter(w), finisher(f)], End: true } } });

  test('waiter first: the finisher releases the token and the waiter outputs sendTaskSuccess Output', async () => {
    // GIVEN the waiter registers at 0 s and the finisher runs at 5 s
    // WHEN it runs
    const r = await runExecution(machine(0, 5), {}, stubLambda());
    // THEN the waiter got {"released":true} at 5 s and the finisher sent the success
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toStrictEqual([{ released: true }, {}]);
    expect(r.makespanSeconds).toBe(5);
    expect(r.attempts.map((a) => [a.stateName, a.start, a.end, a.status]).sort()).toStrictEqual([
      ['MarkDone', 5, 5, 'SUCCEEDED'], ['Register', 0, 5, 'SUCCEEDED'], ['Release', 5, 5, 'SUCCEEDED'],
    ]);
  });

  test('finisher first: the waiter’s condition fails and its Catch skips the wait', async () => {
    // GIVEN the finisher runs at 0 s and the waiter tries to register at 5 s
    // WHEN it runs
    const r = await runExecution(machine(5, 0), {}, stubLambda());
    // THEN the finisher saw no waiter and the waiter caught ConditionalCheckFailedException
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toStrictEqual(['already done', 'no waiter']);
    expect(r.attempts.map((a) => [a.stateName, a.status])).toStrictEqual([['MarkDone', 'SUCCEEDED'], ['Register', 'FAILED']]);
    expect(r.history.filter((e) => e.type === 'TaskFailed').map((e) => e.error)).toStrictEqual(['DynamoDb.ConditionalCheckFailedException']);
  });

  test('sendTaskFailure fails the waiting task with its Error and Cause', async () => {
    // GIVEN a finisher sending a failure instead
    const fin = finisher(1);
    const failingFinisher = { ...fin, States: { ...fin.States, Release: { ...fin.States.Release, Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskFailure', Parameters: { 'TaskToken.$': '$.old.Attributes.token.S', Error: 'Job.Rejected', Cause: 'nope' } } } };
    const def = { StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [waiter(0), failingFinisher], End: true } } };
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN the execution fails with that error
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'Job.Rejected', 'nope']);
  });

  test('a token nobody releases is reported as a stuck execution', async () => {
    // GIVEN a lone waiter
    // WHEN it runs
    // THEN the run rejects, naming the waiting state
    await expect(runExecution(waiter(0), {}, stubLambda())).rejects.toThrow(
      'local engine: execution is stuck (no timer, no work in flight): waiting for task tokens in Register');
  });

  test('sendTaskSuccess with an unknown token fails with Sfn.TaskDoesNotExistException', async () => {
    // GIVEN a sendTaskSuccess with a made-up token
    const def = { StartAt: 'S', States: task('S', { Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess', Parameters: { TaskToken: 'abcdefghijklmnop', Output: '{}' } }) };
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN it fails
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'Sfn.TaskDoesNotExistException', 'task token abcdefghijkl... is not waiting']);
  });

  test('putItem, getItem and updateItem ALL_NEW share one in-memory table per execution', async () => {
    // GIVEN put → update → get on the same key
    const def = {
      StartAt: 'Put',
      States: {
        ...task('Put', { Resource: 'arn:aws:states:::aws-sdk:dynamodb:putItem', Parameters: { TableName: 'T', Key: { id: 1 }, Item: { id: 1, a: 'x' } }, ResultPath: '$.put' }, 'Update'),
        ...task('Update', { Resource: 'arn:aws:states:::aws-sdk:dynamodb:updateItem', Parameters: { TableName: 'T', Key: { id: 1 }, UpdateExpression: 'SET b = :b, c = :c', ExpressionAttributeValues: { ':b': 2, ':c': 3 }, ReturnValues: 'ALL_NEW' }, ResultPath: '$.upd' }, 'Get'),
        ...task('Get', { Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem', Parameters: { TableName: 'T', Key: { id: 1 } }, ResultPath: '$.got' }, 'Miss'),
        ...task('Miss', { Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem', Parameters: { TableName: 'T', Key: { id: 2 } }, ResultPath: '$.miss' }),
      },
    };
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN each call sees the previous writes
    expect(r.output).toStrictEqual({
      put: {},
      upd: { Attributes: { id: 1, a: 'x', b: 2, c: 3 } },
      got: { Item: { id: 1, a: 'x', b: 2, c: 3 } },
      miss: {},
    });
  });

  test('an unsupported UpdateExpression rejects naming the state', async () => {
    // GIVEN an ADD expression
    const def = { StartAt: 'U', States: task('U', { Resource: 'arn:aws:states:::aws-sdk:dynamodb:updateItem', Parameters: { TableName: 'T', Key: { id: 1 }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } }) };
    // WHEN it runs
    // THEN it rejects
    await expect(runExecution(def, {}, stubLambda())).rejects.toThrow('state "U": UpdateExpression "ADD n :one" (only SET a = :v, ...) is not supported');
  });
});

describe('states:startExecution.sync:2', () => {
  const CHILD = 'arn:aws:states:us-east-1:123456789012:stateMachine:child';
  const parent = (pattern = 'sync:2') => ({
    StartAt: 'Child',
    States: task('Child', { Resource: `arn:aws:states:::states:startExecution.${pattern}`, Parameters: { StateMachineArn: CHILD, 'Input.$': '$' } }),
  });
  const child = { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: FN, End: true } } };

  test('runs the child machine from childMachines and outputs its result', async () => {
    // GIVEN a child machine doubling n in a 3 s task
    const { invokeLambda, calls } = stubLambda((req) => ({ n: (req.payload as { n: number }).n * 2 }), 3);
    // WHEN the parent runs
    const r = await runExecution(parent(), { n: 4 }, { invokeLambda, childMachines: { [CHILD]: child }, executionName: 'p1' });
    // THEN the child's output is embedded as JSON, its time and attempts count in the parent
    expect(r.status).toBe('SUCCEEDED');
    const out = r.output as { ExecutionArn: string; Status: string; Output: unknown };
    expect(out.Status).toBe('SUCCEEDED');
    expect(out.Output).toStrictEqual({ n: 8 });
    expect(out.ExecutionArn).toMatch(/^arn:aws:states:local:000000000000:execution:local:/);
    expect(calls.map((c) => c.stateName)).toStrictEqual(['Work']);
    expect(r.makespanSeconds).toBe(3);
    expect(r.attempts.map((a) => a.stateName)).toStrictEqual(['Work', 'Child']);
    expect(r.transitions).toBe(2);
  });

  // BUG: runChild passes executionName `${parent}-${state}` in the child's options, but then calls
  // child.start(def, input, undefined, ...), so the child's name falls back to `exec-<random id>`
  // and the intended `<parent name>-<state name>` never appears in the child's execution ARN.
  test('the child execution is named after the parent execution and the state', async () => {
    // GIVEN a parent execution named p1
    // WHEN it starts the child from state "Child"
    const r = await runExecution(parent(), { n: 1 }, { ...stubLambda(), childMachines: { [CHILD]: child }, executionName: 'p1' });
    // THEN the child's ARN ends with p1-Child
    expect((r.output as { ExecutionArn: string }).ExecutionArn).toBe('arn:aws:states:local:000000000000:execution:local:p1-Child');
  });

  test('.sync (v1) outputs the child result as a JSON string', async () => {
    // GIVEN the .sync pattern
    // WHEN it runs
    const r = await runExecution(parent('sync'), { n: 1 }, { ...stubLambda(), childMachines: { [CHILD]: { StartAt: 'P', States: { P: { Type: 'Pass', Result: { a: 1 }, End: true } } } } });
    // THEN Output is a string
    expect((r.output as { Output: unknown }).Output).toBe('{"a":1}');
  });

  test('a failed child fails the task with States.TaskFailed and the child error in the Cause', async () => {
    // GIVEN a child that fails
    const failing = { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Child.Broke', Cause: 'why' } } };
    // WHEN the parent runs
    const r = await runExecution(parent(), {}, { ...stubLambda(), childMachines: { [CHILD]: failing } });
    // THEN the parent fails with the child's status and error in the cause
    expect([r.status, r.error]).toStrictEqual(['FAILED', 'States.TaskFailed']);
    const cause = JSON.parse(r.cause!) as Record<string, unknown>;
    expect([cause.Status, cause.Error, cause.Cause]).toStrictEqual(['FAILED', 'Child.Broke', 'why']);
  });

  test('an unknown child machine or startExecution without .sync rejects naming the state', async () => {
    // GIVEN no childMachines, and a fire-and-forget startExecution
    const plain = { StartAt: 'S', States: task('S', { Resource: 'arn:aws:states:::states:startExecution', Parameters: { StateMachineArn: CHILD } }) };
    // WHEN they run
    // THEN both reject
    await expect(runExecution(parent(), {}, stubLambda())).rejects.toThrow(`state "Child": startExecution of unknown state machine ${CHILD} is not supported`);
    await expect(runExecution(plain, {}, { ...stubLambda(), childMachines: { [CHILD]: child } })).rejects.toThrow('state "S": startExecution without .sync (arn:aws:states:::states:startExecution) is not supported');
  });
});

describe('callResource directly', () => {
  const services = (): Services & { calls: unknown[] } => {
    const calls: unknown[] = [];
    let n = 0;
    return {
      calls,
      invokeLambda: async (req) => { calls.push(req); return { payload: 'p', durationSeconds: 2, logs: ['line'] }; },
      messages: [], tables: new Map(),
      resolveToken: () => undefined,
      runChild: async () => ({ status: 'SUCCEEDED', executionArn: 'x' }),
      redriveChild: async (arn) => { calls.push({ redrive: arn }); return { RedriveDate: 'now' }; },
      describeChild: (arn) => ({ ExecutionArn: arn, Status: 'SUCCEEDED' }),
      newId: () => `id-${++n}`,
    };
  };

  test('passes attempt, itemIndex and timeout to the invoker and returns duration and logs', async () => {
    // GIVEN a Lambda call for a Map item on attempt 1 with a timeout
    const s = services();
    // WHEN it is called
    const r = await callResource({ stateName: 'T', resource: FN, params: { a: 1 }, attempt: 1, itemIndex: 4, timeoutSeconds: 30 }, s);
    // THEN the invoker got everything and the result carries the duration and logs
    expect(s.calls).toStrictEqual([{ functionName: FN, payload: { a: 1 }, stateName: 'T', attempt: 1, itemIndex: 4, timeoutSeconds: 30 }]);
    expect(r).toStrictEqual({ output: 'p', durationSeconds: 2, logs: ['line'] });
  });

  test('waitForTaskToken marks the result', async () => {
    // GIVEN a putItem.waitForTaskToken
    const s = services();
    // WHEN it is called
    const r = await callResource({ stateName: 'W', resource: 'arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken', params: { TableName: 't', Key: { k: 1 }, Item: { k: 1 } }, attempt: 0 }, s);
    // THEN the item is stored and the result waits for the token
    expect(r).toStrictEqual({ output: {}, durationSeconds: 0, waitForToken: true });
    expect([...s.tables.get('t')!.values()]).toStrictEqual([{ k: 1 }]);
  });

  test('an unsupported ConditionExpression fails with States.Runtime', async () => {
    // GIVEN a comparison condition
    const s = services();
    // WHEN it is called
    const call = callResource({ stateName: 'C', resource: 'arn:aws:states:::aws-sdk:dynamodb:putItem', params: { TableName: 't', Key: { k: 1 }, Item: { k: 1 }, ConditionExpression: 'n > :x' }, attempt: 0 }, s);
    // THEN it rejects with a States.Runtime error
    await expect(call).rejects.toMatchObject({ error: 'States.Runtime', cause: 'ConditionExpression "n > :x" is not supported by the dagstep local engine' });
  });
});
