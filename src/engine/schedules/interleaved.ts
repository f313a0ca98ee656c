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
import type { Op } from '../types.ts';
import { RankOrder } from './orderBuilder.ts';

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

export function interleavedOrder(ranks: number, microbatches: number, v: number): Op[][] {
  const L = looped(ranks, microbatches, v);
  return Array.from({ length: ranks }, (_, r) => {
    const o = new RankOrder();
    // Megatron's warm-up: enough forwards that every chunk of the first round is in flight, plus
    // the 2(P-1-r) needed for the first gradient to come back down the pipeline.
    const w = Math.min((v - 1) * L.mbpr + 2 * (ranks - 1 - r), L.total);
    let f = 0;
    let b = 0;
    for (; f < w; f++) o.push('F', L.fStage(r, f));
    while (f < L.total) {
      o.push('F', L.fStage(r, f++));
      o.push('B', L.bStage(r, b++));
    }
    while (b < L.total) o.push('B', L.bStage(r, b++));
    return o.ops;
  });
}

export function loopedBfsOrder(ranks: number, microbatches: number, v: number): Op[][] {
  return Array.from({ length: ranks }, (_, r) => {
    const ops: Op[] = [];
    for (let j = 0; j < v; j++) {
      for (let mb = 0; mb < microbatches; mb++) ops.push({ kind: 'F', stage: j * ranks + r, microbatch: mb });
    }
    // torch runs the backward of each chunk in descending micro-batch order (unlike GPipe).
    for (let j = v - 1; j >= 0; j--) {
      for (let mb = microbatches - 1; mb >= 0; mb--) ops.push({ kind: 'B', stage: j * ranks + r, microbatch: mb });
    }
    return ops;
  });
}

/**
 * ZB-H1 on the looped layout. Warm-up (v-1)·mbpr + (P-1-r) forwards (half of 1F1B's extra
 * warm-up, so memory stays at 1F1B's rank-0 level); each steady step runs F, I and — from step r
 * on — the oldest deferred W, so rank r holds r weight-gradients back to fill its cool-down bubble.
 */
export function interleavedZeroBubbleOrder(ranks: number, microbatches: number, v: number): Op[][] {
  const L = looped(ranks, microbatches, v);
  return Array.from({ length: ranks }, (_, r) => {
    const o = new RankOrder();
    const w = Math.min((v - 1) * L.mbpr + (ranks - 1 - r), L.total);
    const pendingW: number[] = [];
    let f = 0;
    let b = 0;
    let step = 0;
    const backward = () => {
      const stage = L.bStage(r, b++);
      o.push('I', stage);
      pendingW.push(stage);
      if (step++ >= r) o.push('W', pendingW.shift()!);
    };
    for (; f < w; f++) o.push('F', L.fStage(r, f));
    while (f < L.total) {
      o.push('F', L.fStage(r, f++));
      backward();
    }
    while (b < L.total) backward();
    while (pendingW.length > 0) o.push('W', pendingW.shift()!);
    return o.ops;
  });
}
