/**
 * Timeline metrics (docs/schedules.md §1.3-1.4, docs/cli.md):
 * - makespan: global end time (the timeline starts at 0), in cost units;
 * - bubble[r]: idle time of rank r between its first start and its last end (the ZB paper's and
 *   DualPipe README's per-rank bubble); bubbleRatio = max bubble / makespan. A rank idle before its
 *   first op or after its last (ZB-H2 starts late ranks later) has no bubble by this measure;
 * - idleRatio: idle GPU-time of the whole step, 1 − Σ busy / (P × makespan), which counts that idle
 *   time too (two schedules with the same makespan and work have the same idleRatio);
 * - peakActivations[r]: most stage-activations alive at once on rank r, counted along the op order.
 *   Unit A = one micro-batch through one model part (1/modelParts of the model). F allocates A,
 *   a full B frees it; with a split backward the conservative count frees it at W
 *   (`peakActivations`), the optimistic one at I (`peakActivationsAtI`: the ZB paper's M_B ≈ A);
 *   an FB op allocates its forward before freeing its backward. A Seq1F1B op moves A/N (one of
 *   N sequence chunks). With a memory model (costs file `memory`, sail-sg's mem_f/b/w) the
 *   amounts are its per-stage values instead: F allocates memory.F[s], I frees −memory.I[s] and
 *   W −memory.W[s] (at-I count: I frees all of memory.F[s]), B frees both — peaks in its unit;
 * - paramsPerRank[r]: distinct model parts held by rank r, in the same 1/modelParts unit.
 */
import type { Op, Timeline } from './types.ts';

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
  const peakActivations = t.schedule.ops.map((_, r) => peakAlive(t, r, 'W'));
  const peakActivationsAtI = t.schedule.ops.map((_, r) => peakAlive(t, r, 'I'));
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

function peakAlive(t: Timeline, r: number, releaseAt: 'I' | 'W'): number {
  const amount = activationRule(t, releaseAt);
  let alive = 0;
  let peak = 0;
  for (const op of t.schedule.ops[r]) {
    // an op allocates at its start and frees at its end: the peak is taken in between
    alive += amount.allocated(op);
    if (alive > peak) peak = alive;
    alive -= amount.freed(op);
  }
  return peak / amount.per;
}

/**
 * The one activation rule: what an op allocates at its start and frees at its end, in units of
 * 1/`per` (`per` = N sequence chunks for Seq1F1B, else 1), from the memory model if the costs
 * carry one (per-stage amounts), else one activation per forward; and which ops mark a step in
 * the series (`stepsAtStart`/`stepsAtEnd`: forwards and the releasing backwards, even at 0).
 */
export function activationRule(t: Timeline, releaseAt: 'I' | 'W' = 'W') {
  const m = t.costs.memory;
  const per = t.schedule.seqSplits ?? 1;
  const allocF = (s: number) => (m ? m.F[s]! : 1);
  // freed by an I, a W, a full B: at-W count I −mem.I, W −mem.W; at-I count I everything, W none
  const freedI = (s: number) => (releaseAt === 'I' ? allocF(s) : m ? -m.I[s]! : 0);
  const freedW = (s: number) => (releaseAt === 'W' ? (m ? -m.W[s]! : 1) : 0);
  const allocated = (op: Op) => (op.kind === 'F' ? allocF(op.stage) : op.kind === 'FB' ? allocF(op.forward.stage) : 0);
  const freed = (op: Op) =>
    op.kind === 'FB'
      ? allocF(op.backward.stage)
      : op.kind === 'B'
        ? allocF(op.stage)
        : op.kind === 'I'
          ? freedI(op.stage)
          : op.kind === 'W'
            ? freedW(op.stage)
            : 0;
  return {
    per,
    allocated,
    freed,
    stepsAtStart: (op: Op) => op.kind === 'F' || op.kind === 'FB' || allocated(op) !== 0,
    stepsAtEnd: (op: Op) => op.kind === 'B' || op.kind === 'FB' || op.kind === releaseAt || freed(op) !== 0,
  };
}

/** Activations alive on one rank over time: step points [time, amount], F allocating at its start. */
export function activationSeries(t: Timeline, rank: number, releaseAt: 'I' | 'W' = 'W'): [number, number][] {
  const rule = activationRule(t, releaseAt);
  const points: [number, number][] = [[0, 0]];
  let alive = 0;
  for (const { op, start, end } of t.ops[rank]) {
    if (rule.stepsAtStart(op)) points.push([start, (alive += rule.allocated(op)) / rule.per]);
    if (rule.stepsAtEnd(op)) points.push([end, (alive -= rule.freed(op)) / rule.per]);
  }
  return points;
}

/** Activations alive on one rank once each of its ops has ended, in op order. */
export function activationsAfterOps(t: Timeline, rank: number, releaseAt: 'I' | 'W' = 'W'): number[] {
  const amount = activationRule(t, releaseAt);
  let alive = 0;
  return t.ops[rank].map(({ op }) => (alive += amount.allocated(op) - amount.freed(op)) / amount.per);
}
