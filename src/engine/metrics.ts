/**
 * Timeline metrics (docs/schedules.md §1.3-1.4, docs/cli.md):
 * - makespan: global end time (the timeline starts at 0), in cost units;
 * - bubble[r]: idle time of rank r between its first start and its last end (the ZB paper's and
 *   DualPipe README's per-rank bubble); bubbleRatio = max bubble / makespan;
 * - peakActivations[r]: most stage-activations alive at once on rank r, counted along the op order.
 *   Unit A = one micro-batch through one model part; what allocates and frees is memory.ts's rule,
 *   released at W (`peakActivations`, conservative) or at I (`peakActivationsAtI`: the ZB paper's
 *   M_B ≈ A);
 * - paramsPerRank[r]: distinct model parts held by rank r, in the same 1/modelParts unit.
 */
import { peakActivation } from './memory.ts';
import type { Timeline } from './types.ts';

export interface Metrics {
  makespan: number;
  bubble: number[];
  bubbleRatio: number;
  /** busy compute time per rank */
  busy: number[];
  peakActivations: number[];
  peakActivationsAtI: number[];
  paramsPerRank: number[];
}

export function computeMetrics(t: Timeline): Metrics {
  const { topology } = t.schedule;
  const P = t.ops.length;
  const bubble: number[] = [];
  const busy: number[] = [];
  let makespan = 0;
  for (let r = 0; r < P; r++) {
    const ops = t.ops[r];
    let b = 0;
    for (const o of ops) b += o.end - o.start;
    busy.push(b);
    if (ops.length === 0) {
      bubble.push(0);
      continue;
    }
    const end = ops[ops.length - 1].end;
    makespan = Math.max(makespan, end);
    bubble.push(end - ops[0].start - b);
  }
  const maxBubble = Math.max(0, ...bubble);
  const peakActivations = t.schedule.ops.map((ops) => peakActivation(ops, 'W'));
  const peakActivationsAtI = t.schedule.ops.map((ops) => peakActivation(ops, 'I'));
  const paramsPerRank = topology.rankStages.map(
    (stages) => new Set(stages.map((s) => modelPartOf(s, topology.numStages, topology.modelParts))).size,
  );
  return {
    makespan,
    bubble,
    bubbleRatio: makespan > 0 ? maxBubble / makespan : 0,
    busy,
    peakActivations,
    peakActivationsAtI,
    paramsPerRank,
  };
}

/** DualPipe's stage P+k reuses model part k; elsewhere every stage is its own part. */
export function modelPartOf(stage: number, numStages: number, modelParts: number): number {
  return modelParts === numStages ? stage : stage < modelParts ? stage : stage - modelParts;
}
