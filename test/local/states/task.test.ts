import { runExecution } from '../../../lib/local/engine';
import { FN, stubLambda } from '../private/stubs';

describe('Task handler', () => {
  test('TimeoutSecondsPath and HeartbeatSecondsPath read the input', async () => {
    // GIVEN a 30 s task whose timeout (10 s) comes from the input
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, TimeoutSecondsPath: '$.t', End: true } } };
    const hb = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, TimeoutSeconds: 100, HeartbeatSecondsPath: '$.h', End: true } } };
    // WHEN
    const r = await runExecution(def, { t: 10 }, stubLambda(() => 1, 30));
    const h = await runExecution(hb, { h: 4 }, stubLambda(() => 1, 30));
    // THEN
    expect([r.error, r.makespanSeconds, h.error, h.makespanSeconds]).toStrictEqual(['States.Timeout', 10, 'States.HeartbeatTimeout', 4]);
  });

  test('a JSONata TimeoutSeconds expression; a non-integer timeout fails the state', async () => {
    // GIVEN
    const jsonata = { QueryLanguage: 'JSONata', StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, TimeoutSeconds: '{% $states.input.t %}', End: true } } };
    const bad = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, TimeoutSecondsPath: '$.t', End: true } } };
    // WHEN
    const r = await runExecution(jsonata, { t: 2 }, stubLambda(() => 1, 30));
    const b = await runExecution(bad, { t: 'soon' }, stubLambda());
    // THEN
    expect([r.error, r.makespanSeconds]).toStrictEqual(['States.Timeout', 2]);
    expect([b.error, b.cause]).toStrictEqual(['States.Runtime', "An error occurred while executing the state 'T' (entered at the event id #2). The TimeoutSeconds field must be a positive integer, but was: \"soon\""]);
  });

  test('$$.Task.Token is set for .waitForTaskToken and the result is what sendTaskSuccess sent', async () => {
    // GIVEN a callback task whose token a Parallel sibling returns
    const def = { StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Branches: [
      { StartAt: 'W', States: { W: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken', Parameters: { TableName: 't', Key: { k: 1 }, Item: { 'token.$': '$$.Task.Token' } }, End: true } } },
      { StartAt: 'G', States: { G: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem', Parameters: { TableName: 't', Key: { k: 1 } }, Next: 'S' },
        S: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess', Parameters: { 'TaskToken.$': '$.Item.token', Output: '{"done":true}' }, End: true } } },
    ] } } };
    // WHEN
    const r = await runExecution(def, {}, stubLambda());
    // THEN
    expect([r.status, (r.output as unknown[])[0]]).toStrictEqual(['SUCCEEDED', { done: true }]);
  });
});
