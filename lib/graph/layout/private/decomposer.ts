import type { DagIndex } from '../../dag';
import type { PlanNode } from '../../plan';
import { topoIndices } from '../../topo';
import { parOf, seqOf } from './build';
import { chainLayout, crossEdgesOf, matchedChainLayout } from './chains';
import { MemoEntry, SetMemo, Solved } from './set-memo';
import { Cut, distinctCuts, exactCut, rankCuts, sameSet } from './cuts';
import { CutFinder } from './candidate-cuts';

/** Sets at most this big try several cuts recursively; larger ones take the cheapest bound. */
const SEARCH_LIMIT = 300;
/** Cuts tried per lossy set. */
const BEAM = 5;
/**
 * Work (tasks of the sets solved) the search may spend per task of the DAG, plus a floor, before
 * it only takes the cheapest bound: bounds the time by size, deterministically.
 */
const WORK_PER_TASK = 1000;
const WORK_FLOOR = 100_000;

/**
 * Recursive series-parallel decomposition of a DAG (see series-parallel.ts). Sets of tasks are
 * arrays of task indices in topological order; scratch arrays are indexed by task and reused.
 */
export class Decomposer {
  private readonly topo: number[];
  private readonly member: Int32Array;
  /** Component of each task in components(); `stack` is that search's stack. */
  private readonly component: Int32Array;
  private readonly stack: Int32Array;
  private gen = 0;
  private readonly est: Float64Array;
  private readonly eft: Float64Array;
  private readonly tail: Float64Array;
  /** Two 32-bit hashes per task: a set's key is their sums (checked against the set on a hit). */
  private readonly z1: Int32Array;
  private readonly z2: Int32Array;
  private budget: number;
  private readonly cutFinder: CutFinder;
  /** Solved sets of at most SEARCH_LIMIT tasks by the sums of their hashes (checked against the set). */
  private readonly memo = new SetMemo();
  /** The plan of each task on its own, made once. */
  private readonly leaves: (Solved | undefined)[];
  /** @param matchChains a lossy set becomes the chains with fewer waits: greedy (as exact) or by matching */
  constructor(private readonly ix: DagIndex, private readonly matchChains = false) {
    const n = ix.ids.length;
    this.topo = topoIndices(ix);
    this.member = new Int32Array(n).fill(-1);
    this.component = new Int32Array(n);
    this.stack = new Int32Array(n);
    this.est = new Float64Array(n);
    this.eft = new Float64Array(n);
    this.tail = new Float64Array(n);
    this.z1 = new Int32Array(n);
    this.z2 = new Int32Array(n);
    let s = 0x9e3779b9;
    const next = () => { s = (Math.imul(s, 1664525) + 1013904223) | 0; return s ^ (s >>> 15); };
    for (let i = 0; i < n; i++) { this.z1[i] = next(); this.z2[i] = next(); }
    this.budget = WORK_FLOOR + WORK_PER_TASK * n;
    this.cutFinder = new CutFinder(ix, this.z1, this.z2, BEAM);
    this.leaves = new Array<Solved | undefined>(n).fill(undefined);
  }

  /** The best pure series-parallel plan found (no waits). */
  solveAll(): PlanNode {
    if (this.topo.length === 0) throw new Error('internal: empty DAG');
    return this.solve(this.topo).node;
  }

  /**
   * A plan whose makespan is the critical path, with waits only where nesting cannot keep it:
   * wait-free cuts and components are taken as in solveAll(); a connected set without a wait-free
   * cut keeps its series-parallel plan when that fits in the time it may take (its slack), and
   * becomes chains with waits otherwise. The slack of a cut goes to its first part first.
   * `allowed` (default and at least the critical path) is the makespan the whole may take: any
   * time above the critical path is slack shared out the same way, so fewer sets need waits; a
   * set without a wait-free cut then also takes the cheapest lossy cut whose loss fits its slack.
   */
  solveAllWithWaits(allowed?: number): PlanNode {
    if (this.topo.length === 0) throw new Error('internal: empty DAG');
    const cp = this.localSchedule(this.topo);
    return this.solveWithin(this.topo, Math.max(cp, allowed ?? cp)).node;
  }

  private solveWithin(set: readonly number[], allowed: number): Solved {
    if (set.length === 1) return this.solve(set);
    const comps = this.components(set);
    if (comps.length > 1) {
      const parts = comps.map((c) => this.solveWithin(c, allowed));
      return { node: parOf(parts.map((p) => p.node)), span: Math.max(...parts.map((p) => p.span)) };
    }
    const cp = this.localSchedule(set);
    const cuts = this.candidateCuts(set, cp);
    const cut = exactCut(cuts);
    const exact = cut && this.split(set, cut.order, cut.k);
    if (exact) {
      let t = 0;
      for (const v of exact.a) t = Math.max(t, this.eft[v]);
      const a = this.solveWithin(exact.a, allowed - (cp - t));
      const b = this.solveWithin(exact.b, allowed - a.span);
      return { node: seqOf([a.node, b.node]), span: a.span + b.span };
    }
    const sp = this.solve(set, undefined, undefined, cuts);
    const eps = 1e-9 * Math.max(1, allowed);
    if (sp.span <= allowed + eps) return sp;
    // A lossy cut whose loss the slack still covers: its parts share what is left (fewer waits).
    const affordable = cuts.flatMap((c) => c.best).filter((c) => c.cost <= allowed + eps)
      .sort((a, b) => a.cost - b.cost || a.k - b.k)[0];
    if (affordable) {
      const parts = this.split(set, affordable.order, affordable.k);
      const cpB = this.localSchedule(parts.b);
      const a = this.solveWithin(parts.a, allowed - cpB);
      const b = this.solveWithin(parts.b, allowed - a.span);
      return { node: seqOf([a.node, b.node]), span: a.span + b.span };
    }
    this.localSchedule(set);
    const greedy = chainLayout(this.ix, set, this.eft);
    if (!this.matchChains) return { node: greedy, span: cp };
    const matched = matchedChainLayout(this.ix, set);
    return { node: crossEdgesOf(matched).length < crossEdgesOf(greedy).length ? matched : greedy, span: cp };
  }

  /**
   * Lays out a set of tasks given in topological order; returns the plan and its makespan.
   * `h1`/`h2`: the sums of the set's task hashes, when the caller has them. `hint`: the candidate
   * cuts of a superset of the set (or of the set itself), whose orders, restricted to the set, are
   * where its own sorts start when it is decomposed (see CutFinder.cuts); the plan is the same
   * with any hint or none.
   */
  private solve(set: readonly number[], h1?: number, h2?: number, hint?: readonly Cut[]): Solved {
    if (set.length === 1) {
      const v = set[0];
      return this.leaves[v] ??= { node: { kind: 'task', id: this.ix.ids[v] }, span: this.ix.duration[v] };
    }
    if (set.length > SEARCH_LIMIT) {
      this.budget -= set.length;
      return this.decompose(set, h1, h2, hint);
    }
    if (h1 === undefined || h2 === undefined) [h1, h2] = this.hashes(set);
    const known = this.memo.lookup(h1, h2, set.length);
    if (known && sameSet(known.set, set)) return known.solved;
    return this.solveNew(set, h1, h2, hint);
  }

  /** A set of at most SEARCH_LIMIT tasks the memo does not hold: decomposed and remembered. */
  private solveNew(set: readonly number[], h1: number, h2: number, hint: readonly Cut[] | undefined): Solved {
    this.budget -= set.length;
    const solved = this.decompose(set, h1, h2, hint);
    this.memo.remember(h1, h2, set, solved);
    return solved;
  }

  /** The sums of the task hashes of the first `count` tasks of `set` (all by default). */
  private hashes(set: readonly number[], count = set.length): [number, number] {
    let h1 = 0;
    let h2 = 0;
    for (let i = 0; i < count; i++) { h1 = (h1 + this.z1[set[i]]) | 0; h2 = (h2 + this.z2[set[i]]) | 0; }
    return [h1, h2];
  }

  private decompose(set: readonly number[], h1: number | undefined, h2: number | undefined, hint: readonly Cut[] | undefined): Solved {
    const comps = this.components(set);
    if (comps.length > 1) {
      const parts = comps.map((c) => this.solve(c, undefined, undefined, hint));
      return { node: parOf(parts.map((p) => p.node)), span: Math.max(...parts.map((p) => p.span)) };
    }
    if (h1 === undefined || h2 === undefined) [h1, h2] = this.hashes(set);
    const cp = this.localSchedule(set);
    const cuts = this.candidateCuts(set, cp, hint);
    const eps = 1e-9 * Math.max(1, cp);
    // One wait-free cut at a time (two such cuts together need not be wait-free).
    const exact = exactCut(cuts);
    if (exact) {
      const { a, b } = this.solveCut(cuts, set, h1, h2, exact.order, exact.k);
      return { node: seqOf([a.node, b.node]), span: a.span + b.span };
    }
    const ranked = rankCuts(cuts);
    const tries = set.length <= SEARCH_LIMIT && this.budget > 0 ? distinctCuts(ranked, BEAM) : ranked.slice(0, 1);
    let best: Solved | undefined;
    for (const t of tries) {
      if (best && t.cost >= best.span - eps) break;
      const { a, b } = this.solveCut(cuts, set, h1, h2, t.order, t.k, t.h1, t.h2);
      const span = a.span + b.span;
      if (!best || span < best.span - eps) best = { node: seqOf([a.node, b.node]), span };
    }
    return best!;
  }

  /**
   * Solves the first k tasks of `order` (hashes p1/p2, computed when not given), then the rest of
   * `set` (hashes h1/h2), as solve() would solve the arrays split() makes: each part is looked up
   * in the memo before it is built, so a part solved before costs no array. `cuts`: the set's
   * candidate cuts (the parts' hint).
   */
  private solveCut(
    cuts: readonly Cut[], set: readonly number[], h1: number, h2: number, order: readonly number[], k: number, p1?: number, p2?: number,
  ): { a: Solved; b: Solved } {
    if (p1 === undefined || p2 === undefined) [p1, p2] = this.hashes(order, k);
    const a = this.solvePart(cuts, set, order, k, true, p1, p2);
    const b = this.solvePart(cuts, set, order, k, false, (h1 - p1) | 0, (h2 - p2) | 0);
    return { a, b };
  }

  /** solve() of the prefix (first k tasks of `order`) or of the rest of `set`, with their hashes; `cuts`: the set's (the part's hint). */
  private solvePart(
    cuts: readonly Cut[], set: readonly number[], order: readonly number[], k: number, prefix: boolean, h1: number, h2: number,
  ): Solved {
    const size = prefix ? k : set.length - k;
    if (size === 1 || size > SEARCH_LIMIT) return this.solve(this.part(set, order, k, prefix), h1, h2, cuts);
    const known = this.memo.lookup(h1, h2, size);
    if (known && this.isPart(known, set, order, k, prefix)) return known.solved;
    return this.solveNew(this.part(set, order, k, prefix), h1, h2, cuts);
  }

  /** The prefix (first k tasks of `order`) or the rest of `set`, in the topological order of `set`. */
  private part(set: readonly number[], order: readonly number[], k: number, prefix: boolean): number[] {
    const g = ++this.gen;
    for (let i = 0; i < k; i++) this.member[order[i]] = g;
    const out: number[] = [];
    for (const v of set) if ((this.member[v] === g) === prefix) out.push(v);
    return out;
  }

  /**
   * True when the entry's set is that part, of the same size: the same tasks, so (both in
   * topological order) the same array.
   */
  private isPart(entry: MemoEntry, set: readonly number[], order: readonly number[], k: number, prefix: boolean): boolean {
    const inSet = prefix ? 0 : ++this.gen;
    if (!prefix) for (const v of set) this.member[v] = inSet;
    const inPrefix = ++this.gen;
    for (let i = 0; i < k; i++) this.member[order[i]] = inPrefix;
    const want = prefix ? inPrefix : inSet;
    for (const v of entry.set) if (this.member[v] !== want) return false;
    return true;
  }

  /** The first k tasks of `order` and the rest, each in the topological order of `set`. */
  private split(set: readonly number[], order: readonly number[], k: number): { a: number[]; b: number[] } {
    const g = ++this.gen;
    for (let i = 0; i < k; i++) this.member[order[i]] = g;
    const a: number[] = [];
    const b: number[] = [];
    for (const v of set) (this.member[v] === g ? a : b).push(v);
    return { a, b };
  }

  /** Weakly connected components of the set, each in topological order, ordered by first task. */
  private components(set: readonly number[]): number[][] {
    const inSet = ++this.gen;
    const reached = ++this.gen;
    const { member, stack, component: label } = this;
    for (const v of set) member[v] = inSet;
    // A search over dependencies both ways inside the set, from each task not reached yet (in set
    // order, so components come by first task); most sets are connected: the first search reaches all.
    let comps = 0;
    let count = 0;
    for (const first of set) {
      if (member[first] !== inSet) continue;
      const c = comps++;
      let top = 0;
      stack[top++] = first;
      member[first] = reached;
      label[first] = c;
      while (top > 0) {
        const v = stack[--top];
        count++;
        for (const u of this.ix.preds[v]) if (member[u] === inSet) { member[u] = reached; label[u] = c; stack[top++] = u; }
        for (const u of this.ix.succs[v]) if (member[u] === inSet) { member[u] = reached; label[u] = c; stack[top++] = u; }
      }
      if (c === 0 && count === set.length) return [set as number[]];
    }
    const out: number[][] = Array.from({ length: comps }, () => []);
    for (const v of set) out[label[v]].push(v);
    return out;
  }

  /** ASAP schedule of the set on its own (edges from outside ignored); returns its critical path. */
  private localSchedule(set: readonly number[]): number {
    const g = ++this.gen;
    for (const v of set) this.member[v] = g;
    let cp = 0;
    for (const v of set) {
      let s = 0;
      for (const u of this.ix.preds[v]) if (this.member[u] === g && this.eft[u] > s) s = this.eft[u];
      this.est[v] = s;
      this.eft[v] = s + this.ix.duration[v];
      if (this.eft[v] > cp) cp = this.eft[v];
    }
    for (let i = set.length - 1; i >= 0; i--) {
      const v = set[i];
      let t = 0;
      for (const w of this.ix.succs[v]) if (this.member[w] === g && this.tail[w] > t) t = this.tail[w];
      this.tail[v] = t + this.ix.duration[v];
    }
    return cp;
  }

  /** The candidate cuts of the set (see CutFinder.cuts); needs localSchedule(set) first. */
  private candidateCuts(set: readonly number[], cp: number, hint?: readonly Cut[]): Cut[] {
    return this.cutFinder.cuts(set, cp, { est: this.est, eft: this.eft, tail: this.tail }, hint);
  }
}
