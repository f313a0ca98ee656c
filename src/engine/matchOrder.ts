/**
 * Which built-in schedule an op order is: the order of a measured step (src/measured) or of a
 * re-opened op table (src/interop/opTableImport.ts) compared with the engine's own orders. The
 * candidates are the schedules (SCHEDULE_NAMES order) that accept the order's P, M and stages per
 * rank (and its sequence splits, if any) and place the stages exactly as it does — stage to rank
 * and the chain of stages (topology.ts), read from the topology alone, before building anything,
 * since some generators take seconds at P=64, M=512. Each is built with `buildSchedule` and
 * compared op for op, rank by rank; the first whose every rank's order is equal is the match.
 * Otherwise the candidate with the longest agreeing prefixes (summed over ranks) is the closest,
 * with the first op where it departs (lowest index, then lowest rank).
 */
import { ScheduleError } from './errors.ts';
import { buildSchedule, scheduleTopology } from './schedules/index.ts';
import type { Costs, Op, Schedule, ScheduleParams, SimpleOp, StageMb, Topology } from './types.ts';
import { SCHEDULE_NAMES } from './types.ts';
import { validateParams, type ValidParams } from './validate.ts';

/** Where a candidate's order and the given one first differ; null ops: past the end of that order. */
export interface OrderDifference {
  rank: number;
  /** 0-based position in the rank's order */
  index: number;
  expected: Op | null;
  actual: Op | null;
}

export interface OrderMatch {
  /** the built-in schedule (built at the order's P, M, v) whose order equals the given one */
  match: Schedule | null;
  /** when none matches: the candidate with the longest agreeing prefixes, and where it departs */
  closest: { schedule: Schedule; agreeing: number; first: OrderDifference } | null;
  /** ops of the given order (summed over ranks) */
  total: number;
}

const sameMb = (a: StageMb, b: StageMb) => a.stage === b.stage && a.microbatch === b.microbatch;

/** Whether two ops are the same action: kind, stages, micro-batches and sequence split. */
export function sameOp(a: Op, b: Op): boolean {
  if (a.kind === 'FB' || b.kind === 'FB') {
    return a.kind === 'FB' && b.kind === 'FB' && sameMb(a.forward, b.forward) && sameMb(a.backward, b.backward);
  }
  return a.kind === b.kind && sameMb(a, b) && ((a as SimpleOp).split ?? 0) === ((b as SimpleOp).split ?? 0);
}

/** Whether two topologies place the stages alike: each stage's rank and its neighbours in the chain. */
export function samePlacement(a: Topology, b: Topology): boolean {
  const eq = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return eq(a.stageRank, b.stageRank) && eq(a.prevStage, b.prevStage) && eq(a.nextStage, b.nextStage);
}

/** Agreeing prefix ops summed over ranks, and the first difference (lowest index, then rank). */
function compare(expected: Schedule, actual: Schedule): { agreeing: number; first: OrderDifference | null } {
  let agreeing = 0;
  let first: OrderDifference | null = null;
  actual.ops.forEach((ops, rank) => {
    const want = expected.ops[rank] ?? [];
    const n = Math.max(ops.length, want.length);
    for (let index = 0; index < n; index++) {
      const e = want[index] ?? null;
      const a = ops[index] ?? null;
      if (e && a && sameOp(e, a)) {
        agreeing++;
        continue;
      }
      if (!first || index < first.index) first = { rank, index, expected: e, actual: a };
      break;
    }
  });
  return { agreeing, first };
}

/** The params of a built-in schedule that runs the order's P, M, v (and splits) on its placement, or null. */
function candidate(name: (typeof SCHEDULE_NAMES)[number], order: Schedule): ValidParams | null {
  const params: ScheduleParams = {
    schedule: name,
    ranks: order.ranks,
    microbatches: order.microbatches,
    stagesPerRank: order.stagesPerRank,
    ...((order.seqSplits ?? 1) > 1 ? { seqSplits: order.seqSplits } : {}),
  };
  try {
    // a schedule that fixes v, or takes no splits, rejects the others: no candidate there
    const p = validateParams(params);
    return samePlacement(scheduleTopology(p), order.topology) ? p : null;
  } catch (e) {
    if (e instanceof ScheduleError) return null;
    throw e;
  }
}

/**
 * The built-in schedule whose op order equals `order`, or the closest one. `costs` feed the
 * cost-driven generators (zb-h2, v-half, ...), whose order depends on them.
 */
export function matchBuiltIn(order: Schedule, costs: Costs): OrderMatch {
  const total = order.ops.reduce((n, ops) => n + ops.length, 0);
  let closest: OrderMatch['closest'] = null;
  for (const name of SCHEDULE_NAMES) {
    const p = candidate(name, order);
    if (!p) continue;
    let built: Schedule;
    try {
      built = buildSchedule(p, costs);
    } catch (e) {
      // it does not run with these costs (a zero-cost op for a greedy one, a memory search that fails)
      if (e instanceof ScheduleError) continue;
      throw e;
    }
    const { agreeing, first } = compare(built, order);
    if (first === null) return { match: built, closest: null, total };
    if (!closest || agreeing > closest.agreeing) closest = { schedule: built, agreeing, first };
  }
  return { match: null, closest, total };
}
