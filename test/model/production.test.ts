import { SpecError } from '../../lib/model/errors';
import { WorkflowBuilder } from '../../lib/model/dsl';
import { cronProblem, productionProblems, rateProblem } from '../../lib/model/production';
import { parseSpec } from '../../lib/model/spec-loader';

const TASKS = 'tasks:\n  - id: a\n';

describe('schedule, triggers, concurrency, deployment in a spec', () => {
  test('the four fields reach the model unchanged', () => {
    // GIVEN a spec with every production field
    const yaml = `name: nightly
schedule: { cron: "0 2 * * ? *", timezone: Europe/Paris, flexibleWindowMinutes: 15, input: { region: eu } }
triggers:
  - eventPattern: { source: [acme.orders] }
  - s3: { bucket: acme-landing, prefix: incoming/ }
  - sqs: { batchSize: 10, maxBatchingWindowSeconds: 30 }
concurrency: { maxExecutions: 1, whenBusy: queue }
deployment: { type: canary, percent: 10, intervalMinutes: 15 }
${TASKS}`;
    // WHEN parsed
    const model = parseSpec(yaml, 'wf.yaml', '/tmp');
    // THEN the model carries them as written
    expect(model.schedule).toStrictEqual({ cron: '0 2 * * ? *', timezone: 'Europe/Paris', flexibleWindowMinutes: 15, input: { region: 'eu' } });
    expect(model.triggers).toStrictEqual([
      { eventPattern: { source: ['acme.orders'] } },
      { s3: { bucket: 'acme-landing', prefix: 'incoming/' } },
      { sqs: { batchSize: 10, maxBatchingWindowSeconds: 30 } },
    ]);
    expect(model.concurrency).toStrictEqual({ maxExecutions: 1, whenBusy: 'queue' });
    expect(model.deployment).toStrictEqual({ type: 'canary', percent: 10, intervalMinutes: 15 });
  });

  test('the DSL produces the same model fields as the spec', () => {
    // GIVEN a DSL workflow with a schedule, concurrency and a deployment
    const wf = new WorkflowBuilder('nightly', {
      schedule: { rate: '1 day' }, concurrency: { maxExecutions: 2, whenBusy: 'skip' }, deployment: { type: 'linear', percent: 20, intervalMinutes: 10 },
    });
    wf.task('a');
    // WHEN built
    const model = wf.toModel();
    // THEN the fields are in the model
    expect([model.schedule, model.concurrency, model.deployment]).toStrictEqual([
      { rate: '1 day' }, { maxExecutions: 2, whenBusy: 'skip' }, { type: 'linear', percent: 20, intervalMinutes: 10 },
    ]);
  });

  test('a five-field cron is refused with a clear error naming the field', () => {
    // GIVEN a Unix-style five-field cron
    const yaml = `name: nightly\nschedule: { cron: "0 2 * * *" }\n${TASKS}`;
    // WHEN parsed THEN the error names file, field, expected and received
    expect(() => parseSpec(yaml, 'wf.yaml', '/tmp')).toThrow(SpecError);
    expect(() => parseSpec(yaml, 'wf.yaml', '/tmp')).toThrow(
      'wf.yaml: schedule.cron: expected EventBridge\'s six fields "minutes hours day-of-month month day-of-week year", one of the two day fields "?" (e.g. "0 2 * * ? *" = 02:00 every day); received 5 field(s): "0 2 * * *"');
  });

  test('unknown trigger kinds and bad concurrency are schema errors', () => {
    // GIVEN a trigger of no known kind and maxExecutions 0
    const yaml = `name: nightly\ntriggers:\n  - kafka: { topic: x }\nconcurrency: { maxExecutions: 0 }\n${TASKS}`;
    // WHEN parsed THEN both problems are reported
    let err: SpecError | undefined;
    try { parseSpec(yaml, 'wf.yaml', '/tmp'); } catch (e) { err = e as SpecError; }
    expect(err?.problems.map((p) => p.field)).toStrictEqual(expect.arrayContaining(['triggers[0].kafka', 'concurrency.maxExecutions']));
  });
});

describe('cronProblem', () => {
  test.each([
    ['0 2 * * ? *'], ['*/15 * * * ? *'], ['0 18 ? * MON-FRI *'], ['0 8 1 * ? *'], ['30 6 ? * 6#3 2027'], ['0 0 L * ? *'],
  ])('accepts %s', (cron) => {
    // GIVEN a valid EventBridge cron WHEN checked THEN no problem
    expect(cronProblem(cron)).toBeUndefined();
  });

  test.each([
    ['cron(0 2 * * ? *)', 'expected the fields only, without "cron(...)"; received "cron(0 2 * * ? *)"'],
    ['0 2 * * * *', 'exactly one of day-of-month (field 3) and day-of-week (field 5) must be "?"; received "0 2 * * * *"'],
    ['0 25 * * ? *', 'field 2 (hours) "25" is not valid; expected EventBridge\'s six fields "minutes hours day-of-month month day-of-week year", one of the two day fields "?" (e.g. "0 2 * * ? *" = 02:00 every day); received "0 25 * * ? *"'],
  ])('refuses %s', (cron, message) => {
    // GIVEN an invalid cron WHEN checked THEN the problem says why
    expect(cronProblem(cron)).toBe(message);
  });
});

describe('rateProblem and the other checks', () => {
  test('rates follow EventBridge: singular for 1, plural otherwise', () => {
    // GIVEN rates WHEN checked THEN only the well-formed ones pass
    expect([rateProblem('1 day'), rateProblem('15 minutes')]).toStrictEqual([undefined, undefined]);
    expect(rateProblem('1 days')).toBe('expected "1 day" (EventBridge uses the singular for 1 only), received "1 days"');
    expect(rateProblem('daily')).toBe('expected "<n> minutes|hours|days" (e.g. "1 day", "15 minutes"), received "daily"');
  });

  test('cron and rate together, and percent on all-at-once, are refused', () => {
    // GIVEN both cron and rate, and an all-at-once deployment with a percent
    const problems = productionProblems({
      schedule: { cron: '0 2 * * ? *', rate: '1 day' }, deployment: { type: 'all-at-once', percent: 10 },
    }, 'wf.yaml');
    // THEN both are reported
    expect(problems).toStrictEqual([
      { file: 'wf.yaml', field: 'schedule', message: 'expected exactly one of "cron" or "rate", received both' },
      { file: 'wf.yaml', field: 'deployment.percent', message: 'percent and intervalMinutes apply to "canary" and "linear" deployments; received them with "all-at-once"' },
    ]);
  });
});
