import type { Context } from 'aws-lambda';
import { handler } from '../../lambdas/passthrough';
import { capture } from './capture';

test('the built-in handler is instrumented and returns a small marker naming its task, not its input', async () => {
  // GIVEN a task without a handler of its own, with a large input
  const event = { input: { big: 'x'.repeat(1000) }, results: { a: { rows: 1 } }, context: { workflow: 'w', executionId: 'e-1', taskId: 'b', attempt: 0 } };
  // WHEN
  const { value, logs } = await capture(() => handler(event, { awsRequestId: 'req' } as Context));
  // THEN
  expect(value).toStrictEqual({ taskId: 'b', ok: true });
  expect(logs.map((l) => [l.message, l.taskId, l.executionId, l.function_request_id])).toStrictEqual([
    ['task started', 'b', 'e-1', 'req'], ['task succeeded', 'b', 'e-1', 'req'],
  ]);
});
