import { LOG_MESSAGES } from '../../../model/contract';
import { formatOffset, plural } from '../format';
import { esc } from './svg';

/** One log or metric line of an attempt, re-timed on the execution's simulated clock. */
interface LogLine {
  readonly offset: number;
  readonly level: string;
  readonly summary: string;
  readonly body: string;
  readonly metrics: boolean;
}

/**
 * Handlers log with the real clock (Powertools writes `timestamp`, EMF writes `_aws.Timestamp`),
 * while the report's axis is the simulated one. Each line gets the simulated time instead: the
 * attempt's start, or its end for the closing lines (outcome log and the metric flush).
 */
function retime(raw: string, start: number, end: number, startedAt: number): LogLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { offset: start, level: '', summary: raw, body: '', metrics: false };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { offset: start, level: '', summary: raw, body: '', metrics: false };
  }
  const line = { ...(parsed as Record<string, unknown>) };
  const aws = line._aws as { Timestamp?: unknown; CloudWatchMetrics?: { Metrics?: { Name?: string }[] }[] } | undefined;
  const closing = aws !== undefined || line.message === LOG_MESSAGES.succeeded || line.message === LOG_MESSAGES.failed;
  const offset = closing ? end : start;
  const virtual = startedAt + offset * 1000;
  if (aws) {
    line._aws = { ...aws, Timestamp: virtual };
    const names = (aws.CloudWatchMetrics ?? []).flatMap((m) => (m.Metrics ?? []).map((x) => String(x.Name)));
    const values = names.map((n) => `${n}=${JSON.stringify(line[n])}`).join(', ');
    return { offset, level: 'METRIC', summary: values, body: JSON.stringify(line, null, 2), metrics: true };
  }
  if ('timestamp' in line) line.timestamp = new Date(virtual).toISOString();
  return {
    offset,
    level: typeof line.level === 'string' ? line.level : '',
    summary: typeof line.message === 'string' ? line.message : raw.slice(0, 80),
    body: JSON.stringify(line, null, 2),
    metrics: false,
  };
}

/**
 * The logs of one attempt as a collapsed block: a summary ("3 log lines, 1 metric record"), then
 * one collapsible entry per line (simulated time, level, message) with the pretty-printed JSON.
 */
export function logsCell(logs: readonly string[] | undefined, start: number, end: number, startedAt: number): string {
  if (!logs || logs.length === 0) return '<span class="muted">none</span>';
  const lines = logs.map((l) => retime(l, start, end, startedAt));
  const metricCount = lines.filter((l) => l.metrics).length;
  const head = [plural(lines.length - metricCount, 'log line'), ...(metricCount > 0 ? [plural(metricCount, 'metric record')] : [])].join(', ');
  const entries = lines.map((l) => {
    const title = `<span class="t">${esc(formatOffset(l.offset))}</span> <b class="lvl lvl-${esc(l.level.toLowerCase())}">${esc(l.level)}</b> ${esc(l.summary)}`;
    return l.body ? `<details class="line"><summary>${title}</summary><pre>${esc(l.body)}</pre></details>` : `<div class="line">${title}</div>`;
  });
  return `<details class="logs"><summary>${esc(head)}</summary>${entries.join('')}</details>`;
}
