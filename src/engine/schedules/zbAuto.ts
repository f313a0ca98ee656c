/**
 * zb-auto: sail-sg's automatic zero-bubble scheduler under per-stage costs and a per-rank memory
 * limit — `scheduler/zb.py: create_schedule` given a `GraphConfig` with cost_f/b/w, mem_f/b/w and
 * max_mem per stage (one stage per rank). ZB-H1 and ZB-H2 are its points with limits of P and 2P
 * forward activations (Qi et al., "Zero Bubble Pipeline Parallelism", ICLR 2024, §3).
 *
 * Units: costs in the caller's time unit (per stage, or the scalars on every stage); memory and
 * the limit in the unit of `Costs.memory` (default: forward activations, F 1, I 0, W −1). The
 * default limit of rank r is 2·P·memory.F[r] (ZB-H2-like). The greedy itself is zbGreedyPass.ts.
 */
import { ScheduleError } from '../errors.ts';
import { stageMemoryOf } from '../costs.ts';
import type { OpColumns } from '../columns.ts';
import type { Costs } from '../types.ts';
import { zbStageColumns } from './zbGreedy.ts';

/** Per-stage costs of the linear layout (stage = rank), from a costs table or the scalars. */
function stageCosts(costs: Costs, P: number) {
  const each = (x: number) => new Array<number>(P).fill(x);
  const t = costs.perStage;
  return t ? { F: t.F, I: t.I, W: t.W } : { F: each(costs.F), I: each(costs.I), W: each(costs.W) };
}

/** Memory limit per rank: one number for all, one per rank, or 2·P·memory.F of the rank's stage. */
export function zbAutoLimits(P: number, memF: readonly number[], memLimit?: number | number[]): number[] {
  if (memLimit === undefined) return memF.map((f) => 2 * P * f);
  return Array.isArray(memLimit) ? memLimit.slice() : new Array<number>(P).fill(memLimit);
}

/**
 * The order, and a note when the reference's pass left forwards unplaced: it still emits them
 * (first on their stage, at time 0) but never counted them against the memory limit.
 */
export function zbAutoOrder(
  ranks: number,
  microbatches: number,
  costs: Costs,
  memLimit?: number | number[],
): { ops: OpColumns; notes: string[] } {
  const P = ranks;
  const c = stageCosts(costs, P);
  for (const kind of ['F', 'I', 'W'] as const) {
    const s = c[kind].findIndex((x) => !(x > 0));
    // the greedy places ops by simulated time; a free op would tie everywhere
    if (s >= 0)
      throw new ScheduleError({
        field: costs.perStage ? 'perStage' : kind,
        message: `zb-auto places ops by their costs and needs F, I and W > 0 on every stage; got ${kind}=${c[kind][s]} on stage ${s}`,
        ...(costs.perStage ? {} : { suggestion: 1 }),
      });
  }
  const mem = stageMemoryOf(costs, P);
  const { columns: ops, unplaced } = zbStageColumns(P, microbatches, {
    ...c,
    comm: costs.comm,
    memF: mem.F,
    memI: mem.I,
    memW: mem.W,
    limit: zbAutoLimits(P, mem.F, memLimit),
  });
  const stages = unplaced.flatMap((n, s) => (n > 0 ? [`${n} on stage ${s}`] : []));
  const notes = stages.length
    ? [
        `sail-sg's zb.py never placed some forwards (${stages.join(', ')}): it emits them first on their stage, as here, without counting them against the memory limit`,
      ]
    : [];
  return { ops, notes };
}
