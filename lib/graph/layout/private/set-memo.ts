import type { PlanNode } from '../../plan';

/** A set of tasks laid out: its plan and makespan. */
export interface Solved { readonly node: PlanNode; readonly span: number }

/** One remembered set: its second hash, its tasks (topological order) and its layout. */
export interface MemoEntry { readonly h2: number; set: readonly number[]; solved: Solved }

/**
 * The layouts of sets of tasks (at most 511 of them) already solved, by two 32-bit hashes of the
 * set (sums of per-task hashes) and its size: keyed by h1 and size (h1 * 512 + size is exact and
 * one-to-one), then h2 in the entries. A hit is only a candidate: the caller checks its tasks.
 */
export class SetMemo {
  private readonly entries = new Map<number, MemoEntry[]>();

  /** The entry with these hashes and size, if any (its set may still differ: check it). */
  lookup(h1: number, h2: number, size: number): MemoEntry | undefined {
    return this.entries.get(h1 * 512 + size)?.find((e) => e.h2 === h2);
  }

  /** Remembers a solved set; a later set with the same hashes replaces the earlier one. */
  remember(h1: number, h2: number, set: readonly number[], solved: Solved): void {
    const key = h1 * 512 + set.length;
    const entries = this.entries.get(key);
    const same = entries?.find((e) => e.h2 === h2);
    if (same) { same.set = set; same.solved = solved; } else if (entries) entries.push({ h2, set, solved }); else this.entries.set(key, [{ h2, set, solved }]);
  }
}
