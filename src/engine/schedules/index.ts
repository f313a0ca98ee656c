/**
 * The schedule registry: `buildSchedule(params, costs)` validates the request with the reference
 * rules and returns each rank's op order. Only the cost-driven greedy generators (zb-h2, v-half,
 * v-min, after sail-sg) read the costs; every other order depends on P, M and v alone.
 */
import { resolveCosts } from '../costs.ts';
import { dualPipeTopology, linearTopology, loopedTopology, vTopology } from '../topology.ts';
import type { Costs, Op, Schedule, ScheduleName, ScheduleParams, Topology } from '../types.ts';
import { validateParams } from '../validate.ts';
import { dualPipeOrder, dualPipeVOrder } from './dualPipe.ts';
import { gpipeOrder } from './gpipe.ts';
import { interleavedOrder, interleavedZeroBubbleOrder, loopedBfsOrder } from './interleaved.ts';
import { oneFOneBOrder } from './oneFOneB.ts';
import { vGreedyOrder } from './vGreedy.ts';
import { zbGreedyOrder } from './zbGreedy.ts';
import { zbvGreedyOrder } from './zbvGreedy.ts';
import { ScheduleError, type InputIssue, type ScheduleField } from '../errors.ts';
import { zbVOrder } from './zbV.ts';

interface Generator {
  topology: (P: number, v: number) => Topology;
  order: (P: number, M: number, v: number, costs: Costs) => Op[][];
}

const GENERATORS: Record<ScheduleName, Generator> = {
  gpipe: { topology: linearTopology, order: gpipeOrder },
  '1f1b': { topology: linearTopology, order: oneFOneBOrder },
  'interleaved-1f1b': { topology: loopedTopology, order: interleavedOrder },
  'looped-bfs': { topology: loopedTopology, order: loopedBfsOrder },
  'zb-h1': { topology: linearTopology, order: (P, M) => interleavedZeroBubbleOrder(P, M, 1) },
  // ZB-H2: sail-sg's automatic ZB2P, memory limit 2P forward activations (Zero Bubble paper §3.2)
  'zb-h2': { topology: linearTopology, order: (P, M, _v, c) => zbGreedyOrder(P, M, 2 * P, c) },
  'zb-v': { topology: vTopology, order: zbVOrder },
  // sail-sg's runtime ZB-V (zbv.py PipelineGraph): placed by the op costs, W at the tail differs
  'zb-v-auto': { topology: vTopology, order: (P, M, _v, c) => zbvGreedyOrder(P, M, c) },
  'v-half': { topology: vTopology, order: (P, M, _v, c) => vGreedyOrder(P, M, 'half', c) },
  'v-min': { topology: vTopology, order: (P, M, _v, c) => vGreedyOrder(P, M, 'min', c) },
  dualpipe: { topology: dualPipeTopology, order: dualPipeOrder },
  dualpipev: { topology: vTopology, order: dualPipeVOrder },
};

/** The greedy generators place ops by simulated time, so they need every op to take time. */
const COST_DRIVEN: ReadonlySet<ScheduleName> = new Set(['zb-h2', 'zb-v-auto', 'v-half', 'v-min']);

/** A cost-driven schedule given an op that takes no time: the cost to raise, or null. */
export function costDrivenIssue(name: ScheduleName, c: Costs): InputIssue<ScheduleField> | null {
  if (!COST_DRIVEN.has(name)) return null;
  for (const key of ['F', 'I', 'W'] as const) {
    if (!(c[key] > 0))
      return {
        field: key,
        message: `${name} is generated from the op costs and needs F, I and W > 0; got ${key}=${c[key]}`,
        suggestion: 1,
      };
  }
  return null;
}

export function buildSchedule(params: ScheduleParams, costs: Costs = resolveCosts()): Schedule {
  const p = validateParams(params);
  const gen = GENERATORS[p.schedule];
  const costIssue = costDrivenIssue(p.schedule, costs);
  if (costIssue) throw new ScheduleError(costIssue);
  return {
    name: p.schedule,
    ranks: p.ranks,
    microbatches: p.microbatches,
    stagesPerRank: p.stagesPerRank,
    topology: gen.topology(p.ranks, p.stagesPerRank),
    ops: gen.order(p.ranks, p.microbatches, p.stagesPerRank, costs),
  };
}
