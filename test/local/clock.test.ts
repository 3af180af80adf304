import { Scheduler, seededRandom } from '../../lib/local/clock';

describe('Scheduler (simulated time)', () => {
  test('sleeps resolve in time order and the clock jumps to each deadline', async () => {
    // GIVEN three concurrent sleeps of 5, 2 and 2 s
    const s = new Scheduler();
    const seen: [string, number][] = [];
    const main = Promise.all([
      s.sleep(5).then(() => seen.push(['a', s.now])),
      s.sleep(2).then(() => seen.push(['b', s.now])),
      s.sleep(2).then(() => seen.push(['c', s.now])),
    ]).then(() => 'done');
    // WHEN the scheduler drives them
    const out = await s.run(main, () => undefined);
    // THEN equal deadlines keep their order and the clock ends at 5 s
    expect(out).toBe('done');
    expect(seen).toStrictEqual([['b', 2], ['c', 2], ['a', 5]]);
    expect(s.now).toBe(5);
  });

  test('sequential sleeps add up; negative sleeps count as 0', async () => {
    // GIVEN a chain of sleeps
    const s = new Scheduler();
    const main = (async () => { await s.sleep(1.5); await s.sleep(-3); await s.sleep(2.5); return s.now; })();
    // WHEN run
    // THEN the clock advanced by 4 s
    expect(await s.run(main, () => undefined)).toBe(4);
  });

  test('500 random timers fire in non-decreasing deadline order', async () => {
    // GIVEN timers with pseudo-random deadlines
    const s = new Scheduler();
    const random = seededRandom(11);
    const fired: number[] = [];
    const deadlines = Array.from({ length: 500 }, () => Math.floor(random() * 1000));
    const main = Promise.all(deadlines.map((d) => s.sleep(d).then(() => { fired.push(s.now); })));
    // WHEN run
    await s.run(main, () => undefined);
    // THEN they fired sorted
    expect(fired).toStrictEqual([...deadlines].sort((a, b) => a - b));
  });

  test('tracked real work holds the clock until it finishes', async () => {
    // GIVEN a 1 s sleep and tracked real async work (20 ms) started at the same time
    const s = new Scheduler();
    const main = Promise.all([
      s.track(() => new Promise<number>((r) => setTimeout(() => r(s.now), 20))),
      s.sleep(1).then(() => s.now),
    ]);
    // WHEN run
    const [seenByWork, afterSleep] = await s.run(main, () => undefined);
    // THEN the clock had not advanced while the work ran
    expect([seenByWork, afterSleep]).toStrictEqual([0, 1]);
  });

  test('a run with no timer and no work in flight is stuck', async () => {
    // GIVEN a promise that never settles
    const never = new Promise<void>(() => undefined);
    // WHEN run with and without a blocked description
    // THEN it rejects, with the description when given
    await expect(new Scheduler().run(never, () => 'waiting for task tokens in W')).rejects.toThrow(
      'local engine: execution is stuck (no timer, no work in flight): waiting for task tokens in W');
    await expect(new Scheduler().run(never, () => undefined)).rejects.toThrow(/^local engine: execution is stuck \(no timer, no work in flight\)$/);
  });

  test('a rejection of the main promise is passed through', async () => {
    // GIVEN a main promise failing after 3 s
    const s = new Scheduler();
    const main = s.sleep(3).then(() => { throw new Error('boom'); });
    // WHEN run
    // THEN run rejects with it at 3 s
    await expect(s.run(main, () => undefined)).rejects.toThrow('boom');
    expect(s.now).toBe(3);
  });
});

describe('Scheduler (real time)', () => {
  test('sleeps really wait and now is wall-clock seconds', async () => {
    // GIVEN a real-time scheduler
    const s = new Scheduler(true);
    const t0 = Date.now();
    // WHEN it sleeps 50 ms inside run
    await s.run(s.sleep(0.05), () => undefined);
    // THEN at least ~50 ms of real time passed
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    expect(s.now).toBeGreaterThanOrEqual(0.045);
  });
});

describe('seededRandom', () => {
  test('the same seed gives the same sequence in [0, 1); other seeds differ', () => {
    // GIVEN generators seeded 1, 1, 2 and 0
    const [a, b, c, z] = [1, 1, 2, 0].map((seed) => { const r = seededRandom(seed); return Array.from({ length: 1000 }, r); });
    // WHEN their sequences are compared
    // THEN same seed → same values, all within range, seed 0 still works
    expect(b).toStrictEqual(a);
    expect(c).not.toStrictEqual(a);
    for (const xs of [a, c, z]) expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(z).size).toBe(1000);
    expect(a.reduce((x, y) => x + y, 0) / 1000).toBeCloseTo(0.5, 1);
  });
});
