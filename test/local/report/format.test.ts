import * as fc from 'fast-check';
import { formatDuration, formatOffset, formatPercent, plural, timeTicks } from '../../../lib/local/report/format';

describe('report formatting', () => {
  test('plural forms', () => {
    // GIVEN counts / WHEN formatted / THEN singular only for exactly one
    expect([plural(0, 'dead letter'), plural(1, 'dead letter'), plural(2, 'dead letter'), plural(1200, 'attempt')])
      .toStrictEqual(['0 dead letters', '1 dead letter', '2 dead letters', '1,200 attempts']);
    expect(plural(3, 'child', 'children')).toBe('3 children');
  });

  test('durations: three significant figures below a minute, two units above', () => {
    // GIVEN durations seen in reports (295.875 s was printed raw before)
    const cases: [number, string][] = [
      [0, '0 s'], [0.25, '0.25 s'], [12.5, '12.5 s'], [59.94, '59.9 s'], [60, '1 min'], [85, '1 min 25 s'],
      [295.875, '4 min 56 s'], [3600, '1 h'], [7500, '2 h 5 min'], [90061, '1 d 1 h'], [551.6765750383493, '9 min 12 s'],
    ];
    // WHEN / THEN
    expect(cases.map(([s]) => formatDuration(s))).toStrictEqual(cases.map(([, f]) => f));
    expect(formatOffset(260)).toBe('+4 min 20 s');
    expect(formatPercent(0.94117)).toBe('94.1 %');
  });

  test('time ticks are round values from 0 that cover the axis', () => {
    // GIVEN the axes of real runs / WHEN ticked / THEN round steps
    expect(timeTicks(295.875)).toStrictEqual([0, 60, 120, 180, 240]);
    expect(timeTicks(584.343)).toStrictEqual([0, 120, 240, 360, 480]);
    expect(timeTicks(0.9)).toStrictEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(timeTicks(0)).toStrictEqual([0]);
  });

  test('property: ticks start at 0, stay within the axis, are evenly spaced and few', () => {
    fc.assert(fc.property(fc.double({ min: 0.001, max: 1e6, noNaN: true }), (end) => {
      // WHEN
      const t = timeTicks(end);
      // THEN
      expect(t[0]).toBe(0);
      expect(t[t.length - 1]).toBeLessThanOrEqual(end * (1 + 1e-9));
      expect(t.length).toBeGreaterThanOrEqual(2);
      expect(t.length).toBeLessThanOrEqual(13);
      const step = t[1] - t[0];
      for (let i = 1; i < t.length; i++) expect(t[i] - t[i - 1]).toBeCloseTo(step, 6);
    }), { numRuns: 1000 });
  });
});
