/**
 * The state-name contract: task states are named exactly their task id; every state dagstep adds
 * has a `.` in its name, which task ids cannot contain, so the two never collide. The compiler
 * names states with these prefixes; the guard, the local runner and the CLI read them.
 */
export const STATE_PREFIX = {
  /** Every state dagstep adds that belongs to no task. */
  dagstep: 'dagstep.',
  /** A child-execution state (`dagstep.child.<n>`) and its own states (`dagstep.child.<n>.<what>`). */
  child: 'dagstep.child.',
  /** The Parallel states of the layout. */
  parallel: 'dagstep.parallel.',
  /** The Fail after an ASL dead-letter send that still failed (the guard delivers that letter). */
  undeliverable: 'dagstep.undeliverable.',
} as const;
