/**
 * The schedule registry: `buildSchedule(params, costs)` validates the request with the reference
 * rules and returns each rank's op order. Only the cost-driven generators (zb-h2, zb-auto, v-auto,
 * zb-v-auto, v-half, v-min, after sail-sg) read the costs; every other order depends on P, M, v
 * and the schedule's options alone. Generators that take one cost per kind get the scalars (the
 * median stage's when the costs are per stage, docs/cli.md); zb-h2 and zb-auto run the per-stage
 * greedy (zb.py's `GraphConfig` takes costs and memory per stage).
 */
import { columnsFromOps, type OpColumns } from '../columns.ts';
import { resolveCosts } from '../costs.ts';
import { ScheduleError, type InputIssue, type ScheduleField } from '../errors.ts';
import { dualPipeTopology, linearTopology, loopedTopology, vTopology } from '../topology.ts';
import type { Costs, Op, Schedule, ScheduleName, ScheduleParams, Topology } from '../types.ts';
import { validateParams, type ValidParams } from '../validate.ts';
import { columnSchedule } from '../views.ts';
import { dualPipeOrder, dualPipeVOrder } from './dualPipe.ts';
import { gpipeOrder } from './gpipe.ts';
import { interleavedOrder, interleavedZeroBubbleOrder, loopedBfsOrder } from './interleaved.ts';
import { megatronInterleavedOrder } from './megatronInterleaved.ts';
import { oneFOneBOrder } from './oneFOneB.ts';
import { oneFOneBVOrder } from './oneFOneBV.ts';
import { seq1f1bOrder } from './seq1f1b.ts';
import { vAutoOrder } from './vAuto.ts';
import { vGreedyOrder } from './vGreedy.ts';
import { zbAutoOrder } from './zbAuto.ts';
import { zbvGreedyOrder } from './zbvGreedy.ts';
import { zbVOrder } from './zbV.ts';

type Order = Op[][] | OpColumns;

const isOrder = (x: Order | { ops: Order; notes: string[] }): x is Order => Array.isArray(x) || 'rankStart' in x;

interface Generator {
  topology: (P: number, v: number) => Topology;
  /**
   * the op order (columns, or op objects from the generators that build objects), or the order
   * with the generator's notes on it (where it departs from its promise)
   */
  order: (P: number, M: number, v: number, costs: Costs, p: ValidParams) => Order | { ops: Order; notes: string[] };
}

const GENERATORS: Record<ScheduleName, Generator> = {
  gpipe: { topology: linearTopology, order: gpipeOrder },
  '1f1b': { topology: linearTopology, order: oneFOneBOrder },
  'interleaved-1f1b': { topology: loopedTopology, order: interleavedOrder },
  'looped-bfs': { topology: loopedTopology, order: loopedBfsOrder },
  'zb-h1': { topology: linearTopology, order: (P, M) => interleavedZeroBubbleOrder(P, M, 1) },
  // ZB-H2: sail-sg's automatic ZB2P, memory limit 2P forward activations (Zero Bubble paper §3.2)
  'zb-h2': { topology: linearTopology, order: (P, M, _v, c) => zbAutoOrder(P, M, c) },
  'zb-v': { topology: vTopology, order: zbVOrder },
  // sail-sg's runtime ZB-V (zbv.py PipelineGraph): placed by the op costs, W at the tail differs
  'zb-v-auto': { topology: vTopology, order: (P, M, _v, c) => zbvGreedyOrder(P, M, c) },
  'v-half': { topology: vTopology, order: (P, M, _v, c) => vGreedyOrder(P, M, 'half', c) },
  'v-min': { topology: vTopology, order: (P, M, _v, c) => vGreedyOrder(P, M, 'min', c) },
  dualpipe: { topology: dualPipeTopology, order: dualPipeOrder },
  dualpipev: { topology: vTopology, order: dualPipeVOrder },
  'zb-auto': { topology: linearTopology, order: (P, M, _v, c, p) => zbAutoOrder(P, M, c, p.memLimit) },
  // the family's ceiling is 2P forward activations: the default limit excludes no building block
  'v-auto': { topology: vTopology, order: (P, M, _v, c, p) => vAutoOrder(P, M, c, (p.memLimit as number | undefined) ?? 2 * P) },
  '1f1b-v': { topology: vTopology, order: oneFOneBVOrder },
  seq1f1b: { topology: linearTopology, order: (P, M, _v, _c, p) => seq1f1bOrder(P, M, p.seqSplits!) },
  'interleaved-zb': { topology: loopedTopology, order: interleavedZeroBubbleOrder },
  'interleaved-1f1b-megatron': {
    topology: loopedTopology,
    order: (P, M, v, _c, p) => megatronInterleavedOrder(P, M, v, { groupSize: p.groupSize!, epOverlap: p.epOverlap! }),
  },
};

/** The generators that read the costs (the others' orders depend on P, M, v and options alone). */
const READS_COSTS: ReadonlySet<ScheduleName> = new Set(['zb-h2', 'zb-auto', 'zb-v-auto', 'v-half', 'v-min', 'v-auto']);

/** The greedy generators place ops by simulated time, so they need every op to take time. */
const COST_DRIVEN: ReadonlySet<ScheduleName> = new Set(['zb-h2', 'zb-auto', 'zb-v-auto', 'v-half', 'v-min']);

/**
 * A cost-driven schedule given an op that takes no time: the cost to raise (with per-stage costs,
 * the costs file's stage), or null.
 */
export function costDrivenIssue(name: ScheduleName, c: Costs): InputIssue<ScheduleField> | null {
  if (!COST_DRIVEN.has(name)) return null;
  for (const key of ['F', 'I', 'W'] as const) {
    if (c.perStage) {
      const s = c.perStage[key].findIndex((x) => !(x > 0));
      if (s >= 0)
        return {
          field: 'perStage',
          message: `${name} is generated from the op costs and needs F, I and W > 0 on every stage; got ${key}=${c.perStage[key][s]} on stage ${s}`,
        };
    } else if (!(c[key] > 0))
      return {
        field: key,
        message: `${name} is generated from the op costs and needs F, I and W > 0; got ${key}=${c[key]}`,
        suggestion: 1,
      };
  }
  return null;
}

/** The stage layout a schedule runs on, known before its op order (per-stage costs are resolved on it). */
export function scheduleTopology(params: ScheduleParams): Topology {
  const p = validateParams(params);
  return GENERATORS[p.schedule].topology(p.ranks, p.stagesPerRank);
}

export function buildSchedule(params: ScheduleParams, costs: Costs = resolveCosts()): Schedule {
  return build(params, costs, null);
}

/**
 * A `buildSchedule` that keeps the last two orders built by generators that ignore the costs (by
 * their validated params; two: a chart and its comparison): an app editing one stage's cost
 * re-simulates without rebuilding them. The checks still run on every call; schedules are never
 * mutated, so sharing one is safe.
 */
export function reusingBuilder(): (params: ScheduleParams, costs?: Costs) => Schedule {
  const memo: OrderMemo = [];
  return (params, costs = resolveCosts()) => build(params, costs, memo);
}

/** most recently used first */
type OrderMemo = { key: string; schedule: Schedule }[];

function build(params: ScheduleParams, costs: Costs, memo: OrderMemo | null): Schedule {
  const p = validateParams(params);
  const gen = GENERATORS[p.schedule];
  const costIssue = costDrivenIssue(p.schedule, costs);
  if (costIssue) throw new ScheduleError(costIssue);
  const topology = gen.topology(p.ranks, p.stagesPerRank);
  if (costs.perStage && costs.perStage.F.length !== topology.numStages) {
    throw new ScheduleError({
      field: 'perStage',
      message: `the per-stage costs list ${costs.perStage.F.length} stages; ${p.schedule} with P=${p.ranks} runs ${topology.numStages}`,
    });
  }
  const key = memo && !READS_COSTS.has(p.schedule) ? JSON.stringify(p) : null;
  const kept = key === null ? -1 : memo!.findIndex((m) => m.key === key);
  if (kept >= 0) {
    const [hit] = memo!.splice(kept, 1);
    memo!.unshift(hit!);
    return hit!.schedule;
  }
  const made = gen.order(p.ranks, p.microbatches, p.stagesPerRank, costs, p);
  const order = isOrder(made) ? made : made.ops;
  const meta: Omit<Schedule, 'ops'> = {
    name: p.schedule,
    ranks: p.ranks,
    microbatches: p.microbatches,
    stagesPerRank: p.stagesPerRank,
    topology,
  };
  if (p.seqSplits !== undefined) meta.seqSplits = p.seqSplits;
  if (!isOrder(made) && made.notes.length > 0) meta.notes = made.notes;
  const schedule = columnSchedule(meta, Array.isArray(order) ? columnsFromOps(order) : order);
  if (key !== null) {
    memo!.unshift({ key, schedule });
    memo!.length = Math.min(memo!.length, 2);
  }
  return schedule;
}
