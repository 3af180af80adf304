import { ROOT, stopped } from '../../lib/local/signal';

describe('stopped', () => {
  test('is true once the signal or any enclosing one stopped', () => {
    // GIVEN the root signal and one whose parent stopped
    // WHEN asked
    // THEN only the latter is stopped
    expect([stopped(ROOT), stopped({ stopped: false, parent: { stopped: true } })]).toStrictEqual([false, true]);
  });
});
