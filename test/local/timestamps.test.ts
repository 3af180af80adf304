import { iso } from '../../lib/local/timestamps';

describe('iso', () => {
  test('turns simulated seconds into an ISO timestamp from the epoch', () => {
    // GIVEN a second and a half of simulated time
    // WHEN written as a timestamp (twice: the second read comes from the cache)
    // THEN both are the epoch plus 1.5 s
    expect([iso(1.5), iso(1.5)]).toStrictEqual(['2026-01-01T00:00:01.500Z', '2026-01-01T00:00:01.500Z']);
  });
});
