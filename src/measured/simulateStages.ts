/**
 * Adapter between fitted per-stage costs and the engine's simulator (docs/measured.md §7).
 *
 * The measured order is replayed with the engine's `simulate` (its dependency rule, sail-sg's
 * `passes.add_time`, is the only one in pipescope), given each kind's mean over the stages plus the
 * per-stage table `perStage` {F, I, W, B, FB?: one entry per global stage, FB by its forward
 * half's stage} that the engine's per-stage costs read (an op of kind K on stage s lasts K[s]).
 */
import { resolveCosts, simulate } from '../engine/index.ts';
import type { Costs, Schedule, StageCosts, Timeline } from '../engine/index.ts';
import { FIT_KINDS, type FittedCosts } from './fit.ts';

export interface SimulatedStep {
  /** µs */
  makespan: number;
  /** which costs the engine used: the per-stage table */
  basis: 'per-stage';
  /** the scalar costs (stage means), µs */
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

/** Per-stage lists from the fit; a stage that never ran a kind takes the kind's stage mean (its order never asks). */
function stageTable(fitted: FittedCosts, means: Costs, S: number): StageCosts {
  const list = (k: 'F' | 'I' | 'W' | 'B' | 'FB', fallback: (s: number) => number) =>
    Array.from({ length: S }, (_, s) => fitted.spread[k]?.[s]?.median ?? fallback(s));
  const I = list('I', () => means.I);
  const W = list('W', () => means.W);
  const B = list('B', (s) => (fitted.spread.I?.[s] && fitted.spread.W?.[s] ? I[s] + W[s] : means.B));
  const table: StageCosts = { F: list('F', () => means.F), I, W, B };
  if (fitted.spread.FB) table.FB = list('FB', () => means.FB);
  return table;
}

/** Simulates the measured order with fitted costs (see the module comment for `basis`). */
export function simulateWithStageCosts(order: Schedule, fitted: FittedCosts): SimulatedStep {
  const means = stageMeanCosts(fitted);
  const timeline = simulate(order, { ...means, perStage: stageTable(fitted, means, order.topology.numStages) });
  let makespan = 0;
  for (const ops of timeline.ops) for (const o of ops) makespan = Math.max(makespan, o.end);
  return { makespan, basis: 'per-stage', costs: means, timeline };
}
