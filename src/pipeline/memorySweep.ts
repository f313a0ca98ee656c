/**
 * The memory–bubble curve of the memory-limited schedules (zb-auto, v-auto; docs/schedules.md
 * §3.11): the schedule built at a range of memory limits per rank, each point its limit, the peak
 * activation it reached (max over ranks), its bubble (max over ranks) and makespan. Limits and
 * peaks in A of the cost basis; times in the costs' unit. Pure: the app runs it in a worker
 * (app/engineWorker.ts), one point at a time, so it reports progress and can be cancelled.
 */
import { buildSchedule, computeMetrics, scheduleTopology, simulate, stageShare, type ScheduleName } from '../engine/index.ts';
import type { Params } from '../store/params.ts';
import { resolvedCostsOf, scheduleParamsOf } from '../store/validate.ts';

export const SWEPT: ReadonlySet<ScheduleName> = new Set(['zb-auto', 'v-auto']);
/** Most points a sweep builds (v-auto takes about a second each at P = 8). */
export const MAX_POINTS = 16;

export interface SweepPoint {
  /** the limit given, A per rank */
  limit: number;
  /** highest peak over ranks, A; NaN when no schedule fits */
  peak: number;
  bubble: number;
  makespan: number;
  /** why there is no schedule at this limit */
  error?: string;
}

/**
 * The limits to build, A per rank, ascending: zb-auto from one to 2P forwards of the largest
 * stage (its ZB-H1 and ZB-H2 points included), v-auto from V-Min's neighbourhood to 2P whole
 * V-chunk forwards (its unit); at most MAX_POINTS, evenly spread.
 */
export function sweepLimits(p: Params, schedule: ScheduleName): number[] {
  const P = p.ranks;
  const topo = scheduleTopology(scheduleParamsOf({ ...p, memLimit: null }, schedule));
  const chunk = p.basis === 'share' ? stageShare(topo) : 1;
  let steps: number[];
  if (schedule === 'v-auto') {
    const lo = Math.max(1, Math.floor((P + 4) / 3));
    steps = Array.from({ length: 2 * P - lo + 1 }, (_, k) => lo + k);
  } else {
    const c = resolvedCostsOf(p, schedule);
    const perForward = c.memory ? Math.max(...c.memory.F) : 1;
    steps = Array.from({ length: 2 * P }, (_, k) => (k + 1) * perForward);
  }
  if (steps.length > MAX_POINTS) {
    const n = steps.length;
    steps = Array.from({ length: MAX_POINTS }, (_, k) => steps[Math.round((k * (n - 1)) / (MAX_POINTS - 1))]!);
  }
  const unit = schedule === 'v-auto' ? chunk : 1;
  return [...new Set(steps.map((x) => Number((x * unit).toPrecision(12))))];
}

/** One point: the schedule at this limit, timed with the params' costs. */
export function sweepPoint(p: Params, schedule: ScheduleName, limit: number): SweepPoint {
  const q = { ...p, memLimit: limit };
  try {
    const costs = resolvedCostsOf(q, schedule);
    const t = simulate(buildSchedule(scheduleParamsOf(q, schedule), costs), costs);
    const m = computeMetrics(t);
    return { limit, peak: Math.max(...m.peakActivations), bubble: Math.max(...m.bubble), makespan: m.makespan };
  } catch (e) {
    return { limit, peak: NaN, bubble: NaN, makespan: NaN, error: e instanceof Error ? e.message : String(e) };
  }
}

/** The whole sweep at once (tests, the CLI-like callers); the app walks sweepLimits in its worker. */
export function memorySweep(p: Params, schedule: ScheduleName): SweepPoint[] {
  return sweepLimits(p, schedule).map((limit) => sweepPoint(p, schedule, limit));
}

/**
 * Whether building this schedule can take long enough to block a frame (measured: v-auto ≈ 1 s
 * at P = 8; the cost-driven greedies 10–50 ms at P = 16, M = 64): those run in the engine worker.
 */
export function isSlowBuild(p: Params, schedule: ScheduleName): boolean {
  if (schedule === 'v-auto') return true;
  const v = schedule === 'interleaved-1f1b' || schedule === 'interleaved-zb' || schedule === 'looped-bfs' ? p.stagesPerRank : 2;
  const ops = 3 * p.ranks * p.microbatches * v * (schedule === 'seq1f1b' ? p.seqSplits : 1);
  const greedy = ['zb-h2', 'zb-auto', 'zb-v-auto', 'v-half', 'v-min'].includes(schedule);
  return (greedy && ops > 3000) || ops > 60_000;
}
