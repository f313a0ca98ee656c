/**
 * Adapter between fitted per-stage costs and the engine's simulator (docs/measured.md §7).
 *
 * The measured order is replayed with the engine's `simulate` (its dependency rule, sail-sg's
 * `passes.add_time`, is the only one in pipescope). The engine's `Costs` are one number per kind
 * for every stage, so until it accepts per-stage lists this adapter passes each kind's mean over
 * the stages and says so in `basis`. When the engine takes per-stage costs (docs/cli.md
 * `--costs-file`), only `simulateWithStageCosts` changes: it hands `costs` through unchanged and
 * reports basis 'per-stage'.
 */
import { resolveCosts, simulate } from '../engine/index.ts';
import type { Costs, Schedule, Timeline } from '../engine/index.ts';
import type { FitKind, FittedCosts } from './fit.ts';

export interface SimulatedStep {
  /** µs */
  makespan: number;
  /** which costs the engine was given */
  basis: 'per-stage' | 'stage-mean';
  /** the scalar costs simulated (stage means), µs */
  costs: Costs;
  timeline: Timeline;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Each kind's mean over stages; kinds the step did not run keep the engine's defaults (never used by its order). */
export function stageMeanCosts(fitted: FittedCosts['costs']): Costs {
  const partial: Partial<Costs> = { comm: fitted.comm };
  for (const k of ['F', 'I', 'W', 'B', 'FB'] as FitKind[]) {
    const list = fitted[k];
    if (list && list.length) partial[k] = mean(list);
  }
  // B defaults to I+W and FB to F+B in the engine; a step without I/W (1F1B) still needs them > 0
  // for cost-driven candidates, so split its B evenly there (recognition only; see recognize.ts).
  if (partial.B !== undefined && partial.I === undefined && partial.W === undefined) {
    partial.I = partial.B / 2;
    partial.W = partial.B / 2;
  }
  return resolveCosts(partial);
}

/** Simulates the measured order with fitted costs (see the module comment for `basis`). */
export function simulateWithStageCosts(order: Schedule, fitted: FittedCosts['costs']): SimulatedStep {
  const costs = stageMeanCosts(fitted);
  const timeline = simulate(order, costs);
  let makespan = 0;
  for (const ops of timeline.ops) for (const o of ops) makespan = Math.max(makespan, o.end);
  return { makespan, basis: 'stage-mean', costs, timeline };
}
