import * as fs from 'fs';
import * as path from 'path';
import { GetExecutionHistoryCommand, HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerReplay } from '../../lib/cli/replay';
import { readRecording, tasksFrom } from '../../lib/cli/private/replay/recording';
import { loadSpecFile } from '../../lib/model/spec-loader';
import { useFixtureAwsProfiles } from '../support/aws-profiles';

const DIR = path.join(__dirname, '../fixtures/replay');
const SPEC = path.join(DIR, 'two-step.yaml');
const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:two_step:nightly-20261201';
/** A recorded execution, as GetExecutionHistory returns it: fetch succeeded with {n: 42} in 4 s, publish failed. */
const EVENTS = (JSON.parse(fs.readFileSync(path.join(DIR, 'history.json'), 'utf8')) as { events: HistoryEvent[] }).events;
const sfn = mockClient(SFNClient);

describe('readRecording', () => {
  test('each Task state gets its recorded result or error and duration', () => {
    // WHEN
    const r = readRecording(EVENTS);
    // THEN
    expect(Object.fromEntries(r)).toStrictEqual({
      fetch: [{ output: { n: 42 }, durationSeconds: 4 }],
      publish: [{ error: 'ValidationError', cause: '{"errorType":"ValidationError","errorMessage":"publish: count missing"}', durationSeconds: 1.5 }],
    });
  });

  test('--from re-runs the task and everything after it', () => {
    // THEN
    expect([...tasksFrom(loadSpecFile(SPEC), 'fetch')]).toStrictEqual(['fetch', 'publish']);
    expect([...tasksFrom(loadSpecFile(SPEC), 'publish')]).toStrictEqual(['publish']);
  });
});

describe('dagstep replay', () => {
  useFixtureAwsProfiles();
  beforeEach(() => {
    sfn.reset();
    // two pages, as the API may give them
    sfn.on(GetExecutionHistoryCommand, { executionArn: EXEC, maxResults: 1000, reverseOrder: false, nextToken: undefined }).resolves({ events: EVENTS.slice(0, 7), nextToken: 'p2' });
    sfn.on(GetExecutionHistoryCommand, { executionArn: EXEC, maxResults: 1000, reverseOrder: false, nextToken: 'p2' }).resolves({ events: EVENTS.slice(7) });
  });

  test('replays the recorded execution: the same failure, on the recorded durations', async () => {
    // WHEN
    const io = captureIO();
    const code = await runCli(['replay', EXEC, '--spec', SPEC, '--json'], io, [registerReplay]);
    // THEN the local run fails at publish as the real one did; fetch answered from the recording (4 s, not its 3 s)
    expect(code).toBe(1);
    const r = JSON.parse(io.out());
    expect([r.recordedStatus, r.status, r.tasks]).toStrictEqual(['FAILED', 'FAILED', { fetch: { status: 'SUCCEEDED', attempts: 1 }, publish: { status: 'FAILED', attempts: 1 } }]);
    expect(r.error).toBe('ValidationError');
    expect(r.makespanSeconds).toBe(5.5);
    expect(sfn.commandCalls(GetExecutionHistoryCommand)).toHaveLength(2);
  });

  test('--from publish runs the fixed handler on the recorded result of fetch', async () => {
    // WHEN
    const io = captureIO();
    const code = await runCli(['replay', EXEC, '--spec', SPEC, '--from', 'publish', '--json'], io, [registerReplay]);
    // THEN publish (current code) publishes the 42 fetch returned in production (its own code returns 1)
    expect(code).toBe(0);
    const r = JSON.parse(io.out());
    expect([r.recordedStatus, r.status]).toStrictEqual(['FAILED', 'SUCCEEDED']);
    expect(JSON.stringify(r.output)).toContain('"published":42');
  });

  test('--from names a task of the workflow', async () => {
    // WHEN
    const io = captureIO();
    const code = await runCli(['replay', EXEC, '--spec', SPEC, '--from', 'publsh'], io, [registerReplay]);
    // THEN
    expect(code).toBe(1);
    expect(io.err()).toBe(`${SPEC}: task "publsh": --from: no task "publsh" in workflow "two_step" (did you mean "publish"?)\n`);
  });
});

describe('dagstep replay of a redriven execution', () => {
  const REDRIVEN = 'arn:aws:states:eu-west-1:123456789012:execution:two_step:nightly-20261201-redriven';
  /** The execution above, redriven once after the fix: publish succeeded on its second run (its history, both runs). */
  const REDRIVEN_EVENTS = (JSON.parse(fs.readFileSync(path.join(DIR, 'history-redriven.json'), 'utf8')) as { events: HistoryEvent[] }).events;
  useFixtureAwsProfiles();
  beforeEach(() => {
    sfn.reset();
    sfn.on(GetExecutionHistoryCommand, { executionArn: REDRIVEN }).resolves({ events: REDRIVEN_EVENTS });
  });

  test('replays every run: it fails at publish, is redriven, and publish answers with its second recorded result', async () => {
    // WHEN
    const io = captureIO();
    const code = await runCli(['replay', REDRIVEN, '--spec', SPEC, '--json'], io, [registerReplay]);
    // THEN it ends as recorded, after one local redrive that re-ran only publish
    expect(code).toBe(0);
    const r = JSON.parse(io.out());
    expect([r.recordedStatus, r.status, r.redriven]).toStrictEqual(['SUCCEEDED', 'SUCCEEDED', { count: 1, reran: { publish: 1 } }]);
    // AND publish's result is the one recorded in the redrive (the handler's code returns no "by")
    expect(JSON.stringify(r.output)).toContain('"published":42,"by":"publish:2"');
  });

  test('with --from publish the fixed code succeeds on the first run: nothing left to redrive', async () => {
    // WHEN
    const io = captureIO();
    const code = await runCli(['replay', REDRIVEN, '--spec', SPEC, '--from', 'publish', '--json'], io, [registerReplay]);
    // THEN
    expect(code).toBe(0);
    const r = JSON.parse(io.out());
    expect([r.recordedStatus, r.status, r.redriven]).toStrictEqual(['SUCCEEDED', 'SUCCEEDED', undefined]);
    expect(JSON.stringify(r.output)).toContain('"published":42}');
  });
});
