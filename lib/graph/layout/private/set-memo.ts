import type { PlanNode } from '../../plan';

/** A set of tasks laid out: its plan and makespan. */
export interface Solved { readonly node: PlanNode; readonly span: number }

/** One remembered set: its size and second hash, its tasks (topological order) and its layout. */
export interface MemoEntry { readonly size: number; readonly h2: number; set: readonly number[]; solved: Solved }

/**
 * The layouts of sets of tasks already solved, by two 32-bit hashes of the set (sums of per-task
 * hashes) and its size: keyed by h1 (a small integer key: the map stays fast with 100,000s of
 * sets), then size and h2 in the entries. A hit is only a candidate: the caller checks its tasks.
 */
export class SetMemo {
  private readonly entries = new Map<number, MemoEntry[]>();

  /** The entry with these hashes and size, if any (its set may still differ: check it). */
  lookup(h1: number, h2: number, size: number): MemoEntry | undefined {
    const entries = this.entries.get(h1);
    if (entries === undefined) return undefined;
    for (const e of entries) if (e.size === size && e.h2 === h2) return e;
    return undefined;
  }

  /** Remembers a solved set; a later set with the same hashes and size replaces the earlier one. */
  remember(h1: number, h2: number, set: readonly number[], solved: Solved): void {
    const same = this.lookup(h1, h2, set.length);
    if (same) {
      same.set = set;
      same.solved = solved;
      return;
    }
    const entries = this.entries.get(h1);
    const entry: MemoEntry = { size: set.length, h2, set, solved };
    if (entries) entries.push(entry); else this.entries.set(h1, [entry]);
  }
}
