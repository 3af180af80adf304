import { ReportAttempt, ReportInput } from './model';
import { colourOf, esc, levelsOf, OUTCOME_COLOURS } from './private/svg';

const NODE_W = 150;
const NODE_H = 34;
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
</style></head><body>
<h1>${esc(r.workflow)} <span class="status" style="background:${colourOf(r.status)}">${esc(r.status)}</span></h1>
<div class="muted">execution ${esc(r.executionId)} · makespan ${fmt(r.makespanSeconds)} (simulated) · ${r.transitions} state transitions · ${r.attempts.length} task attempts · ${r.deadLetters.length} dead letters</div>
${r.error ? `<p><b>${esc(r.error)}</b> ${esc(r.cause ?? '')}</p>` : ''}
<div class="legend">${Object.entries(OUTCOME_COLOURS).map(([k, c]) => `<span><i style="background:${c}"></i>${k}</span>`).join('')}</div>
<h2>Workflow</h2>
${dagSvg(r)}
<h2>Timeline</h2>
${ganttSvg(r)}
<h2>Dead letters</h2>
${deadLetterTable(r)}
<h2>Task attempts</h2>
${attemptTable(r.attempts)}
<h2>Execution history</h2>
${historyTable(r)}
</body></html>
`;
}

function fmt(s: number): string {
  return `${Number(s.toFixed(3))} s`;
}

function dagSvg(r: ReportInput): string {
  const levels = levelsOf(r.tasks);
  const columns: string[][] = [];
  for (const t of r.tasks) (columns[levels.get(t.id)!] ??= []).push(t.id);
  const pos = new Map<string, { x: number; y: number }>();
  columns.forEach((ids, c) => ids.forEach((id, i) => pos.set(id, { x: 10 + c * (NODE_W + GAP_X), y: 10 + i * (NODE_H + GAP_Y) })));
  const width = 20 + columns.length * (NODE_W + GAP_X);
  const height = 20 + Math.max(1, ...columns.map((c) => c.length)) * (NODE_H + GAP_Y);
  const edges = r.tasks.flatMap((t) => t.dependsOn.filter((d) => pos.has(d)).map((d) => {
    const a = pos.get(d)!;
    const b = pos.get(t.id)!;
    return `<path d="M${a.x + NODE_W},${a.y + NODE_H / 2} C${a.x + NODE_W + GAP_X / 2},${a.y + NODE_H / 2} ${b.x - GAP_X / 2},${b.y + NODE_H / 2} ${b.x},${b.y + NODE_H / 2}" fill="none" stroke="#8c959f" marker-end="url(#arrow)"/>`;
  }));
  const nodes = r.tasks.map((t) => {
    const p = pos.get(t.id)!;
    const outcome = (Object.prototype.hasOwnProperty.call(r.outcomes, t.id) ? r.outcomes[t.id] : undefined) ?? 'NOT_RUN';
    return `<g class="task" data-task="${esc(t.id)}" data-outcome="${esc(outcome)}"><title>${esc(t.id)}: ${esc(outcome)}</title>`
      + `<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${colourOf(outcome)}" fill-opacity="0.25" stroke="${colourOf(outcome)}"/>`
      + `<text x="${p.x + 8}" y="${p.y + 21}" font-size="12">${esc(truncate(t.id, 20))}</text></g>`;
  });
  return `<svg id="dag" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#8c959f"/></marker></defs>'
    + `${edges.join('')}${nodes.join('')}</svg>`;
}

function ganttSvg(r: ReportInput): string {
  const rows = [...new Set(r.attempts.map((a) => a.taskId))];
  const end = Math.max(r.makespanSeconds, ...r.attempts.map((a) => a.endSeconds), 1e-9);
  const labelW = 170;
  const chartW = 760;
  const rowH = 20;
  const x = (s: number) => labelW + (s / end) * chartW;
  const height = 30 + rows.length * rowH;
  const ticks = Array.from({ length: 6 }, (_, i) => (end * i) / 5);
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line x1="${x(t)}" y1="0" x2="${x(t)}" y2="${height - 18}" stroke="#eaeef2"/><text x="${x(t)}" y="${height - 4}" font-size="10" text-anchor="middle">${esc(fmt(t))}</text>`);
  }
  rows.forEach((id, i) => {
    const y = i * rowH + 4;
    parts.push(`<text x="4" y="${y + 12}" font-size="11">${esc(truncate(id, 24))}</text>`);
    const mine = r.attempts.filter((a) => a.taskId === id).sort((a, b) => a.startSeconds - b.startSeconds);
    mine.forEach((a, k) => {
      const prev = mine[k - 1];
      if (prev && a.attempt > 0 && a.startSeconds > prev.endSeconds) {
        parts.push(`<line class="wait" x1="${x(prev.endSeconds)}" y1="${y + 7}" x2="${x(a.startSeconds)}" y2="${y + 7}" stroke="#8c959f" stroke-dasharray="3,2"><title>retry wait ${esc(fmt(a.startSeconds - prev.endSeconds))}</title></line>`);
      }
      const w = Math.max(1.5, x(a.endSeconds) - x(a.startSeconds));
      parts.push(`<rect class="attempt" data-task="${esc(id)}" x="${x(a.startSeconds)}" y="${y}" width="${w}" height="14" rx="2" fill="${colourOf(a.status)}"><title>${esc(id)} attempt ${a.attempt + 1}${a.itemIndex !== undefined ? ` item ${a.itemIndex}` : ''}: ${esc(a.status)} ${esc(a.error ?? '')} (${esc(fmt(a.startSeconds))} → ${esc(fmt(a.endSeconds))})</title></rect>`);
    });
  });
  return `<svg id="gantt" xmlns="http://www.w3.org/2000/svg" width="${labelW + chartW + 20}" height="${height}">${parts.join('')}</svg>`;
}

function deadLetterTable(r: ReportInput): string {
  if (r.deadLetters.length === 0) return '<p class="muted">none</p>';
  const rows = r.deadLetters.map((d) => `<tr><td>${esc(d.taskId)}</td><td>${esc(d.error)}</td><td>${esc(d.cause)}</td><td>${esc(d.timestamp)}</td><td><pre>${esc(JSON.stringify(d.input, null, 1))}</pre></td></tr>`);
  return `<table id="dead-letters"><tr><th>task</th><th>error</th><th>cause</th><th>timestamp</th><th>input</th></tr>${rows.join('')}</table>`;
}

function attemptTable(attempts: readonly ReportAttempt[]): string {
  const rows = attempts.map((a) => `<tr><td>${esc(a.taskId)}</td><td>${a.attempt + 1}</td><td>${a.itemIndex ?? ''}</td><td>${esc(fmt(a.startSeconds))}</td><td>${esc(fmt(a.endSeconds))}</td><td>${esc(a.status)}</td><td>${esc(a.error ?? '')}</td><td><pre>${esc((a.logs ?? []).join('\n'))}</pre></td></tr>`);
  return `<table id="attempts"><tr><th>task</th><th>attempt</th><th>item</th><th>start</th><th>end</th><th>status</th><th>error</th><th>logs and metrics</th></tr>${rows.join('')}</table>`;
}

function historyTable(r: ReportInput): string {
  const rows = r.history.map((e) => `<tr><td>${e.id}</td><td>${esc(fmt(e.seconds))}</td><td>${esc(e.type)}</td><td>${esc(e.state ?? '')}</td><td>${esc(e.detail ?? '')}</td></tr>`);
  return `<table id="history"><tr><th>id</th><th>time</th><th>type</th><th>state</th><th>detail</th></tr>${rows.join('')}</table>`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
