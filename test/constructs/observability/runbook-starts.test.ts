import { renderStarts } from '../../../lib/constructs/observability/runbook-starts';

describe('renderStarts', () => {
  test('a workflow started by hand says so, and that the alias moves at once', () => {
    // GIVEN no schedule, trigger, limit or deployment WHEN rendered THEN
    expect(renderStarts({ name: 'etl' })).toStrictEqual([
      '## How it starts',
      '',
      '- By hand only: `dagstep start` (no schedule or trigger).',
      '- **Versions**: every deploy of a changed definition publishes a version; the alias `live` (stack output `AliasArn`) moves to it at once. Executions finish on the version they started on.',
      '',
    ]);
  });

  test('every trigger kind names its input, and skip says where the skipped run is', () => {
    // GIVEN a rate schedule, the three trigger kinds, a skipping limit and a linear deployment
    const lines = renderStarts({
      name: 'feed',
      schedule: { rate: '1 hour', input: { region: 'eu' }, flexibleWindowMinutes: 5 },
      triggers: [{ eventPattern: { source: ['acme'] } }, { s3: { bucket: 'landing', prefix: 'in/' } }, { sqs: { queue: 'orders', batchSize: 10 } }],
      concurrency: { maxExecutions: 2, whenBusy: 'skip' },
      deployment: { type: 'linear', percent: 20, intervalMinutes: 10 },
    });
    // THEN
    expect(lines.slice(2, 5)).toStrictEqual([
      '- **Schedule**: every 1 hour, up to 5 min late. Input: `{...{"region":"eu"}, logicalDate}` — `logicalDate` is the slot\'s scheduled time; rerun a slot with the same input: `dagstep start feed --input \'{"logicalDate":"<slot>"}\'`.',
      '- **Event rule** `{"source":["acme"]}`. Input: `{logicalDate, event: {id, source, detailType, detail}}`.',
      '- **S3 Object Created** in `s3://landing/in/` (the bucket needs EventBridge notifications on). Input: `{logicalDate, bucket, key, size, etag, eventId}`.',
    ]);
    expect(lines[5]).toContain('queue `orders`, batches of 10');
    expect(lines[7]).toContain('skipped: recorded as a dead letter with error `Dagstep.RunSkipped` (metric RunsSkipped); `dagstep dlq redrive feed` runs it later');
    expect(lines[8]).toContain('moves to it linear, 20 % per 10 min, rolled back automatically');
  });
});
