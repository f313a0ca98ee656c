/**
 * The memory limit per rank against a timeline (docs/units.md §2.1): which ops push their rank past
 * it. An op does when the activation alive right after its allocation (engine memory.ts: a forward
 * allocates at its start; releases come at op ends) exceeds its rank's limit. Amounts and limits are
 * in the timeline's memory amounts (A of the cost basis, or the model's units). The chart's marks,
 * the tooltip and the exported figure all ask here. Pure.
 */
import { activationRule, rankAliveAtAllocations, timelineColumns, type Timeline } from '../engine/index.ts';
import type { Layout } from './layout.ts';

const alive = new WeakMap<Timeline, Float64Array>();

/**
 * Per layout rect (rank-major, as layout.ts orders them: the rows of the timeline's columns): the
 * activation alive on its rank right after its allocation; NaN for an op that allocates nothing.
 */
export function aliveAfterAllocation(t: Timeline, layout: Layout): Float64Array {
  let out = alive.get(t);
  if (out) return out;
  out = new Float64Array(layout.count).fill(NaN);
  const rule = activationRule(t);
  const columns = timelineColumns(t);
  for (let r = 0; r < columns.ops.ranks; r++) rankAliveAtAllocations(columns, r, rule, out);
  alive.set(t, out);
  return out;
}

/** Whether `amount` is past `limit`: a relative tolerance, amounts being sums of typed costs. */
export function pastLimit(amount: number, limit: number): boolean {
  return amount > limit + 1e-9 * Math.max(1, Math.abs(limit));
}

/** Layout rect indices of the ops whose allocation leaves their rank above its limit (`limits[rank]`). */
export function overLimitOps(t: Timeline, layout: Layout, limits: readonly number[] | null): number[] {
  if (!limits) return [];
  const a = aliveAfterAllocation(t, layout);
  const over: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const limit = limits[layout.buf.rank[i]!];
    if (limit !== undefined && pastLimit(a[i]!, limit)) over.push(i);
  }
  return over;
}
