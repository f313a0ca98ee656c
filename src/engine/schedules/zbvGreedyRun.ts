/**
 * One run of the automatic ZB-V greedy (zbvGreedy.ts has the overview and sources).
 *
 * A micro-batch travels the V in four legs: leg 0 = F of chunk 0 (rank 0 → P-1), leg 1 = F of
 * chunk 1 (rank P-1 → 0), leg 2 = I of chunk 1 (rank 0 → P-1), leg 3 = I of chunk 0 (rank P-1 → 0);
 * legs 4 and 5 are the Ws of legs 2 and 3. Every leg keeps its own per-rank counter, so the k-th
 * op of a leg on a rank is micro-batch k. Op (leg, rank, mb) has one finish time slot in a flat
 * table, -1 while unplaced, laid out micro-batch-major so the neighbour and same-rank lookups of
 * one placement sit close together.
 *
 * The run places: a warm-up of chunk-0 then chunk-1 forwards that fills the V as far as memory
 * and the first chunk-1 forward's arrival allow; then 2M rounds that each place one backward per
 * rank (chunk-0 backwards in descending rank order first, then chunk-1 ones ascending) and up to
 * one forward per rank; finally the remaining Ws. A W is slipped in before an op whenever the op
 * would otherwise wait for its input at least a W long, whenever the wait would exceed this
 * rank's bubble budget, and whenever memory requires it.
 */
import * as columns from '../columns.ts';
import type { OpColumns } from '../columns.ts';
import { ScheduleError } from '../errors.ts';
import type { GreedyCosts } from './zbvGreedy.ts';

// module-local aliases (simulate.ts explains why)
const { OP_F, OP_I, OP_W, OpColumnsBuilder } = columns;

export interface ZbvAttempt {
  /** ops of rank r in order at [r · 6M, r · 6M + placed[r]), packed as leg · M + micro-batch */
  packed: Int32Array;
  placed: Int32Array;
  /** idle time each rank accumulated after its first forward */
  rankBubble: Float64Array;
  /** max(0, max rankBubble) */
  maxBubble: number;
}

/** Bytes/4096 of one chunk's activations held by F and released by I and W (see zbvGreedy.ts). */
const MEM_F = 194;
const MEM_I = -162;
const MEM_W = -32;

const LEG_KIND = ['F', 'F', 'I', 'I', 'W', 'W'] as const;
const LEG_CHUNK = [0, 1, 1, 0, 1, 0] as const;

function reject(P: number, M: number, why: string): never {
  throw new ScheduleError({ field: 'microbatches', message: `ZB-V (automatic, sail zbv.py) cannot schedule P=${P}, M=${M}: ${why}.` });
}

/**
 * The mutable state of one run, in flat typed arrays (rank-major: [r · 6 + leg] for counts); a
 * run places 6·P·M ops, so the state is reused rather than rebuilt per op.
 */
class Run {
  readonly done: Float64Array;
  readonly count: Int32Array;
  readonly clock: Float64Array;
  readonly mem: Float64Array;
  readonly bubble: Float64Array;
  readonly pendingW: Int8Array;
  readonly pendingHead: Int32Array;
  readonly pendingTail: Int32Array;
  readonly packed: Int32Array;
  readonly placed: Int32Array;
  readonly legCost: Float64Array;
  readonly legMem = Float64Array.of(MEM_F, MEM_F, MEM_I, MEM_I, MEM_W, MEM_W);
  readonly memCap: number;
  readonly lastEntry: number;
  worstBubble = 0;
  /** the allowance's max (-1 on a first run) and, per rank, what it allows beyond its own */
  readonly maxAllowed: number;

  constructor(
    readonly P: number,
    readonly M: number,
    readonly costs: GreedyCosts,
    readonly allowance: Float64Array | null,
    scratch: Float64Array | undefined,
  ) {
    this.done = scratch !== undefined && scratch.length === 6 * P * M ? scratch : new Float64Array(6 * P * M);
    this.done.fill(-1);
    this.count = new Int32Array(6 * P);
    this.clock = new Float64Array(P);
    this.mem = new Float64Array(P);
    this.bubble = new Float64Array(P);
    this.pendingW = new Int8Array(2 * M * P);
    this.pendingHead = new Int32Array(P);
    this.pendingTail = new Int32Array(P);
    this.packed = new Int32Array(6 * M * P);
    this.placed = new Int32Array(P);
    this.legCost = Float64Array.of(costs.F, costs.F, costs.I, costs.I, costs.W, costs.W);
    this.memCap = MEM_F * P * 2;
    // The reference reads "the input's finish time" with index -1 when an op has no cross-rank
    // input; in Python that is its table's last entry, the W of chunk 0 (leg 5) of the last
    // micro-batch on rank P-1, so that entry is read here.
    this.lastEntry = this.id(5, P - 1, M - 1);
    let maxAllowed = -1;
    if (allowance) for (let r = 0; r < P; r++) maxAllowed = Math.max(maxAllowed, allowance[r]);
    this.maxAllowed = allowance === null ? -1 : maxAllowed;
  }

  /** Finish-table index of op (leg, rank, micro-batch): micro-batch-major. */
  id(leg: number, r: number, mb: number): number {
    return (mb * 6 + leg) * this.P + r;
  }

  /** The bubble a rank may still accept: the worst so far, or what the previous run allowed it. */
  budget(r: number): number {
    const a = this.allowance;
    return a === null ? this.worstBubble : Math.max(this.worstBubble, this.maxAllowed - a[r]);
  }

  place(leg: number, r: number): void {
    const { P, M, done, count } = this;
    const dur = this.legCost[leg];
    const noWait = this.clock[r] + dur;
    let end = noWait;
    const mb = count[r * 6 + leg];
    if (mb >= M) reject(P, M, `rank ${r} would run a ${LEG_KIND[leg]} of chunk ${LEG_CHUNK[leg]} for micro-batch ${mb} ≥ M`);
    if (this.mem[r] + this.legMem[leg] > this.memCap) reject(P, M, `rank ${r} would exceed its limit of 2P forward activations`);
    const local = leg >= 4 ? leg - 2 : leg - 1;
    if (local >= 0 && done[(mb * 6 + local) * P + r] < 0) {
      reject(P, M, `rank ${r} would run an op of micro-batch ${mb} before its own earlier part`);
    }
    if (leg < 4) {
      const from = leg % 2 === 0 ? r - 1 : r + 1;
      if (from >= 0 && from < P) {
        const input = done[(mb * 6 + leg) * P + from];
        if (input < 0) reject(P, M, `rank ${r} would run micro-batch ${mb} before rank ${from} sent it`);
        const arrive = input + this.costs.comm + dur;
        if (arrive > end) end = arrive;
      }
    }
    if (count[r * 6] > 0) {
      const b = (this.bubble[r] += end - noWait);
      if (b > this.worstBubble) this.worstBubble = b;
    }
    done[(mb * 6 + leg) * P + r] = end;
    this.clock[r] = end;
    this.mem[r] += this.legMem[leg];
    this.packed[r * 6 * M + this.placed[r]++] = leg * M + mb;
    if (leg === 2 || leg === 3) this.pendingW[r * 2 * M + this.pendingTail[r]++] = leg + 2;
    count[r * 6 + leg]++;
  }

  hasPendingW(r: number): boolean {
    return this.pendingHead[r] < this.pendingTail[r];
  }

  placeW(r: number): void {
    if (!this.hasPendingW(r)) reject(this.P, this.M, `rank ${r} runs out of activation memory with no W left to free it`);
    this.place(this.pendingW[r * 2 * this.M + this.pendingHead[r]++], r);
  }

  /**
   * Before an op whose input is `inputId` (finish-table index, -1 = none): fill the wait with Ws
   * that fit entirely, then one more W if the remaining wait exceeds the budget (`mayFill`).
   */
  fillWait(r: number, inputId: number, mayFill: boolean): void {
    const { done } = this;
    const comm = this.costs.comm;
    while (this.hasPendingW(r) && inputId >= 0 && done[inputId] + comm >= this.clock[r] + this.costs.W) this.placeW(r);
    const input = done[inputId >= 0 ? inputId : this.lastEntry];
    if (this.hasPendingW(r) && input + comm - this.clock[r] > this.budget(r) - this.bubble[r] && mayFill) this.placeW(r);
  }
}

/** `allowance`: per-rank bubbles of a previous run (null on the first run). */
export function runZbvAttempt(
  P: number,
  M: number,
  costs: GreedyCosts,
  fillF: boolean,
  fillB: boolean,
  allowance: Float64Array | null,
  scratch?: Float64Array,
): ZbvAttempt {
  const run = new Run(P, M, costs, allowance, scratch);
  const { done, count, clock, mem, memCap } = run;
  const id = (leg: number, r: number, mb: number): number => (mb * 6 + leg) * P + r;

  // Warm-up, chunk 0: one forward per rank, then deeper ranks-first fill while the chunk-1
  // forward from the rank below is still on its way.
  for (let r = 0; r < P; r++) run.place(0, r);
  for (let r = P - 1; r >= 0; r--) {
    if (r < P - 1) {
      const arrival = done[id(1, r + 1, 0)] + costs.comm;
      while (mem[r] + MEM_F * (2 + 2 * r) <= memCap && clock[r] + costs.F <= arrival && count[r * 6] < M) {
        for (let j = 0; j <= r; j++) run.place(0, j);
      }
    }
    run.place(1, r);
  }
  // Warm-up, balance: alternate chunk 0 / chunk 1 forward sweeps (deepest rank first) until each
  // rank has as many forwards as the rank before it and more chunk-1 forwards, or ran out.
  let sweepLeg = 0;
  for (let r = 1; r < P; r++) {
    const a = r * 6;
    const b = (r - 1) * 6;
    while (count[a] + count[a + 1] < count[b] + count[b + 1] || (count[a + 1] <= count[b + 1] && count[b + 1] < M)) {
      for (let j = P - 1; j >= r; j--) if (count[j * 6 + sweepLeg] < M) run.place(sweepLeg, j);
      sweepLeg = 1 - sweepLeg;
    }
  }

  const leg2Ranks = new Int32Array(P);
  const leg3Ranks = new Int32Array(P);
  for (let round = 0; round < 2 * M; round++) {
    for (let r = 0; r < P; r++) while (mem[r] + MEM_I > memCap) run.placeW(r);
    // Each rank runs a chunk-0 backward (leg 3) if one is due (it ran more chunk-1 than chunk-0
    // backwards) and either its gradient is already here (on rank P-1 it comes from the rank's
    // own chunk-1 backward) or no chunk-1 backward is left; otherwise its next chunk-1 backward
    // (leg 2). Chunk-0 backwards are placed first, highest rank first (their gradients flow
    // down), then chunk-1 ones from rank 0 up.
    let n3 = 0;
    let n2 = 0;
    for (let r = 0; r < P; r++) {
      const c2 = count[r * 6 + 2];
      const c3 = count[r * 6 + 3];
      const leg3 = c3 < c2 && (r === P - 1 || done[id(3, r + 1, c3)] >= 0 || c2 >= M);
      if (leg3) leg3Ranks[n3++] = r;
      else leg2Ranks[n2++] = r;
    }
    for (let k = 0; k < P; k++) {
      const leg = k < n3 ? 3 : 2;
      const r = k < n3 ? leg3Ranks[n3 - 1 - k] : leg2Ranks[k - n3];
      let input = -1;
      if (leg === 3 && r < P - 1) input = id(3, r + 1, count[r * 6 + 3]);
      if (leg === 2 && r > 0) input = id(2, r - 1, count[r * 6 + 2]);
      run.fillWait(r, input, leg === 3 || fillB);
      run.place(leg, r);
    }

    for (let r = 0; r < P; r++) {
      const c0 = count[r * 6];
      const c1 = count[r * 6 + 1];
      if (c1 >= M) continue;
      let leg = -1;
      if (c1 >= c0) leg = 0;
      else if (r === P - 1) leg = 1;
      else if (done[id(1, r + 1, c1)] >= 0) leg = 1;
      else if (c0 < M && (r === 0 || done[id(0, r - 1, c0)] >= 0)) leg = 0;
      if (leg < 0) continue;
      while (mem[r] + MEM_F > memCap) run.placeW(r);
      let input = -1;
      if (leg === 0 && r > 0) input = id(0, r - 1, count[r * 6]);
      if (leg === 1 && r < P - 1) input = id(1, r + 1, count[r * 6 + 1]);
      run.fillWait(r, input, fillF);
      run.place(leg, r);
    }
  }
  for (let r = 0; r < P; r++) while (run.hasPendingW(r)) run.placeW(r);

  return { packed: run.packed, placed: run.placed, rankBubble: run.bubble, maxBubble: run.worstBubble };
}

/** Writes the winning run's order into op columns: leg → kind and chunk → the rank's V stage. */
export function orderColumns(a: ZbvAttempt, P: number, M: number): OpColumns {
  const out = new OpColumnsBuilder(6 * P * M);
  const kindOf = Int32Array.of(OP_F, OP_F, OP_I, OP_I, OP_W, OP_W);
  for (let r = 0; r < P; r++) {
    const base = r * 6 * M;
    for (let k = 0; k < a.placed[r]; k++) {
      const code = a.packed[base + k];
      const leg = (code / M) | 0;
      out.op(kindOf[leg], LEG_CHUNK[leg] === 0 ? r : 2 * P - 1 - r, code - leg * M);
    }
    out.endRank();
  }
  return out.finish();
}
