import { PRICE_SOURCES } from '../../../model/pricing';
import type { CostReport } from './estimate';

/** Dollars with three significant digits below $1 ($0.000175, $0.0769), cents above ($12.34). */
export function formatUsd(x: number): string {
  if (x === 0) return '$0';
  if (Math.abs(x) >= 1) return `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  // Three significant digits, written out in full (no exponent): $0.0000002, $0.000175, $0.0769.
  const digits = Math.min(12, Math.max(2, 2 - Math.floor(Math.log10(Math.abs(x)))));
  return `$${x.toFixed(digits).replace(/(\.\d*?[1-9])0+$/, '$1').replace(/\.0+$/, '')}`;
}

/** The cost section as text: one row per priced quantity, the totals, the Express advice. */
export function formatCost(r: CostReport): string {
  const header = ['service', 'item', 'quantity', 'unit price', 'per execution', 'per month'];
  const rows = r.lines.map((l) => [l.service, l.item, `${Number(l.quantityPerExecution.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 6 })} ${l.unit}`,
    formatUsd(l.unitPriceUsd), formatUsd(l.perExecutionUsd), formatUsd(l.perMonthUsd)]);
  const total = ['total', '', '', '', formatUsd(r.perExecutionUsd), formatUsd(r.perMonthUsd)];
  const widths = header.map((h, i) => Math.max(h.length, ...[...rows, total].map((row) => row[i].length)));
  const cell = (v: string, i: number) => (i < 2 ? v.padEnd(widths[i]) : v.padStart(widths[i]));
  const lines = [
    `cost in ${r.region} at ${r.executionsPerMonth.toLocaleString('en-US')} executions a month (averaged over ${r.simulatedExecutions.toLocaleString('en-US')} simulated; prices of ${r.pricesAsOf}, lib/model/pricing.ts)`,
    ...[header, ...rows, total].map((row) => `  ${row.map(cell).join('  ').trimEnd()}`),
  ];
  for (const a of r.express) {
    lines.push('', `  cheaper as Express: ${a.part} — ${formatUsd(a.nowPerMonthUsd)} → ${formatUsd(a.asExpressPerMonthUsd)} a month; it would give up:`);
    for (const g of a.givesUp) lines.push(`    - ${g}`);
  }
  lines.push('', `  not counted: ${r.notCounted.join('; ')}`);
  lines.push(`  sources: ${Object.values(PRICE_SOURCES).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
