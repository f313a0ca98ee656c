/**
 * Looped-layout schedules (rank r holds stages r, r+P, ..., r+(v-1)P; docs/schedules.md §3.3-3.5):
 * - interleaved 1F1B (torch `ScheduleInterleaved1F1B` = Megatron/sail `vpp` when P | M),
 * - LoopedBFS (torch `ScheduleLoopedBFS`),
 * - interleaved zero bubble (torch `ScheduleInterleavedZeroBubble`; with v = 1 this is ZB-H1,
 *   the Zero Bubble paper §3 handcrafted schedule).
 *
 * Micro-batches go round by round: `rounds = max(1, floor(M/P))`, `mbpr = M / rounds` micro-batches
 * per round; the k-th forward of a rank runs local chunk floor(k / mbpr) mod v, the k-th backward
 * runs the chunks in reverse. Each stage keeps its own micro-batch counter.
 */
import * as columns from '../columns.ts';

// module-local aliases (simulate.ts explains why)
const { OP_F, OP_B, OP_I, OP_W, OpColumnsBuilder } = columns;

export function roundsOf(ranks: number, microbatches: number): { rounds: number; mbpr: number } {
  const rounds = Math.max(1, Math.floor(microbatches / ranks));
  return { rounds, mbpr: microbatches / rounds };
}

interface Looped {
  P: number;
  v: number;
  mbpr: number;
  total: number;
  fStage: (r: number, k: number) => number;
  bStage: (r: number, k: number) => number;
}

function looped(ranks: number, microbatches: number, v: number): Looped {
  const { mbpr } = roundsOf(ranks, microbatches);
  return {
    P: ranks,
    v,
    mbpr,
    total: v * microbatches,
    fStage: (r, k) => (Math.floor(k / mbpr) % v) * ranks + r,
    bStage: (r, k) => (v - 1 - (Math.floor(k / mbpr) % v)) * ranks + r,
  };
}

/**
 * A rank's ops written as rows, each stage counting its own micro-batches per counter (F; B and I
 * share one, both consume the gradient; W): the i-th F of stage s runs micro-batch i (orderBuilder.ts).
 */
class LoopedRows {
  readonly out: columns.OpColumnsBuilder;
  /** counters[3 · stage + counter] */
  private readonly counters: Int32Array;

  constructor(capacity: number, numStages: number) {
    this.out = new OpColumnsBuilder(capacity);
    this.counters = new Int32Array(3 * numStages);
  }

  push(kind: number, stage: number): void {
    const key = 3 * stage + (kind === OP_F ? 0 : kind === OP_W ? 2 : 1);
    this.out.op(kind, stage, this.counters[key]++);
  }

  endRank(): void {
    this.out.endRank();
    this.counters.fill(0);
  }
}

export function interleavedOrder(ranks: number, microbatches: number, v: number): columns.OpColumns {
  const L = looped(ranks, microbatches, v);
  const o = new LoopedRows(2 * L.total * ranks, v * ranks);
  for (let r = 0; r < ranks; r++) {
    // Megatron's warm-up: enough forwards that every chunk of the first round is in flight, plus
    // the 2(P-1-r) needed for the first gradient to come back down the pipeline.
    const w = Math.min((v - 1) * L.mbpr + 2 * (ranks - 1 - r), L.total);
    let f = 0;
    let b = 0;
    for (; f < w; f++) o.push(OP_F, L.fStage(r, f));
    while (f < L.total) {
      o.push(OP_F, L.fStage(r, f++));
      o.push(OP_B, L.bStage(r, b++));
    }
    while (b < L.total) o.push(OP_B, L.bStage(r, b++));
    o.endRank();
  }
  return o.out.finish();
}

export function loopedBfsOrder(ranks: number, microbatches: number, v: number): columns.OpColumns {
  const out = new OpColumnsBuilder(2 * v * microbatches * ranks);
  for (let r = 0; r < ranks; r++) {
    for (let j = 0; j < v; j++) {
      for (let mb = 0; mb < microbatches; mb++) out.op(OP_F, j * ranks + r, mb);
    }
    // torch runs the backward of each chunk in descending micro-batch order (unlike GPipe).
    for (let j = v - 1; j >= 0; j--) {
      for (let mb = microbatches - 1; mb >= 0; mb--) out.op(OP_B, j * ranks + r, mb);
    }
    out.endRank();
  }
  return out.finish();
}

/**
 * ZB-H1 on the looped layout. Warm-up (v-1)·mbpr + (P-1-r) forwards (half of 1F1B's extra
 * warm-up, so memory stays at 1F1B's rank-0 level); each steady step runs F, I and — from step r
 * on — the oldest deferred W, so rank r holds r weight-gradients back to fill its cool-down bubble.
 */
export function interleavedZeroBubbleOrder(ranks: number, microbatches: number, v: number): columns.OpColumns {
  const L = looped(ranks, microbatches, v);
  const o = new LoopedRows(3 * L.total * ranks, v * ranks);
  // the deferred Ws' stages, a FIFO (at most total per rank)
  const pendingW = new Int32Array(L.total);
  for (let r = 0; r < ranks; r++) {
    const w = Math.min((v - 1) * L.mbpr + (ranks - 1 - r), L.total);
    let head = 0;
    let tail = 0;
    let f = 0;
    let b = 0;
    let step = 0;
    const backward = () => {
      const stage = L.bStage(r, b++);
      o.push(OP_I, stage);
      pendingW[tail++] = stage;
      if (step++ >= r) o.push(OP_W, pendingW[head++]);
    };
    for (; f < w; f++) o.push(OP_F, L.fStage(r, f));
    while (f < L.total) {
      o.push(OP_F, L.fStage(r, f++));
      backward();
    }
    while (b < L.total) backward();
    while (head < tail) o.push(OP_W, pendingW[head++]);
    o.endRank();
  }
  return o.out.finish();
}
