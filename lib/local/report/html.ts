import { formatDuration, formatOffset, plural, timeTicks } from './format';
import type { ReportInput } from './model';
import { groupBy } from '../../graph/group-by';
import { logsCell } from './private/logs';
import { colourOf, esc, levelsOf, OUTCOME_COLOURS, shownOutcomes, wrapId } from './private/svg';

const NODE_W = 150;
const NODE_H = 34;
/** Characters of a task id per line in a DAG node (longer ids wrap onto more lines). */
const NODE_CHARS = 20;
const LINE_H = 14;
const GAP_X = 60;
const GAP_Y = 16;

/**
 * The run report: one self-contained HTML file (no script, no external resource) with the DAG
 * coloured by outcome, a Gantt chart of task attempts on the simulated time axis (retries and the
 * waits between them), the dead-letter messages and the execution history.
 */
export function renderReport(r: ReportInput): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>dagstep run — ${esc(r.workflow)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#1f2328}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.status{display:inline-block;padding:2px 8px;border-radius:10px;color:#fff;font-weight:600}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa}.muted{color:#656d76}svg text{font-family:inherit}
.legend span{display:inline-block;margin-right:12px;font-size:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;max-width:560px;font-size:11px}
details.logs>summary{cursor:pointer;color:#0969da}details.line{margin-left:12px}details.line>summary{cursor:pointer}
div.line{margin-left:12px}.t{color:#656d76;font-variant-numeric:tabular-nums}.lvl-error{color:#cf222e}.lvl-warn{color:#9a6700}.lvl-metric{color:#8250df}
td.num{text-align:right;font-variant-numeric:tabular-nums}
</style></head><body>
<h1>${esc(r.workflow)} <span class="status" style="background:${colourOf(r.status)}">${esc(r.status)}</span></h1>
<div class="muted">execution ${esc(r.executionId)} · makespan ${esc(formatDuration(r.makespanSeconds))} (simulated) · ${plural(r.transitions, 'state transition')} · ${plural(r.attempts.filter((a) => !a.internalState).length, 'task attempt')} · ${plural(r.deadLetters.length, 'dead letter')}</div>
${r.error ? `<p><b>${esc(r.error)}</b> ${esc(r.cause ?? '')}</p>` : ''}
<div class="legend">${Object.entries(OUTCOME_COLOURS).map(([k, c]) => `<span><i style="background:${c}"></i>${k}</span>`).join('')}</div>
<h2>Workflow</h2>
${dagSvg(r)}
<h2>Timeline</h2>
${ganttSvg(r)}
<h2>Dead letters</h2>
${deadLetterTable(r)}
<h2>Task attempts</h2>
${attemptTable(r)}
<h2>Execution history</h2>
${historyTable(r)}
</body></html>
`;
}

function dagSvg(r: ReportInput): string {
  const levels = levelsOf(r.tasks);
  const shown = shownOutcomes(r.tasks, r.outcomes);
  const labels = new Map(r.tasks.map((t) => [t.id, wrapId(t.id, NODE_CHARS)]));
  const nodeH = NODE_H + LINE_H * (Math.max(1, ...[...labels.values()].map((l) => l.length)) - 1);
  const columns: string[][] = [];
  for (const t of r.tasks) (columns[levels.get(t.id)!] ??= []).push(t.id);
  const pos = new Map<string, { x: number; y: number }>();
  columns.forEach((ids, c) => ids.forEach((id, i) => pos.set(id, { x: 10 + c * (NODE_W + GAP_X), y: 10 + i * (nodeH + GAP_Y) })));
  const width = 20 + columns.length * (NODE_W + GAP_X);
  const height = 20 + Math.max(1, ...columns.map((c) => c.length)) * (nodeH + GAP_Y);
  const edge = (from: string, to: string, fallback: boolean): string => {
    const a = pos.get(from)!;
    const b = pos.get(to)!;
    const d = `M${a.x + NODE_W},${a.y + nodeH / 2} C${a.x + NODE_W + GAP_X / 2},${a.y + nodeH / 2} ${b.x - GAP_X / 2},${b.y + nodeH / 2} ${b.x},${b.y + nodeH / 2}`;
    return fallback
      ? `<path class="fallback" data-from="${esc(from)}" data-to="${esc(to)}" d="${d}" fill="none" stroke="#9a6700" stroke-dasharray="5,3" marker-end="url(#arrow)"><title>${esc(to)} runs when ${esc(from)} fails for good</title></path>`
      : `<path class="dependency" d="${d}" fill="none" stroke="#8c959f" marker-end="url(#arrow)"/>`;
  };
  const edges = [
    ...r.tasks.flatMap((t) => t.dependsOn.filter((d) => pos.has(d)).map((d) => edge(d, t.id, false))),
    ...r.tasks.filter((t) => t.fallback && pos.has(t.fallback)).map((t) => edge(t.id, t.fallback!, true)),
  ];
  const nodes = r.tasks.map((t) => {
    const p = pos.get(t.id)!;
    const outcome = shown.get(t.id)!;
    const what = outcome === 'RESCUED' ? `RESCUED: failed, ${t.fallback} ran in its place` : outcome;
    const lines = labels.get(t.id)!;
    return `<g class="task" data-task="${esc(t.id)}" data-outcome="${esc(outcome)}"><title>${esc(t.id)}: ${esc(what)}</title>`
      + `<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${nodeH}" rx="6" fill="${colourOf(outcome)}" fill-opacity="0.25" stroke="${colourOf(outcome)}"/>`
      + `<text x="${p.x + 8}" y="${p.y + 21}" font-size="12">${lines.map((l, i) => `<tspan x="${p.x + 8}" dy="${i === 0 ? 0 : LINE_H}">${esc(l)}</tspan>`).join('')}</text></g>`;
  });
  return `<svg id="dag" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#8c959f"/></marker></defs>'
    + `${edges.join('')}${nodes.join('')}</svg>`;
}

function ganttSvg(r: ReportInput): string {
  const order = new Map(r.tasks.map((t, i) => [t.id, i]));
  const rows = [...new Set(r.attempts.map((a) => a.taskId))].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
  const end = r.attempts.reduce((m, a) => Math.max(m, a.endSeconds), Math.max(r.makespanSeconds, 1e-9));
  // Wide enough for the longest task name (about 6.5 px per character at 11 px), never cut.
  const labelW = Math.max(170, 12 + Math.ceil(6.5 * Math.max(0, ...rows.map((id) => id.length))));
  const chartW = 760;
  const rowH = 20;
  const x = (s: number) => labelW + (s / end) * chartW;
  const height = 30 + rows.length * rowH;
  const parts: string[] = [];
  for (const t of timeTicks(end)) {
    parts.push(`<line x1="${x(t)}" y1="0" x2="${x(t)}" y2="${height - 18}" stroke="#eaeef2"/><text class="tick" x="${x(t)}" y="${height - 4}" font-size="10" text-anchor="middle">${esc(formatDuration(t))}</text>`);
  }
  const byRow = groupBy(r.attempts, (a) => a.taskId);
  rows.forEach((id, i) => {
    const y = i * rowH + 4;
    parts.push(`<text x="4" y="${y + 12}" font-size="11">${esc(id)}</text>`);
    const mine = [...(byRow.get(id) ?? [])].sort((a, b) => a.startSeconds - b.startSeconds);
    const calls = mine.filter((a) => !a.internalState);
    calls.forEach((a, k) => {
      const prev = calls[k - 1];
      if (prev && a.attempt > 0 && a.startSeconds > prev.endSeconds) {
        parts.push(`<line class="wait" x1="${x(prev.endSeconds)}" y1="${y + 7}" x2="${x(a.startSeconds)}" y2="${y + 7}" stroke="#8c959f" stroke-dasharray="3,2"><title>retry wait ${esc(formatDuration(a.startSeconds - prev.endSeconds))}</title></line>`);
      }
    });
    for (const a of mine) {
      const w = Math.max(1.5, x(a.endSeconds) - x(a.startSeconds));
      const what = a.internalState ? `${a.internalState} (internal step of ${id})` : `${id} attempt ${a.attempt + 1}${a.itemIndex !== undefined ? ` item ${a.itemIndex}` : ''}`;
      parts.push(`<rect class="${a.internalState ? 'internal' : 'attempt'}" data-task="${esc(id)}" data-status="${esc(a.status)}" x="${x(a.startSeconds)}" y="${a.internalState ? y + 4 : y}" width="${w}" height="${a.internalState ? 6 : 14}" rx="2" fill="${colourOf(a.status)}"${a.internalState ? ' fill-opacity="0.6"' : ''}><title>${esc(what)}: ${esc(a.status)} ${esc(a.error ?? '')} (${esc(formatOffset(a.startSeconds))} → ${esc(formatOffset(a.endSeconds))})</title></rect>`);
    }
  });
  return `<svg id="gantt" xmlns="http://www.w3.org/2000/svg" width="${labelW + chartW + 20}" height="${height}">${parts.join('')}</svg>`;
}

function deadLetterTable(r: ReportInput): string {
  if (r.deadLetters.length === 0) return '<p class="muted">none</p>';
  const rows = r.deadLetters.map((d) => `<tr><td>${esc(d.taskId ?? '(execution)')}</td><td>${esc(d.error)}</td><td>${esc(d.cause ?? '')}</td><td>${esc(d.timestamp)}</td><td><details class="logs"><summary>input</summary><pre>${esc(JSON.stringify(d.input, null, 2))}</pre></details></td></tr>`);
  return `<table id="dead-letters"><tr><th>task</th><th>error</th><th>cause</th><th>timestamp (simulated)</th><th>input</th></tr>${rows.join('')}</table>`;
}

function attemptTable(r: ReportInput): string {
  const startedAt = r.startedAt ?? 0;
  const rows = r.attempts.map((a) => `<tr${a.internalState ? ' class="internal"' : ''}><td>${esc(a.taskId)}${a.internalState ? ` <span class="muted">(${esc(a.internalState)})</span>` : ''}</td><td class="num">${a.internalState ? '' : a.attempt + 1}</td><td class="num">${a.itemIndex ?? ''}</td><td class="num">${esc(formatOffset(a.startSeconds))}</td><td class="num">${esc(formatDuration(a.endSeconds - a.startSeconds))}</td><td>${esc(a.status)}</td><td>${esc(a.error ?? '')}</td><td>${logsCell(a.logs, a.startSeconds, a.endSeconds, startedAt)}</td></tr>`);
  return `<table id="attempts"><tr><th>task</th><th>attempt</th><th>item</th><th>start</th><th>duration</th><th>status</th><th>error</th><th>logs and metrics</th></tr>${rows.join('')}</table>`;
}

function historyTable(r: ReportInput): string {
  const rows = r.history.map((e) => `<tr><td class="num">${e.id}</td><td class="num">${esc(formatOffset(e.seconds))}</td><td>${esc(e.type)}</td><td>${esc(e.state ?? '')}</td><td>${esc(e.detail ?? '')}</td></tr>`);
  return `<table id="history"><tr><th>id</th><th>time</th><th>type</th><th>state</th><th>detail</th></tr>${rows.join('')}</table>`;
}
