/**
 * Timeline metrics (docs/schedules.md §1.3-1.4, docs/cli.md):
 * - makespan: global end time (the timeline starts at 0), in cost units;
 * - bubble[r]: idle time of rank r between its first start and its last end (the ZB paper's and
 *   DualPipe README's per-rank bubble); bubbleRatio = max bubble / makespan. A rank idle before its
 *   first op or after its last (ZB-H2 starts late ranks later) has no bubble by this measure;
 * - idleRatio: idle GPU-time of the whole step, 1 − Σ busy / (P × makespan), which counts that idle
 *   time too (two schedules with the same makespan and work have the same idleRatio);
 * - peakActivations[r]: most stage-activations alive at once on rank r, counted along the op order.
 *   Unit A = one micro-batch through one model part; what allocates and frees, and how much (a
 *   Seq1F1B op moves A/K; a costs file's memory model gives per-stage amounts in its own unit), is
 *   memory.ts's rule, released at W (`peakActivations`, conservative) or at I
 *   (`peakActivationsAtI`: the ZB paper's M_B ≈ A);
 * - paramsPerRank[r]: distinct model parts held by rank r, in the same 1/modelParts unit.
 */
import { activationRule, peakActivationsOfRank } from './memory.ts';
import type { Timeline } from './types.ts';
import { timelineColumns } from './views.ts';

export interface Metrics {
  makespan: number;
  bubble: number[];
  bubbleRatio: number;
  /** 1 − Σ busy / (P × makespan): the fraction of the P ranks' time up to the makespan spent idle */
  idleRatio: number;
  /** busy compute time per rank */
  busy: number[];
  peakActivations: number[];
  peakActivationsAtI: number[];
  paramsPerRank: number[];
}

export function computeMetrics(t: Timeline): Metrics {
  const { topology } = t.schedule;
  const cols = timelineColumns(t);
  const { start, end, ops: c } = cols;
  const P = c.ranks;
  const bubble: number[] = [];
  const busy: number[] = [];
  let makespan = 0;
  for (let r = 0; r < P; r++) {
    const a = c.rankStart[r];
    const z = c.rankStart[r + 1];
    let b = 0;
    for (let i = a; i < z; i++) b += end[i] - start[i];
    busy.push(b);
    if (z === a) {
      bubble.push(0);
      continue;
    }
    makespan = Math.max(makespan, end[z - 1]);
    bubble.push(end[z - 1] - start[a] - b);
  }
  const maxBubble = Math.max(0, ...bubble);
  const atW = activationRule(t, 'W');
  const atI = activationRule(t, 'I');
  const peakActivations: number[] = [];
  const peakActivationsAtI: number[] = [];
  const peaks = new Float64Array(2);
  for (let r = 0; r < P; r++) {
    peakActivationsOfRank(c, r, atW, atI, peaks);
    peakActivations.push(peaks[0]);
    peakActivationsAtI.push(peaks[1]);
  }
  const paramsPerRank = topology.rankStages.map(
    (stages) => new Set(stages.map((s) => modelPartOf(s, topology.numStages, topology.modelParts))).size,
  );
  return {
    makespan,
    bubble,
    bubbleRatio: makespan > 0 ? maxBubble / makespan : 0,
    idleRatio: idleRatio(busy, makespan),
    busy,
    peakActivations,
    peakActivationsAtI,
    paramsPerRank,
  };
}

/** Idle GPU-time fraction of a step: 1 − Σ busy / (P × makespan); 0 for an empty timeline. */
export function idleRatio(busy: readonly number[], makespan: number): number {
  if (!(makespan > 0) || busy.length === 0) return 0;
  const total = busy.reduce((a, b) => a + b, 0);
  // clamp rounding noise (Σ busy can exceed P × makespan by an ulp)
  return Math.min(1, Math.max(0, 1 - total / (busy.length * makespan)));
}

/** DualPipe's stage P+k reuses model part k; elsewhere every stage is its own part. */
export function modelPartOf(stage: number, numStages: number, modelParts: number): number {
  return modelParts === numStages ? stage : stage < modelParts ? stage : stage - modelParts;
}

/** Each rank's last op end (0 for a rank without ops), in the timeline's unit: read from its columns. */
export function rankEnds(t: Timeline): number[] {
  const { end, ops: c } = timelineColumns(t);
  const out: number[] = [];
  for (let r = 0; r < c.ranks; r++) out.push(c.rankStart[r + 1] > c.rankStart[r] ? end[c.rankStart[r + 1] - 1] : 0);
  return out;
}

/** The global end (`computeMetrics`' makespan) without the other metrics. */
export function timelineMakespan(t: Timeline): number {
  return Math.max(0, ...rankEnds(t));
}
