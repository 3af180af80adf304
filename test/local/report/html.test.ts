import type { Browser } from 'puppeteer-core';
import { renderReport } from '../../../lib/local/report/html';
import type { ReportInput } from '../../../lib/local/report/model';
import { launchBrowser } from '../../support/browser';

// GIVEN a run where "transform" failed twice (one retry wait) and then for good, and "load" never ran
const input: ReportInput = {
  workflow: 'etl',
  executionId: 'arn:aws:states:local:000000000000:execution:etl:run-1',
  status: 'FAILED',
  error: 'ValidationError',
  cause: 'missing date',
  makespanSeconds: 42,
  transitions: 9,
  tasks: [
    { id: 'extract_orders', dependsOn: [] },
    { id: 'extract_customers', dependsOn: [] },
    { id: 'transform', dependsOn: ['extract_orders', 'extract_customers'] },
    { id: 'load', dependsOn: ['transform'] },
  ],
  outcomes: { extract_orders: 'SUCCEEDED', extract_customers: 'SUCCEEDED', transform: 'FAILED', load: 'NOT_RUN' },
  attempts: [
    { taskId: 'extract_orders', attempt: 0, startSeconds: 0, endSeconds: 30, status: 'SUCCEEDED', logs: ['{"level":"INFO","message":"task started"}'] },
    { taskId: 'extract_customers', attempt: 0, startSeconds: 0, endSeconds: 20, status: 'SUCCEEDED' },
    { taskId: 'transform', attempt: 0, startSeconds: 30, endSeconds: 35, status: 'FAILED', error: 'TransientError' },
    { taskId: 'transform', attempt: 1, startSeconds: 37, endSeconds: 42, status: 'FAILED', error: 'ValidationError' },
  ],
  deadLetters: [{ workflow: 'etl', executionId: 'x', taskId: 'transform', error: 'ValidationError', cause: 'missing date', input: { input: {} }, timestamp: 't' }],
  history: [{ id: 1, seconds: 0, type: 'ExecutionStarted' }, { id: 2, seconds: 0, type: 'TaskStateEntered', state: 'extract_orders' }],
};

// GIVEN a nightly run: "interest" timed out once then succeeded, "send" failed for good and its
// fallback "queue" ran, and the shared dead-letter step ran for "index" (optional, failed)
const START = Date.UTC(2026, 0, 1);
const nightly: ReportInput = {
  workflow: 'nightly',
  executionId: 'arn:aws:states:local:000000000000:execution:nightly:run-2',
  status: 'SUCCEEDED',
  makespanSeconds: 295.875,
  transitions: 1,
  startedAt: START,
  tasks: [
    { id: 'interest', dependsOn: [] },
    { id: 'index', dependsOn: [] },
    { id: 'send', dependsOn: ['interest'], fallback: 'queue' },
    { id: 'queue', dependsOn: [] },
  ],
  outcomes: { interest: 'SUCCEEDED', index: 'TIMED_OUT', send: 'FAILED', queue: 'SUCCEEDED' },
  attempts: [
    { taskId: 'interest', attempt: 0, startSeconds: 0, endSeconds: 120, status: 'TIMED_OUT', error: 'States.Timeout' },
    { taskId: 'interest', attempt: 1, startSeconds: 125, endSeconds: 215, status: 'SUCCEEDED', logs: [
      '{"level":"INFO","message":"task started","timestamp":"2026-11-27T11:58:04.915Z","taskId":"interest","attempt":1}',
      '{"level":"INFO","message":"task succeeded","timestamp":"2026-11-27T11:58:04.917Z","durationMs":2}',
      '{"_aws":{"Timestamp":1795708684917,"CloudWatchMetrics":[{"Namespace":"dagstep","Dimensions":[["service"]],"Metrics":[{"Name":"TaskSucceeded","Unit":"Count"}]}]},"service":"dagstep","TaskSucceeded":1}',
    ] },
    { taskId: 'index', attempt: 0, startSeconds: 0, endSeconds: 200, status: 'TIMED_OUT', error: 'States.Timeout' },
    { taskId: 'index', internalState: 'dagstep.deadLetter.1', attempt: 0, startSeconds: 200, endSeconds: 200, status: 'SUCCEEDED' },
    { taskId: 'send', attempt: 0, startSeconds: 215, endSeconds: 260, status: 'FAILED', error: 'Error' },
    { taskId: 'queue', attempt: 0, startSeconds: 260, endSeconds: 295.875, status: 'SUCCEEDED' },
  ],
  deadLetters: [{ workflow: 'nightly', executionId: 'x', taskId: 'index', error: 'States.Timeout', cause: '', input: { input: {} }, timestamp: '2026-01-01T00:03:20.000Z' }],
  history: [{ id: 1, seconds: 0, type: 'ExecutionStarted' }, { id: 2, seconds: 295.875, type: 'ExecutionSucceeded' }],
};

describe('run report', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });

  test('renders in headless Chromium without console errors and shows every task', async () => {
    // GIVEN
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    // WHEN
    await page.setContent(renderReport(input), { waitUntil: 'load' });
    // THEN
    expect(errors).toStrictEqual([]);
    const drawn = await page.$$eval('#dag g.task', (gs) => gs.map((g) => [g.getAttribute('data-task'), g.getAttribute('data-outcome')]));
    expect(drawn).toStrictEqual([
      ['extract_orders', 'SUCCEEDED'], ['extract_customers', 'SUCCEEDED'], ['transform', 'FAILED'], ['load', 'NOT_RUN'],
    ]);
    const bars = await page.$$eval('#gantt rect.attempt', (rs) => rs.map((r) => r.getAttribute('data-task')));
    expect(bars).toStrictEqual(['extract_orders', 'extract_customers', 'transform', 'transform']);
    expect(await page.$$eval('#gantt line.wait', (ls) => ls.length)).toBe(1);
    const box = await page.$eval('#dag', (s) => { const r = s.getBoundingClientRect(); return [r.width > 0, r.height > 0]; });
    expect(box).toStrictEqual([true, true]);
    expect(await page.$$eval('#dead-letters tr', (rs) => rs.length)).toBe(2);
    expect(await page.$$eval('#history tr', (rs) => rs.length)).toBe(3);
    await page.close();
  });

  test('timed-out tasks and attempts are drawn TIMED_OUT, a task its fallback rescued RESCUED, internal steps share their task\'s row, fallback edges are drawn', async () => {
    // GIVEN
    const page = await browser.newPage();
    // WHEN
    await page.setContent(renderReport(nightly), { waitUntil: 'load' });
    // THEN
    const outcomes = await page.$$eval('#dag g.task', (gs) => gs.map((g) => [g.getAttribute('data-task'), g.getAttribute('data-outcome')]));
    expect(outcomes).toStrictEqual([['interest', 'SUCCEEDED'], ['index', 'TIMED_OUT'], ['send', 'RESCUED'], ['queue', 'SUCCEEDED']]);
    expect(await page.$eval('#dag g.task[data-task="send"] title', (t) => t.textContent)).toBe('send: RESCUED: failed, queue ran in its place');
    const statuses = await page.$$eval('#gantt rect.attempt', (rs) => rs.map((r) => [r.getAttribute('data-task'), r.getAttribute('data-status')]));
    expect(statuses).toStrictEqual([
      ['interest', 'TIMED_OUT'], ['interest', 'SUCCEEDED'], ['index', 'TIMED_OUT'], ['send', 'FAILED'], ['queue', 'SUCCEEDED'],
    ]);
    expect(await page.$$eval('#gantt rect.internal', (rs) => rs.map((r) => r.getAttribute('data-task')))).toStrictEqual(['index']);
    const rowLabels = await page.$$eval('#gantt > text:not(.tick)', (ts) => ts.map((t) => t.textContent));
    expect(rowLabels).toStrictEqual(['interest', 'index', 'send', 'queue']);
    const fallback = await page.$$eval('#dag path.fallback', (ps) => ps.map((p) => [p.getAttribute('data-from'), p.getAttribute('data-to')]));
    expect(fallback).toStrictEqual([['send', 'queue']]);
    // the fallback is drawn to the right of its primary, not as a root in the first column
    const x = await page.$$eval('#dag g.task rect', (rs) => rs.map((r) => Number(r.getAttribute('x'))));
    expect(x[3]).toBeGreaterThan(x[2]);
    await page.close();
  });

  test('long task names are shown whole: wrapped in the graph, in full in the timeline', async () => {
    // GIVEN tasks with 37- and 38-character names
    const long: ReportInput = {
      ...nightly,
      tasks: [{ id: 'thumbnail_generate_for_every_image', dependsOn: [], fallback: 'thumbnail_placeholder_for_every_image' }, { id: 'thumbnail_placeholder_for_every_image', dependsOn: [] }],
      outcomes: { thumbnail_generate_for_every_image: 'FAILED', thumbnail_placeholder_for_every_image: 'SUCCEEDED' },
      attempts: [
        { taskId: 'thumbnail_generate_for_every_image', attempt: 0, startSeconds: 0, endSeconds: 1, status: 'FAILED', error: 'Error' },
        { taskId: 'thumbnail_placeholder_for_every_image', attempt: 0, startSeconds: 1, endSeconds: 2, status: 'SUCCEEDED' },
      ],
    };
    const page = await browser.newPage();
    // WHEN
    await page.setContent(renderReport(long), { waitUntil: 'load' });
    // THEN the node text is the whole name, on lines that fit the node, and the timeline labels are whole and fit their column
    const nodeLines = await page.$$eval('#dag g.task text', (ts) => ts.map((t) => Array.from(t.querySelectorAll('tspan'), (s) => s.textContent)));
    expect(nodeLines).toStrictEqual([['thumbnail_generate_', 'for_every_image'], ['thumbnail_', 'placeholder_for_', 'every_image']]);
    const fits = await page.$$eval('#dag g.task', (gs) => gs.map((g) => {
      const rect = g.querySelector('rect')!.getBoundingClientRect();
      const text = g.querySelector('text')!.getBoundingClientRect();
      return text.right <= rect.right && text.bottom <= rect.bottom;
    }));
    expect(fits).toStrictEqual([true, true]);
    expect(await page.$$eval('#gantt > text:not(.tick)', (ts) => ts.map((t) => t.textContent))).toStrictEqual(['thumbnail_generate_for_every_image', 'thumbnail_placeholder_for_every_image']);
    const labelEnd = await page.$$eval('#gantt > text:not(.tick)', (ts) => Math.max(...ts.map((t) => (t).getBBox().x + (t).getBBox().width)));
    const firstBar = await page.$$eval('#gantt rect.attempt', (rs) => Math.min(...rs.map((r) => Number(r.getAttribute('x')))));
    expect(labelEnd).toBeLessThan(firstBar);
    await page.close();
  });

  test('ticks and times are readable, counts use plural forms', async () => {
    // GIVEN
    const page = await browser.newPage();
    // WHEN
    await page.setContent(renderReport(nightly), { waitUntil: 'load' });
    // THEN
    expect(await page.$$eval('#gantt text.tick', (ts) => ts.map((t) => t.textContent))).toStrictEqual(['0 s', '1 min', '2 min', '3 min', '4 min']);
    expect(await page.$eval('.muted', (d) => d.textContent)).toContain('makespan 4 min 56 s (simulated) · 1 state transition · 5 task attempts · 1 dead letter');
    expect(await page.$$eval('#history td:nth-child(2)', (ts) => ts.map((t) => t.textContent))).toStrictEqual(['+0 s', '+4 min 56 s']);
    await page.close();
  });

  test('logs are collapsed per attempt, pretty-printed, and on the simulated clock', async () => {
    // GIVEN
    const page = await browser.newPage();
    await page.setContent(renderReport(nightly), { waitUntil: 'load' });
    // WHEN nothing is clicked, THEN the log block is closed
    expect(await page.$$eval('details.logs', (ds) => ds.map((d) => [d.querySelector('summary')!.textContent, (d).open])))
      .toStrictEqual([['input', false], ['2 log lines, 1 metric record', false]]);
    // WHEN it is opened
    await page.click('#attempts details.logs > summary');
    const lines = await page.$$eval('#attempts details.logs details.line > summary', (ss) => ss.map((s) => s.textContent));
    // THEN each line shows its simulated time, level and message; the JSON carries the simulated timestamp
    expect(lines).toStrictEqual(['+2 min 5 s INFO task started', '+3 min 35 s INFO task succeeded', '+3 min 35 s METRIC TaskSucceeded=1']);
    const bodies = await page.$$eval('#attempts details.line pre', (ps) => ps.map((p) => JSON.parse(p.textContent)));
    expect(bodies[0]).toStrictEqual({ level: 'INFO', message: 'task started', timestamp: '2026-01-01T00:02:05.000Z', taskId: 'interest', attempt: 1 });
    expect(bodies[2]._aws.Timestamp).toBe(START + 215_000);
    await page.close();
  });

  test('the report is one self-contained file: no script, no external resource', () => {
    // WHEN
    const html = renderReport(input);
    // THEN
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html).toContain('task started');
  });
});
