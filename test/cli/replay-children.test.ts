import * as fs from 'fs';
import * as path from 'path';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, HistoryEvent, ListTagsForResourceCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerReplay } from '../../lib/cli/replay';
import { childArns, treeRecording } from '../../lib/cli/private/replay/execution-tree';
import { useFixtureAwsProfiles } from '../support/aws-profiles';

const DIR = path.join(__dirname, '../fixtures/replay');
const SPEC = path.join(DIR, 'partitioned.yaml');
const PARENT = 'arn:aws:states:eu-west-1:123456789012:execution:WorkflowStateMachine-Parts0001:nightly-20261201';
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:WorkflowStateMachine-Parts0001';
const CHILD = 'arn:aws:states:eu-west-1:123456789012:execution:WorkflowChild1StateMachine-Parts0002:c1-39ed0c544c5d1ce39b5b07e5a81e43ba';
const events = (file: string) => (JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as { events: HistoryEvent[] }).events;
/** The recorded parent: child 1 started, then failed (States.TaskFailed with the child's description); child 2 never started. */
const PARENT_EVENTS = events('partitioned-parent.json');
/** The recorded child 1: fetch returned {n: 42} in 4 s, clean failed with ValidationError after 2.5 s. */
const CHILD_EVENTS = events('partitioned-child1.json');
const sfn = mockClient(SFNClient);

/** What `dagstep replay --json` prints (the fields these tests read). */
interface ReplayJson {
  readonly recordedStatus?: string;
  readonly recordedExecutions: string[];
  readonly status: string;
  readonly error?: string;
  readonly cause: string;
  readonly tasks: Record<string, unknown>;
  readonly output: { results: Record<string, unknown> };
  readonly makespanSeconds: number;
}
const parsed = (out: string) => JSON.parse(out) as ReplayJson;

const replay = async (...args: string[]) => {
  const io = captureIO();
  const code = await runCli(['replay', PARENT, ...args], io, [registerReplay]);
  return { code, out: io.out(), err: io.err() };
};

describe('the recorded child executions', () => {
  test('a child-execution step names the child it started', () => {
    // WHEN
    const arns = childArns(PARENT_EVENTS);
    // THEN the TaskSubmitted output (and the TaskFailed cause) of dagstep.child.1 carry the child's ARN
    expect(Object.fromEntries(arns)).toStrictEqual({ 'dagstep.child.1': CHILD });
  });

  test('the tree answers the child\'s tasks, and not the step that started the child', () => {
    // GIVEN the parent and its child 1, as readExecutionTree reads them
    const tree = { executionArn: PARENT, events: PARENT_EVENTS, children: new Map([['dagstep.child.1', { executionArn: CHILD, events: CHILD_EVENTS, children: new Map() }]]) };
    // WHEN
    const r = treeRecording(tree);
    // THEN
    expect(Object.fromEntries(r)).toStrictEqual({
      fetch: [{ output: { n: 42 }, durationSeconds: 4 }],
      clean: [{ error: 'ValidationError', cause: '{"errorType":"ValidationError","errorMessage":"clean: 42 rows, expected a list"}', durationSeconds: 2.5 }],
    });
  });
});

describe('dagstep replay of a partitioned workflow', () => {
  useFixtureAwsProfiles();
  beforeEach(() => {
    sfn.reset();
    sfn.on(GetExecutionHistoryCommand, { executionArn: PARENT }).resolves({ events: PARENT_EVENTS });
    sfn.on(GetExecutionHistoryCommand, { executionArn: CHILD }).resolves({ events: CHILD_EVENTS });
  });

  test('replays the parent and its child: the same failure inside the child, on the recorded durations', async () => {
    // WHEN
    const { code, out } = await replay('--spec', SPEC, '--max-tasks-per-state-machine', '2', '--json');
    // THEN the local parent started child 1 itself; fetch and clean answered from the child's recording
    expect(code).toBe(1);
    const r = parsed(out);
    expect([r.recordedStatus, r.status, r.error, r.recordedExecutions]).toStrictEqual(['FAILED', 'FAILED', 'States.TaskFailed', [PARENT, CHILD]]);
    expect(r.tasks).toStrictEqual({ fetch: { status: 'SUCCEEDED', attempts: 1 }, clean: { status: 'FAILED', attempts: 1 }, publish: { status: 'NOT_RUN', attempts: 0 } });
    const cause = JSON.parse(r.cause) as { ExecutionArn: string; Status: string; Error: string; Cause: string };
    expect([cause.Status, cause.Error, cause.Cause]).toStrictEqual(['FAILED', 'ValidationError', '{"errorType":"ValidationError","errorMessage":"clean: 42 rows, expected a list"}']);
    expect(cause.ExecutionArn).toMatch(/:c1-[0-9a-f]{32}$/);
    // AND the time is the child's recorded 4 s + 2.5 s (not the spec's 3 s + 2 s)
    expect(r.makespanSeconds).toBe(6.5);
    expect(sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input.executionArn)).toStrictEqual([PARENT, CHILD]);
  });

  test('--from a task inside the child re-runs it and its dependents with the current code', async () => {
    // WHEN
    const { code, out } = await replay('--spec', SPEC, '--max-tasks-per-state-machine', '2', '--from', 'clean', '--json');
    // THEN clean (fixed) doubles the 42 fetch returned in production (fetch's own code returns 1),
    // and publish, in child 2 that production never started, runs its current code on that
    expect(code).toBe(0);
    const r = parsed(out);
    expect([r.recordedStatus, r.status]).toStrictEqual(['FAILED', 'SUCCEEDED']);
    expect(r.tasks).toStrictEqual({ fetch: { status: 'SUCCEEDED', attempts: 1 }, clean: { status: 'SUCCEEDED', attempts: 1 }, publish: { status: 'SUCCEEDED', attempts: 1 } });
    expect(r.output.results.publish).toStrictEqual({ published: 84 });
  });

  test('a spec compiled otherwise than the deployed workflow is refused, naming the state it lacks', async () => {
    // WHEN the default split (300 tasks per machine: no children) is replayed against a partitioned recording
    const { code, out, err } = await replay('--spec', SPEC);
    // THEN
    expect([code, out]).toStrictEqual([1, '']);
    expect(err).toBe(`${SPEC}: replay: execution ${PARENT} ran state "dagstep.child.1" that the definition compiled from this spec does not have: `
      + 'expected the spec (and --max-tasks-per-state-machine) it was deployed with\n');
  });
});

describe('dagstep replay without --spec', () => {
  useFixtureAwsProfiles();
  beforeEach(() => {
    sfn.reset();
    sfn.on(GetExecutionHistoryCommand, { executionArn: PARENT }).resolves({ events: PARENT_EVENTS });
    sfn.on(GetExecutionHistoryCommand, { executionArn: CHILD }).resolves({ events: CHILD_EVENTS });
    sfn.on(DescribeExecutionCommand, { executionArn: PARENT }).resolves({ executionArn: PARENT, stateMachineArn: MACHINE, status: 'FAILED', startDate: new Date(0) });
    jest.spyOn(process, 'cwd').mockReturnValue(DIR);
  });
  afterEach(() => jest.restoreAllMocks());

  test('finds the spec named as the state machine\'s dagstep:workflow tag', async () => {
    // GIVEN the Workflow construct's tag on the execution's state machine
    sfn.on(ListTagsForResourceCommand, { resourceArn: MACHINE }).resolves({ tags: [{ key: 'dagstep:workflow', value: 'parts' }] });
    // WHEN
    const { code, out } = await replay('--max-tasks-per-state-machine', '2', '--json');
    // THEN partitioned.yaml (workflow "parts") under the working directory is the spec replayed
    expect(code).toBe(1);
    expect(parsed(out).tasks.clean).toStrictEqual({ status: 'FAILED', attempts: 1 });
  });

  test('a state machine without the tag: one line saying to pass --spec', async () => {
    // GIVEN
    sfn.on(ListTagsForResourceCommand, { resourceArn: MACHINE }).resolves({ tags: [] });
    // WHEN
    const { code, err } = await replay();
    // THEN
    expect([code, err]).toStrictEqual([1, `replay: state machine ${MACHINE} has no dagstep:workflow tag (not deployed with the dagstep Workflow construct?); `
      + 'pass --spec <spec> (the workflow spec or DSL module the execution ran)\n']);
  });

  test('no spec of that workflow under the working directory: one line saying to pass --spec', async () => {
    // GIVEN
    sfn.on(ListTagsForResourceCommand, { resourceArn: MACHINE }).resolves({ tags: [{ key: 'dagstep:workflow', value: 'nightly_batch' }] });
    // WHEN
    const { code, err } = await replay();
    // THEN
    expect([code, err]).toStrictEqual([1, `replay: no spec of workflow "nightly_batch" (.json/.yaml) found under ${DIR}; pass --spec <spec> (the workflow spec or DSL module the execution ran)\n`]);
  });
});

describe('dagstep replay of a workflow: task', () => {
  const WITH_CHILD = 'arn:aws:states:eu-west-1:123456789012:execution:WorkflowStateMachine-WithChild01:nightly-20261201';
  useFixtureAwsProfiles();
  beforeEach(() => {
    sfn.reset();
    sfn.on(GetExecutionHistoryCommand, { executionArn: WITH_CHILD }).resolves({ events: events('with-child.json') });
  });
  const run = async (...args: string[]) => {
    const io = captureIO();
    const code = await runCli(['replay', WITH_CHILD, '--spec', path.join(DIR, 'with-child.yaml'), '--json', ...args], io, [registerReplay]);
    return { code, r: parsed(io.out()) };
  };

  test('the child workflow is answered as a whole by the recorded result of <task>.run', async () => {
    // WHEN
    const { code, r } = await run();
    // THEN billing has the child's recorded results (its own code, step.ts, never returns ran: 99); only the parent's history is read
    expect([code, r.status, r.recordedExecutions]).toStrictEqual([0, 'SUCCEEDED', [WITH_CHILD]]);
    expect(r.output.results.billing).toStrictEqual({ results: { charge: { ran: 98 }, invoice: { ran: 99 } } });
    expect(sfn.commandCalls(GetExecutionHistoryCommand)).toHaveLength(1);
  });

  test('--from the workflow: task runs the child workflow with its current code', async () => {
    // WHEN
    const { code, r } = await run('--from', 'billing');
    // THEN
    expect([code, r.status]).toStrictEqual([0, 'SUCCEEDED']);
    expect(r.output.results.billing).toStrictEqual({ results: { charge: { ran: 1 }, invoice: { ran: 1 } } });
  });
});
