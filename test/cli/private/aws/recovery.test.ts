import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { receiveAll, redriveToken, restartName } from '../../../../lib/cli/private/aws/recovery';

const sqs = mockClient(SQSClient);
const ROOT = 'arn:aws:states:eu-west-1:123456789012:execution:etl:run-1';

describe('recovery helpers', () => {
  beforeEach(() => sqs.reset());

  test('the redrive token is the same for one root and round, different for the next round', () => {
    expect(redriveToken(ROOT, 0)).toBe(redriveToken(ROOT, 0));
    expect(redriveToken(ROOT, 0)).not.toBe(redriveToken(ROOT, 1));
    expect(redriveToken(ROOT, 0)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a restart name is derived from the root execution only', () => {
    expect(restartName(ROOT)).toBe('restart-run-1');
  });

  test('receiveAll reads until no new message comes, each message once', async () => {
    // GIVEN two batches, the second repeating one message
    sqs.on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [{ MessageId: 'a' }, { MessageId: 'b' }] })
      .resolvesOnce({ Messages: [{ MessageId: 'b' }, { MessageId: 'c' }] })
      .resolves({ Messages: [] });
    // WHEN
    const got = await receiveAll(new SQSClient({ region: 'eu-west-1' }), 'https://q', 100, 300);
    // THEN
    expect(got.map((m) => m.MessageId)).toStrictEqual(['a', 'b', 'c']);
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(3);
  });
});
