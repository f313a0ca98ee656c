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
 * stage: P gives ZB-H1 (1F1B's peak), 2P gives ZB-H2.
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
import type { Op } from '../types.ts';
import { KIND_F, KIND_I, runGreedyPass, sortAsEmitted, type PassFlags, type PassResult } from './zbGreedyPass.ts';

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

/** memoryLimit in forward activations of one stage (ZB1P: P, ZB2P: 2P) */
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

  const passCosts = { F: costs.F, I: costs.I, W: costs.W, comm: costs.comm };
  let best: PassResult | undefined;
  const ran: { flags: PassFlags; result: PassResult }[] = [];
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
    const result = runGreedyPass(ranks, microbatches, memoryLimit, passCosts, flags);
    ran.push({ flags, result });
    if (best === undefined || result.span < best.span) best = result;
  }
  return sortAsEmitted(best!, ranks, microbatches).map((codes, stage) => decode(codes, stage, microbatches));
}

function decode(codes: Int32Array, stage: number, M: number): Op[] {
  const ops: Op[] = new Array(codes.length);
  for (let k = 0; k < codes.length; k++) {
    const kind = Math.floor(codes[k]! / M);
    const microbatch = codes[k]! - kind * M;
    ops[k] = { kind: kind === KIND_F ? 'F' : kind === KIND_I ? 'I' : 'W', stage, microbatch };
  }
  return ops;
}
