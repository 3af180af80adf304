import type { Context } from 'aws-lambda';
import { handler } from '../../lambdas/passthrough';

test('the built-in handler returns a small marker naming its task', async () => {
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const out = await handler({ input: { big: 'x'.repeat(1000) }, results: {}, context: { workflow: 'w', executionId: 'e', taskId: 'a', attempt: 0 } }, {} as Context);
  expect(out).toStrictEqual({ taskId: 'a', ok: true });
  jest.restoreAllMocks();
});
