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

  test('the report is one self-contained file: no script, no external resource', () => {
    // WHEN
    const html = renderReport(input);
    // THEN
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html).toContain('task started');
  });
});
