/**
 * Stage layouts (docs/schedules.md §1.1): which rank holds each global stage and how stages chain.
 *
 * - linear: S = P, stage s on rank s (GPipe, 1F1B, ZB-H1/H2).
 * - looped: S = vP, stage s on rank s mod P (Megatron interleaved 1F1B, LoopedBFS).
 * - V: S = 2P, stage s on rank s for s < P, else 2P-1-s (ZB-V, V-Half/V-Min, DualPipeV).
 * - DualPipe: the V placement, but two pipelines 0..P-1 and P..2P-1; stage P+k reuses the
 *   weights of model part k, so the model has P parts, not 2P.
 */
import { halfCount, halfMicrobatch, halfStage } from './dependencies.ts';
import type { Op, Topology } from './types.ts';

/**
 * The topology of stages placed by `stageRank` on `ranks` ranks, chained in stage order: one
 * pipeline 0..S-1, or with `twoDirections` DualPipe's two, 0..S/2-1 and S/2..S-1, whose stage
 * S/2+k reuses the weights of stage k (S/2 model parts) and which carry half the micro-batches each.
 */
export function chainTopology(stageRank: number[], ranks: number, twoDirections = false): Topology {
  const numStages = stageRank.length;
  const pipelines: [number, number][] = twoDirections
    ? [
        [0, numStages / 2 - 1],
        [numStages / 2, numStages - 1],
      ]
    : [[0, numStages - 1]];
  const prevStage = new Array<number>(numStages).fill(-1);
  const nextStage = new Array<number>(numStages).fill(-1);
  for (const [first, last] of pipelines) {
    for (let s = first; s <= last; s++) {
      prevStage[s] = s === first ? -1 : s - 1;
      nextStage[s] = s === last ? -1 : s + 1;
    }
  }
  const rankStages: number[][] = Array.from({ length: ranks }, () => []);
  for (let s = 0; s < numStages; s++) rankStages[stageRank[s]].push(s);
  const modelParts = twoDirections ? numStages / 2 : numStages;
  return { numStages, modelParts, stageRank, prevStage, nextStage, rankStages, ...(twoDirections ? { splitMicrobatches: true } : {}) };
}

export function linearTopology(ranks: number): Topology {
  return chainTopology(
    Array.from({ length: ranks }, (_, s) => s),
    ranks,
  );
}

export function loopedTopology(ranks: number, stagesPerRank: number): Topology {
  return chainTopology(
    Array.from({ length: ranks * stagesPerRank }, (_, s) => s % ranks),
    ranks,
  );
}

const vRank = (ranks: number) => (s: number) => (s < ranks ? s : 2 * ranks - 1 - s);

export function vTopology(ranks: number): Topology {
  return chainTopology(
    Array.from({ length: 2 * ranks }, (_, s) => vRank(ranks)(s)),
    ranks,
  );
}

export function dualPipeTopology(ranks: number): Topology {
  return chainTopology(
    Array.from({ length: 2 * ranks }, (_, s) => vRank(ranks)(s)),
    ranks,
    true,
  );
}

/**
 * Direction of a stage: 0, or 1 for the second of DualPipe's two pipelines (stages P..2P-1, which
 * carry micro-batches M/2..M-1 from the last rank to the first). Read from the topology, never from
 * a schedule's name, so an imported order with DualPipe's shape runs and draws as DualPipe.
 * DualPipeV and the V schedules are one pipeline folded onto the ranks: direction 0 throughout.
 */
export function stageDirection(t: Topology, stage: number): 0 | 1 {
  return t.splitMicrobatches && stage >= t.numStages / 2 ? 1 : 0;
}

/** A stage's chunk: its index among the stages its rank holds (Megatron's model chunk). */
export function stageChunk(t: Topology, stage: number): number {
  return t.rankStages[t.stageRank[stage]].indexOf(stage);
}

/** Whether the topology runs micro-batches in two directions (DualPipe's shape). */
export function hasTwoDirections(t: Topology): boolean {
  return t.splitMicrobatches === true;
}

/** The micro-batches [first, end) that run through `stage` (all M, or one direction's half). */
export function stageMicrobatches(t: Topology, stage: number, microbatches: number): [number, number] {
  if (!hasTwoDirections(t)) return [0, microbatches];
  const half = microbatches / 2;
  return stageDirection(t, stage) === 0 ? [0, half] : [half, microbatches];
}

/**
 * The chained topology an imported or measured order runs on, its stages placed by `stageRank` and
 * M micro-batches: DualPipe's two directions when the order has that shape — both pipelines run,
 * and every op half works on a micro-batch its stage's direction carries (stageMicrobatches) —
 * else one pipeline 0..S-1. That pattern can never be legal on a single chain (every stage there
 * runs every micro-batch), so detecting it cannot misread a single-pipeline schedule; and an order
 * with DualPipe's shape runs and draws as DualPipe, whatever it is called.
 */
export function inferTopology(ops: readonly (readonly Op[])[], stageRank: number[], microbatches: number): Topology {
  const S = stageRank.length;
  if (S >= 2 && S % 2 === 0 && microbatches % 2 === 0) {
    const two = chainTopology(stageRank, ops.length, true);
    const seen = [false, false];
    let fits = true;
    for (const row of ops) {
      for (const op of row) {
        for (let h = 0; h < halfCount(op) && fits; h++) {
          const stage = halfStage(op, h);
          const [lo, hi] = stageMicrobatches(two, stage, microbatches);
          const mb = halfMicrobatch(op, h);
          seen[stageDirection(two, stage)] = true;
          fits = mb >= lo && mb < hi;
        }
      }
    }
    if (fits && seen[0] && seen[1]) return two;
  }
  return chainTopology(stageRank, ops.length);
}
