/**
 * Op costs (docs/schedules.md §1.3, docs/cli.md): F forward, I backward-for-input, W backward-for-weights,
 * B full backward (default I + W), FB overlapped forward+backward (default F + B), comm latency
 * added to every cross-rank dependency (default 0). Cost units are the caller's (unit steps, µs).
 */
import { ScheduleError, type InputIssue, type ScheduleField } from './errors.ts';
import type { Costs, Op } from './types.ts';

export const UNIT_COSTS: Readonly<Costs> = { F: 1, I: 1, W: 1, B: 2, FB: 3, comm: 0 };
export const COST_KEYS = ['F', 'I', 'W', 'B', 'FB', 'comm'] as const;
export const MAX_COST = 1e12;

/** The first cost that is NaN, negative or absurd, or all costs zero; null when the costs are usable. */
export function costsIssue(partial: Partial<Costs> = {}): InputIssue<ScheduleField> | null {
  for (const key of COST_KEYS) {
    const v = partial[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v))
      return { field: key, message: `cost ${key} must be a finite number; got ${String(v)}`, suggestion: UNIT_COSTS[key] };
    if (v < 0) return { field: key, message: `cost ${key} must not be negative; got ${v}`, suggestion: -v };
    if (v > MAX_COST) return { field: key, message: `cost ${key} must be at most ${MAX_COST}; got ${v}`, suggestion: MAX_COST };
  }
  const { F, I, W, B, FB } = withDefaults(partial);
  if (F + B + I + W + FB === 0) return { field: 'F', message: 'at least one op cost must be positive', suggestion: 1 };
  return null;
}

function withDefaults(partial: Partial<Costs>): Costs {
  const F = partial.F ?? UNIT_COSTS.F;
  const I = partial.I ?? UNIT_COSTS.I;
  const W = partial.W ?? UNIT_COSTS.W;
  const B = partial.B ?? I + W;
  const FB = partial.FB ?? F + B;
  return { F, I, W, B, FB, comm: partial.comm ?? 0 };
}

/** Fills defaults (B = I + W, FB = F + B); throws a ScheduleError for NaN, negative or absurd values. */
export function resolveCosts(partial: Partial<Costs> = {}): Costs {
  const issue = costsIssue(partial);
  if (issue) throw new ScheduleError(issue);
  return withDefaults(partial);
}

export function opCost(op: Op, costs: Costs): number {
  return costs[op.kind];
}
