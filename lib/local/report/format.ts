/**
 * Human formatting of simulated times and counts, shared by the run report, `dagstep run` and
 * `dagstep simulate`, so every screen shows the same "4 min 56 s", never "295.875 s".
 */

/** `n word` with the plural form when n ≠ 1 (`1 dead letter`, `2 dead letters`). */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : pluralWord}`;
}

/** Rounds to at most `digits` significant figures (0.1234 → 0.123, 295.875 → 296). */
function significant(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(Math.abs(x))));
  return Math.round(x * scale) / scale;
}

/**
 * A duration in seconds, readable: `0.25 s`, `12.5 s`, `4 min 56 s`, `2 h 5 min`, `3 d 4 h`.
 * Below a minute it keeps three significant figures; above, the two largest units.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(seconds);
  if (s < 60) return `${sign}${significant(s, 3)} s`;
  const units: [string, number][] = [['d', 86_400], ['h', 3_600], ['min', 60], ['s', 1]];
  let rest = Math.round(s);
  const parts: string[] = [];
  for (const [name, size] of units) {
    if (parts.length === 2) break;
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n} ${name}`);
  }
  return sign + parts.filter((p) => !p.startsWith('0 ')).join(' ');
}

/** A time offset from the start of the execution: `+0 s`, `+4 min 20 s`. */
export function formatOffset(seconds: number): string {
  return `+${formatDuration(Math.max(0, seconds))}`;
}

/** A fraction as a percentage with up to one decimal: 0.9412 → `94.1 %`. */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))} %`;
}

/** Steps a time axis may use, in seconds: 1-2-5 below a minute, then whole minutes, hours and days. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400];

/**
 * Tick positions for a time axis from 0 to `end` seconds: round values (1, 2, 5 × 10ⁿ below a
 * second, then 1 s … 1 d), at most about `target` + 1 of them, always starting at 0.
 */
export function timeTicks(end: number, target = 6): number[] {
  if (!(end > 0)) return [0];
  const raw = end / target;
  let step: number;
  if (raw < 1) {
    const p = 10 ** Math.floor(Math.log10(raw));
    step = [1, 2, 5, 10].map((m) => m * p).find((c) => c >= raw)!;
  } else {
    step = TIME_STEPS.find((c) => c >= raw) ?? Math.ceil(raw / 86_400) * 86_400;
  }
  const ticks: number[] = [];
  for (let i = 0; i * step <= end + step * 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}
