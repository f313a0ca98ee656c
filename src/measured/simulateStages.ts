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
import { FIT_KINDS, type FittedCosts } from './fit.ts';

export interface SimulatedStep {
  /** µs */
  makespan: number;
  /** which costs the engine was given */
  basis: 'per-stage' | 'stage-mean';
  /** the scalar costs simulated (stage means), µs */
  costs: Costs;
  timeline: Timeline;
}

/**
 * Scalar engine costs from a fit: each kind's mean over the stages that ran it. Kinds the step did
 * not run keep the engine's defaults, except that a step without I and W (1F1B) splits its B evenly
 * into them: only cost-driven candidates in recognize.ts read them, and they need I, W > 0.
 */
export function stageMeanCosts(fitted: FittedCosts): Costs {
  const partial: Partial<Costs> = { comm: fitted.costs.comm };
  for (const k of FIT_KINDS) if (fitted.stageMeans[k] !== undefined) partial[k] = fitted.stageMeans[k];
  if (partial.B !== undefined && partial.I === undefined && partial.W === undefined) {
    partial.I = partial.B / 2;
    partial.W = partial.B / 2;
  }
  return resolveCosts(partial);
}

/** Simulates the measured order with fitted costs (see the module comment for `basis`). */
export function simulateWithStageCosts(order: Schedule, fitted: FittedCosts): SimulatedStep {
  const costs = stageMeanCosts(fitted);
  const timeline = simulate(order, costs);
  let makespan = 0;
  for (const ops of timeline.ops) for (const o of ops) makespan = Math.max(makespan, o.end);
  return { makespan, basis: 'stage-mean', costs, timeline };
}
