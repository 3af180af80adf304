import type { DagIndex } from '../../dag';
import type { PlanNode } from '../../plan';
import { topoIndices } from '../../topo';
import { parOf, seqOf } from './build';
import { chainLayout } from './chains';

/** Blends of ASAP (1) and ALAP (0) start times whose prefixes are tried as cuts. */
const ALPHAS = [1, 0, 0.5, 0.25, 0.75];
/** Sets at most this big try several cuts recursively; larger ones take the cheapest bound. */
const SEARCH_LIMIT = 300;
const BEAM = 5;
/** Solve calls the search may spend on one DAG before it only takes the cheapest bound. */
const SEARCH_BUDGET = 20000;

export class Decomposer {
  private readonly pos: Int32Array;
  private readonly topo: number[];
  private readonly member: Int32Array;
  private gen = 0;
  private readonly est: Float64Array;
  private readonly eft: Float64Array;
  private readonly tail: Float64Array;
  private budget = SEARCH_BUDGET;
  private readonly memo = new Map<string, { node: PlanNode; span: number }>();

  constructor(private readonly ix: DagIndex) {
    const n = ix.ids.length;
    this.topo = topoIndices(ix);
    this.pos = new Int32Array(n);
    this.topo.forEach((v, i) => { this.pos[v] = i; });
    this.member = new Int32Array(n).fill(-1);
    this.est = new Float64Array(n);
    this.eft = new Float64Array(n);
    this.tail = new Float64Array(n);
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
   */
  solveAllWithWaits(): PlanNode {
    if (this.topo.length === 0) throw new Error('internal: empty DAG');
    const cp = this.localSchedule(this.topo);
    return this.solveWithin(this.topo, cp).node;
  }

  private solveWithin(set: readonly number[], allowed: number): { node: PlanNode; span: number } {
    if (set.length === 1) return this.solve(set);
    const comps = this.components(set);
    if (comps.length > 1) {
      const parts = comps.map((c) => this.solveWithin(c, allowed));
      return { node: parOf(parts.map((p) => p.node)), span: Math.max(...parts.map((p) => p.span)) };
    }
    const cp = this.localSchedule(set);
    const exact = this.exactCut(this.candidateCuts(set, cp));
    if (exact) {
      let t = 0;
      for (const v of exact.a) t = Math.max(t, this.eft[v]);
      const a = this.solveWithin(exact.a, allowed - (cp - t));
      const b = this.solveWithin(exact.b, allowed - a.span);
      return { node: seqOf([a.node, b.node]), span: a.span + b.span };
    }
    const sp = this.solve(set);
    if (sp.span <= allowed + 1e-9 * Math.max(1, allowed)) return sp;
    this.localSchedule(set);
    return { node: chainLayout(this.ix, set, this.eft), span: cp };
  }

  /** The wait-free cut nearest the middle of the first order that has one (keeps long chains shallow). */
  private exactCut(cuts: readonly Cut[]): { a: number[]; b: number[] } | undefined {
    const exact = cuts.find((c) => c.exactSplits.length > 0);
    if (!exact) return undefined;
    const mid = exact.order.length / 2;
    const k = exact.exactSplits.reduce((best, x) => (Math.abs(x - mid) < Math.abs(best - mid) ? x : best));
    return { a: this.inTopoOrder(exact.order.slice(0, k)), b: this.inTopoOrder(exact.order.slice(k)) };
  }

  /** Lays out a set of tasks given in topological order; returns the plan and its makespan. */
  private solve(set: readonly number[]): { node: PlanNode; span: number } {
    if (set.length === 1) return { node: { kind: 'task', id: this.ix.ids[set[0]] }, span: this.ix.duration[set[0]] };
    const key = set.length <= SEARCH_LIMIT ? set.join(',') : undefined;
    const known = key !== undefined ? this.memo.get(key) : undefined;
    if (known) return known;
    this.budget--;
    const solved = this.decompose(set);
    if (key !== undefined) this.memo.set(key, solved);
    return solved;
  }

  private decompose(set: readonly number[]): { node: PlanNode; span: number } {
    const comps = this.components(set);
    if (comps.length > 1) {
      const parts = comps.map((c) => this.solve(c));
      return { node: parOf(parts.map((p) => p.node)), span: Math.max(...parts.map((p) => p.span)) };
    }
    const cp = this.localSchedule(set);
    const cuts = this.candidateCuts(set, cp);
    const eps = 1e-9 * Math.max(1, cp);
    // One wait-free cut at a time (two such cuts together need not be wait-free).
    const exact = this.exactCut(cuts);
    if (exact) {
      const a = this.solve(exact.a);
      const b = this.solve(exact.b);
      return { node: seqOf([a.node, b.node]), span: a.span + b.span };
    }
    const ranked = cuts.flatMap((c) => c.best).sort((a, b) => a.cost - b.cost || a.k - b.k);
    const tries = set.length <= SEARCH_LIMIT && this.budget > 0 ? dedupe(ranked).slice(0, BEAM) : ranked.slice(0, 1);
    let best: { node: PlanNode; span: number } | undefined;
    for (const t of tries) {
      if (best && t.cost >= best.span - eps) break;
      const a = this.solve(this.inTopoOrder(t.order.slice(0, t.k)));
      const b = this.solve(this.inTopoOrder(t.order.slice(t.k)));
      const span = a.span + b.span;
      if (!best || span < best.span - eps) best = { node: seqOf([a.node, b.node]), span };
    }
    return best!;
  }

  /** Weakly connected components of the set, each in topological order, ordered by first task. */
  private components(set: readonly number[]): number[][] {
    const g = ++this.gen;
    for (const v of set) this.member[v] = g;
    const parent = new Map<number, number>();
    const find = (x: number): number => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r)!;
      let y = x;
      while (parent.get(y) !== r) { const nx = parent.get(y)!; parent.set(y, r); y = nx; }
      return r;
    };
    for (const v of set) parent.set(v, v);
    for (const v of set) {
      for (const u of this.ix.preds[v]) {
        if (this.member[u] !== g) continue;
        const a = find(u);
        const b = find(v);
        if (a !== b) parent.set(this.pos[a] < this.pos[b] ? b : a, this.pos[a] < this.pos[b] ? a : b);
      }
    }
    const groups = new Map<number, number[]>();
    for (const v of set) {
      const r = find(v);
      if (!groups.has(r)) groups.set(r, []);
      groups.get(r)!.push(v);
    }
    return [...groups.values()];
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

  /**
   * For each order (blend of ASAP/ALAP start), every prefix is a cut; its bound is
   * max eft over the prefix + max tail over the rest. Returns per order the cuts whose bound equals
   * the critical path (exact) and the cheapest ones.
   */
  private candidateCuts(set: readonly number[], cp: number): Cut[] {
    const eps = 1e-9 * Math.max(1, cp);
    const out: Cut[] = [];
    // Thresholds on the earliest finish come last: if any cut is wait-free, one of them is.
    const keys = [...ALPHAS.map((alpha) => (v: number) => alpha * this.est[v] + (1 - alpha) * (cp - this.tail[v])), (v: number) => this.eft[v]];
    for (const key of keys) {
      const order = [...set].sort((a, b) => key(a) - key(b) || this.pos[a] - this.pos[b]);
      const m = order.length;
      const pre = new Float64Array(m);
      const suf = new Float64Array(m + 1);
      for (let i = 0; i < m; i++) pre[i] = Math.max(i > 0 ? pre[i - 1] : 0, this.eft[order[i]]);
      for (let i = m - 1; i >= 0; i--) suf[i] = Math.max(suf[i + 1], this.tail[order[i]]);
      const exactSplits: number[] = [];
      const best: RankedCut[] = [];
      for (let k = 1; k < m; k++) {
        // A prefix must keep every dependency inside it (true for these orders up to float ties).
        const cost = pre[k - 1] + suf[k];
        if (cost <= cp + eps) exactSplits.push(k);
        best.push({ order, k, cost });
      }
      best.sort((a, b) => a.cost - b.cost || a.k - b.k);
      out.push({ order, exactSplits: this.closedSplits(order, exactSplits), best: best.slice(0, BEAM).filter((c) => this.isClosed(c.order, c.k)) });
    }
    return out;
  }

  private closedSplits(order: readonly number[], splits: readonly number[]): number[] {
    return splits.filter((k) => this.isClosed(order, k));
  }

  /** True when the first k tasks of `order` include every dependency (within the set) of each. */
  private isClosed(order: readonly number[], k: number): boolean {
    const g = ++this.gen;
    for (let i = 0; i < k; i++) this.member[order[i]] = g;
    const rest = ++this.gen;
    for (let i = k; i < order.length; i++) this.member[order[i]] = rest;
    for (let i = 0; i < k; i++) {
      for (const u of this.ix.preds[order[i]]) if (this.member[u] === rest) return false;
    }
    return true;
  }

  private inTopoOrder(tasks: readonly number[]): number[] {
    return [...tasks].sort((a, b) => this.pos[a] - this.pos[b]);
  }
}

interface RankedCut { readonly order: readonly number[]; readonly k: number; readonly cost: number }
interface Cut { readonly order: readonly number[]; readonly exactSplits: number[]; readonly best: RankedCut[] }

/** Cuts that split the set the same way are tried once. */
function dedupe(cuts: readonly RankedCut[]): RankedCut[] {
  const seen = new Set<string>();
  const out: RankedCut[] = [];
  for (const c of cuts) {
    const key = [...c.order.slice(0, c.k)].sort((a, b) => a - b).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}
