/**
 * Legality of a per-rank op order before it is simulated (used for custom/imported schedules and
 * as a test invariant): every (stage, micro-batch) has exactly one forward and exactly one
 * backward — a full B, or an I followed later on the same rank by its W — and every op runs on the
 * rank that holds its stage. With sequence chunks (Seq1F1B, `seqSplits` = N) the unit is
 * (stage, micro-batch, split) and every op carries a split 0..N−1. Returns the first problem in
 * words, or null.
 *
 * The problem is data too: the op it names (rank, index in the rank's order) or the micro-batch
 * (and split) it misses, and an optional `locate` puts the caller's own position of an op into the
 * sentence (an importer's "row 2, cell 3"), so no caller edits the wording.
 */
import { halvesOf } from './dependencies.ts';
import { formatOp } from './format.ts';
import { stageMicrobatches } from './topology.ts';
import type { Schedule, StageMb } from './types.ts';

/** The caller's position of op #index of rank, shown beside the op ("row 2, cell 3"), or undefined. */
export type OpLocator = (rank: number, index: number) => string | undefined;

export interface OrderProblem {
  message: string;
  /** the op the problem is at, when it is at one */
  op?: { rank: number; index: number };
  /** the micro-batch a "missing" problem is about */
  microbatch?: number;
  /** its sequence split, when the schedule has splits */
  split?: number;
}

export function checkOrder(s: Schedule): string | null {
  return orderProblem(s)?.message ?? null;
}

export function orderProblem(s: Schedule, locate?: OpLocator): OrderProblem | null {
  const { numStages: S, stageRank } = s.topology;
  const M = s.microbatches;
  const N = s.seqSplits ?? 1;
  const seen = new Uint8Array(S * M * N * 4); // F, B, I, W
  const KIND = { F: 0, B: 1, I: 2, W: 3 } as const;
  for (let r = 0; r < s.ops.length; r++) {
    for (let i = 0; i < s.ops[r].length; i++) {
      const op = s.ops[r][i];
      for (const p of halvesOf(op)) {
        const place = locate?.(r, i);
        const where = `rank ${r} op #${i} (${formatOp(op)}${place ? `, ${place}` : ''})`;
        const at = (message: string): OrderProblem => ({ message: `${where}: ${message}`, op: { rank: r, index: i } });
        if (!inRange(p, S, M)) return at(`stage must be 0..${S - 1} and micro-batch 0..${M - 1}`);
        const [lo, hi] = stageMicrobatches(s.topology, p.stage, M);
        if (p.microbatch < lo || p.microbatch >= hi) return at(`stage ${p.stage} runs micro-batches ${lo}..${hi - 1} only`);
        if (stageRank[p.stage] !== r) return at(`stage ${p.stage} is held by rank ${stageRank[p.stage]}, not rank ${r}`);
        const split = p.split ?? 0;
        if (N > 1 ? !(Number.isInteger(p.split) && split >= 0 && split < N) : p.split !== undefined && p.split !== 0) {
          return at(N > 1 ? `split must be 0..${N - 1}` : 'this schedule has no sequence splits');
        }
        const k = ((p.stage * M + p.microbatch) * N + split) * 4;
        const unit = `stage ${p.stage} micro-batch ${p.microbatch}${N > 1 ? ` split ${split}` : ''}`;
        if (seen[k + KIND[p.kind]]) return at(`${p.kind} of ${unit} appears twice`);
        if (p.kind === 'W' && !seen[k + KIND.I]) return at(`W of ${unit} comes before its I`);
        if ((p.kind === 'B' && seen[k + KIND.I]) || (p.kind === 'I' && seen[k + KIND.B]))
          return at(`${unit} has both a full B and a split I`);
        seen[k + KIND[p.kind]] = 1;
      }
    }
  }
  for (let stage = 0; stage < S; stage++) {
    const [lo, hi] = stageMicrobatches(s.topology, stage, M);
    for (let mb = lo; mb < hi; mb++) {
      for (let split = 0; split < N; split++) {
        const k = ((stage * M + mb) * N + split) * 4;
        const at = `stage ${stage} micro-batch ${mb}${N > 1 ? ` split ${split}` : ''} (rank ${stageRank[stage]})`;
        const missing = (message: string): OrderProblem => ({ message, microbatch: mb, ...(N > 1 ? { split } : {}) });
        if (!seen[k]) return missing(`missing F of ${at}`);
        if (!seen[k + KIND.B] && !seen[k + KIND.I]) return missing(`missing backward (B or I) of ${at}`);
        if (seen[k + KIND.I] && !seen[k + KIND.W]) return missing(`missing W of ${at} after its I`);
      }
    }
  }
  return null;
}

function inRange(p: StageMb, S: number, M: number): boolean {
  return (
    Number.isInteger(p.stage) && Number.isInteger(p.microbatch) && p.stage >= 0 && p.stage < S && p.microbatch >= 0 && p.microbatch < M
  );
}
