/**
 * The detailed mode's makespan-vs-comm-SMs curve (docs/overlap.md §4, engine overlap/sweep.ts):
 * for every split s = 1..N−1, the whole schedule's makespan with the op costs at s (its op order
 * as drawn), or — when that is too much work for an interactive view — the F&B pair span, which
 * sets the op costs the schedule is built from. Pure; times µs.
 */
import { buildSchedule, scheduleColumns, type Schedule } from '../engine/index.ts';
import { sweepPair, sweepSchedule, type Sweep } from '../engine/overlap/index.ts';
import type { Params } from '../store/params.ts';
import { scheduleParamsOf } from '../store/validate.ts';
import { detailedCostsOf, overlapModelOf } from './runEngine.ts';

/**
 * Largest schedule (ops) whose full sweep runs in a worker in about a second on a 2-core machine:
 * a sweep is 131 detailed simulations, ~1.5 µs per op each (measured P=32 M=128 DualPipe, 6,114
 * ops: about 1 s). Larger schedules get the pair curve, computed in ~2 ms.
 */
export const SCHEDULE_SWEEP_MAX_OPS = 8000;

export type SweepKind = 'schedule' | 'pair';

export interface SmCurve {
  kind: SweepKind;
  sweep: Sweep;
}

/** The inputs a sweep depends on (not the split itself: moving the slider keeps the curve). */
export function sweepKey(p: Params, kind: SweepKind): string {
  const shape = kind === 'schedule' ? [p.schedule, p.ranks, p.microbatches, p.stagesPerRank] : [];
  return JSON.stringify([kind, ...shape, p.hw, p.layers, p.nvlink, p.ib]);
}

/** The F&B pair span at every split (fast: one pair DAG per split). */
export function pairCurve(p: Params): SmCurve {
  return { kind: 'pair', sweep: sweepPair(overlapModelOf(p)) };
}

/**
 * The schedule's makespan at every split, its op order fixed as built at the panel's split when
 * the sweep ran (only the cost-driven generators' orders depend on it) — or, past
 * SCHEDULE_SWEEP_MAX_OPS, only its op count (the caller shows the pair curve instead).
 */
export function scheduleSweep(p: Params, schedule?: Schedule): { ops: number; sweep: Sweep | null } {
  const order = schedule ?? buildSchedule(scheduleParamsOf(p), detailedCostsOf(p).costs);
  // counted on the columns: the op objects are not needed here
  const ops = scheduleColumns(order).count;
  return { ops, sweep: ops <= SCHEDULE_SWEEP_MAX_OPS ? sweepSchedule(order, overlapModelOf(p)) : null };
}
