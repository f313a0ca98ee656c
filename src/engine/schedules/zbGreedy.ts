/**
 * ZB-H1 / ZB-H2 ("ZB1P" / "ZB2P") op orders from the cost- and memory-driven greedy that the
 * Zero Bubble reference implementation uses to build its automatic schedules.
 *
 * What it computes: for P ranks holding one stage each (stage id = rank) and M micro-batches,
 * rank r's sequence of F (forward), I (backward for input, the paper's "B") and W (backward for
 * weights) ops, with global micro-batch ids. The greedy simulates time while it places ops:
 * every op costs F / I / W cost units, every cross-rank dependency adds `comm`, and each stage may
 * hold at most `memoryLimit` forward activations (F holds one, its W releases it). It runs eight
 * variants (three on/off heuristics) and keeps the one whose longest stage span
 * (first F start → last W end) is smallest, the first one on ties.
 *
 * Units: costs in any consistent time unit (unit costs for the paper figures, the sail runtime's
 * pre-profiling default is F = I = W = 1000, comm = 1); memoryLimit in forward activations of one
 * stage: P gives ZB-H1 (1F1B's peak), 2P gives ZB-H2. `zbStageOrder` is the general form the
 * reference's `GraphConfig` takes: per-stage costs, per-stage activation memory (any unit: F
 * allocates, I and W free) and a per-stage memory limit in that unit (zb-auto).
 *
 * Sources: sail-sg/zero-bubble-pipeline-parallelism (main, 39f2c18),
 * `megatron/core/pipeline_parallel/zerobubble/scheduler/zb.py`: `Graph.manual_order` (one
 * variant), `initial_solution` (best of the 8 flag combinations), `create_scheduled_nodes`
 * (per-stage order = ops sorted by completion time); node costs and memory deltas as in
 * `graph.py` `GraphConfig`. Method: Qi et al., "Zero Bubble Pipeline Parallelism", ICLR 2024,
 * arXiv 2401.10241, §3 (automatic scheduling: heuristic under a memory limit); the handcrafted
 * ZB-H1 / ZB-H2 it generalises are §2.1 / §2.2.
 * This is an independent TypeScript implementation checked op-by-op against the reference's
 * output (fixtures/golden/sail-zb/ZB1P_*, ZB2P_*).
 *
 * Cost: O(P·M) per variant (the reference's O(P) "worst stage bubble" scan per decision is a
 * running maximum here). Variants that provably repeat an earlier pass are skipped (see
 * `consulted`), so unit-cost ZB1P usually needs one pass instead of eight. P = 64, M = 512 takes
 * roughly 0.05–0.2 s once the JIT is warm.
 */
import * as columns from '../columns.ts';
import { opsFromColumns, type OpColumns } from '../columns.ts';
import { ScheduleError } from '../errors.ts';
import type { Op } from '../types.ts';
import {
  GreedyFailure,
  KIND_F,
  KIND_I,
  runGreedyPass,
  sortAsEmitted,
  type PassFlags,
  type PassInput,
  type PassResult,
} from './zbGreedyPass.ts';

export type { PassInput as ZbStageInput } from './zbGreedyPass.ts';

export interface GreedyCosts {
  F: number;
  I: number;
  W: number;
  comm: number;
}

const FLAG_NAMES = ['allowBubbleBeforeFirstI', 'prioritizeI', 'fillSmallBubbleWithW'] as const;

/** The reference's search order; with equal spans the earliest variant wins. */
const VARIANTS: PassFlags[] = [];
for (const allowBubbleBeforeFirstI of [true, false]) {
  for (const prioritizeI of [true, false]) {
    for (const fillSmallBubbleWithW of [true, false]) {
      VARIANTS.push({ allowBubbleBeforeFirstI, prioritizeI, fillSmallBubbleWithW });
    }
  }
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`zbGreedyOrder: ${name} must be an integer ≥ 1, got ${value}`);
  }
}

/** memoryLimit in forward activations of one stage (ZB1P: P, ZB2P: 2P); the same costs on every stage */
export function zbGreedyOrder(ranks: number, microbatches: number, memoryLimit: number, costs: GreedyCosts): Op[][] {
  checkCount('ranks', ranks);
  checkCount('microbatches', microbatches);
  // Below one activation the stage cannot hold the forward it is computing; the reference then
  // fails with "Cannot fit memory".
  if (!(memoryLimit >= 1) || !Number.isFinite(memoryLimit)) {
    throw new RangeError(`zbGreedyOrder: memoryLimit must be ≥ 1 forward activation, got ${memoryLimit}`);
  }
  for (const key of ['F', 'I', 'W'] as const) {
    const c = costs[key];
    if (!(c > 0) || !Number.isFinite(c)) {
      throw new RangeError(`zbGreedyOrder: cost ${key} must be a positive number, got ${c}`);
    }
  }
  if (!(costs.comm >= 0) || !Number.isFinite(costs.comm)) {
    throw new RangeError(`zbGreedyOrder: comm must be ≥ 0, got ${costs.comm}`);
  }
  const each = (x: number) => new Array<number>(ranks).fill(x);
  // In forward activations: F holds one, I frees none, W frees it.
  return zbStageRun(ranks, microbatches, {
    F: each(costs.F),
    I: each(costs.I),
    W: each(costs.W),
    comm: costs.comm,
    memF: each(1),
    memI: each(0),
    memW: each(-1),
    limit: each(memoryLimit),
  }).ops;
}

// module-local aliases (simulate.ts explains why)
const { OP_F, OP_I, OP_W, OpColumnsBuilder } = columns;

/**
 * The general greedy: per-stage costs, memory deltas and limits (sail-sg `GraphConfig`). Throws a
 * ScheduleError where the reference fails: a limit below one forward, "Cannot fit memory", or its
 * consistency check (an op placed before its input; seen with uneven costs).
 */
export function zbStageOrder(ranks: number, microbatches: number, input: PassInput): Op[][] {
  return zbStageRun(ranks, microbatches, input).ops;
}

/** `zbStageOrder` plus, per stage, the forwards the winning pass never issued (listed first, at time 0). */
export function zbStageRun(ranks: number, microbatches: number, input: PassInput): { ops: Op[][]; unplaced: number[] } {
  const { columns: c, unplaced } = zbStageColumns(ranks, microbatches, input);
  return { ops: opsFromColumns(c), unplaced };
}

/** `zbStageRun` with the order as op columns (the engine's path). */
export function zbStageColumns(ranks: number, microbatches: number, input: PassInput): { columns: OpColumns; unplaced: number[] } {
  checkCount('ranks', ranks);
  checkCount('microbatches', microbatches);
  for (let s = 0; s < ranks; s++) {
    if (!(input.limit[s]! >= input.memF[s]!)) {
      throw new ScheduleError({
        field: 'memLimit',
        message: `the memory limit of stage ${s} (${input.limit[s]}) must hold at least one forward activation (${input.memF[s]}), or zb.py cannot place its first forward`,
        // one limit for every rank that holds each stage's forward
        suggestion: Math.max(...input.memF),
      });
    }
  }
  let best: PassResult | undefined;
  const ran: { flags: PassFlags; result: PassResult }[] = [];
  try {
    for (const flags of VARIANTS) {
      // A variant differing from an earlier one only in a flag that pass never consulted executes
      // the very same pass: same span, and ties keep the earlier one, so the pick is unchanged.
      // Skipped variants stay listed (with the pass they repeat) so chains of flips are found too.
      const same = ran.find(({ flags: seen, result }) => {
        const differing = FLAG_NAMES.filter((name) => seen[name] !== flags[name]);
        return differing.length === 1 && !result.consulted[differing[0]!];
      });
      if (same !== undefined) {
        ran.push({ flags, result: same.result });
        continue;
      }
      const result = runGreedyPass(ranks, microbatches, input, flags);
      ran.push({ flags, result });
      if (best === undefined || result.span < best.span) best = result;
    }
  } catch (e) {
    // The reference tries every variant and stops at the first failure, so one failing variant
    // rejects the configuration.
    if (e instanceof GreedyFailure) {
      // a limit too small is raised; an order the reference's own check rejects comes from its costs
      throw new ScheduleError({
        field: e.reason === 'memory' ? 'memLimit' : 'perStage',
        message: `sail-sg's zb.py cannot schedule this configuration: ${e.message}`,
      });
    }
    throw e;
  }
  const unplaced = Array.from(best!.placed, (n) => 3 * microbatches - n);
  const order = sortAsEmitted(best!, ranks, microbatches);
  const out = new OpColumnsBuilder(3 * ranks * microbatches);
  order.forEach((codes, stage) => {
    for (let k = 0; k < codes.length; k++) {
      const kind = Math.floor(codes[k]! / microbatches);
      out.op(kind === KIND_F ? OP_F : kind === KIND_I ? OP_I : OP_W, stage, codes[k]! - kind * microbatches);
    }
    out.endRank();
  });
  return { columns: out.finish(), unplaced };
}
