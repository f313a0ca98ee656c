/**
 * Order checks shared by the V-layout greedy tests (vGreedy.test.ts, zbvGreedy.test.ts): structure
 * of a per-rank F/I/W order, an ideal replay (sail-sg `passes.add_time` semantics, docs/schedules.md §1.3) and
 * activation counts. Pure functions returning numbers or problem lists, so they run anywhere.
 * V layout: rank r holds stages r and 2P-1-r; F(s) needs F(s-1); I(s) needs F(s) and I(s+1);
 * W(s) needs I(s).
 */
import type { Op } from '../types.ts';

const KIND_INDEX: Record<string, number> = { F: 0, I: 1, W: 2 };

/** Rank holding global stage s in the V layout. */
export const vRank = (P: number, s: number): number => (s < P ? s : 2 * P - 1 - s);

/**
 * Problems with one order: an op on a rank that does not hold its stage, a (kind, stage, mb)
 * missing or repeated, or I before its F / W before its I on the rank. Empty = fine.
 */
export function structureProblems(ops: Op[][], P: number, M: number): string[] {
  const problems: string[] = [];
  if (ops.length !== P) problems.push(`${ops.length} ranks`);
  const S = 2 * P;
  const position = new Int32Array(3 * S * M).fill(-1);
  ops.forEach((rankOps, r) => {
    rankOps.forEach((op, i) => {
      if (op.kind === 'FB' || op.kind === 'B') return void problems.push(`rank ${r}: kind ${op.kind}`);
      const { stage: s, microbatch: mb } = op;
      if (vRank(P, s) !== r || s < 0 || s >= S) problems.push(`rank ${r} runs stage ${s}`);
      if (!(Number.isInteger(mb) && mb >= 0 && mb < M)) return void problems.push(`rank ${r}: mb ${mb}`);
      const key = (KIND_INDEX[op.kind] * S + s) * M + mb;
      if (position[key] !== -1) problems.push(`rank ${r}: ${op.kind}(${s},${mb}) twice`);
      position[key] = i;
    });
  });
  for (let s = 0; s < S; s++) {
    for (let mb = 0; mb < M; mb++) {
      const [f, b, w] = [0, 1, 2].map((k) => position[(k * S + s) * M + mb]);
      if (f < 0 || b < 0 || w < 0) problems.push(`(${s},${mb}) missing an op`);
      else if (!(f < b && b < w)) problems.push(`(${s},${mb}) out of order`);
    }
  }
  return problems;
}

export interface Replay {
  /** false when some rank waits forever (the order deadlocks) */
  complete: boolean;
  /** per rank: idle time between its first start and last end */
  rankBubble: number[];
}

/**
 * Runs each rank's ops in order; an op starts when its rank is free and its inputs are done,
 * plus `comm` for an input from another rank. Expects an order without structure problems.
 */
export function replay(ops: Op[][], P: number, M: number, cost: { F: number; I: number; W: number; comm: number }): Replay {
  const S = 2 * P;
  const end = new Float64Array(3 * S * M).fill(-1);
  const key = (k: number, s: number, mb: number): number => (k * S + s) * M + mb;
  const pos = new Array<number>(P).fill(0);
  const free = new Array<number>(P).fill(0);
  const first = new Array<number>(P).fill(Number.NaN);
  const busy = new Array<number>(P).fill(0);
  let progress = true;
  while (progress) {
    progress = false;
    for (let r = 0; r < P; r++) {
      for (; pos[r] < ops[r].length; pos[r]++) {
        const op = ops[r][pos[r]];
        if (op.kind === 'FB' || op.kind === 'B') return { complete: false, rankBubble: [] };
        const { stage: s, microbatch: mb } = op;
        const k = KIND_INDEX[op.kind];
        const inputs: [number, number][] =
          k === 0 ? (s > 0 ? [[0, s - 1]] : []) : k === 1 ? [[0, s], ...(s < S - 1 ? [[1, s + 1] as [number, number]] : [])] : [[1, s]];
        let start = free[r];
        let ready = true;
        for (const [ik, is] of inputs) {
          const e = end[key(ik, is, mb)];
          if (e < 0) ready = false;
          else start = Math.max(start, e + (vRank(P, is) === r ? 0 : cost.comm));
        }
        if (!ready) break;
        const dur = [cost.F, cost.I, cost.W][k];
        end[key(k, s, mb)] = start + dur;
        if (Number.isNaN(first[r])) first[r] = start;
        free[r] = start + dur;
        busy[r] += dur;
        progress = true;
      }
    }
  }
  const complete = pos.every((p, r) => p === ops[r].length);
  return { complete, rankBubble: free.map((f, r) => f - first[r] - busy[r]) };
}

/** Peak over ranks of F-minus-W (release at W) and F-minus-I (release at I) counts. */
export function peakActivations(ops: Op[][]): { releaseAtW: number; releaseAtI: number } {
  let releaseAtW = 0;
  let releaseAtI = 0;
  for (const rankOps of ops) {
    let w = 0;
    let i = 0;
    for (const op of rankOps) {
      if (op.kind === 'F') {
        w++;
        i++;
      } else if (op.kind === 'W') w--;
      else if (op.kind === 'I') i--;
      releaseAtW = Math.max(releaseAtW, w);
      releaseAtI = Math.max(releaseAtI, i);
    }
  }
  return { releaseAtW, releaseAtI };
}
