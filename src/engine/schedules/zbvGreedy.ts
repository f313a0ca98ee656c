/**
 * ZB-V, automatic variant: the cost- and memory-driven greedy that the Zero Bubble reference
 * runtime uses to build its V-shape schedule (not the handcrafted ZB-V of zbV.ts).
 *
 * What it computes: for P ranks in the V layout (rank r holds chunk 0 = stage r and chunk 1 =
 * stage 2P-1-r) and M micro-batches, rank r's order of F, I (backward for input) and W (backward
 * for weights) ops with global stage and micro-batch ids. The greedy simulates time while it
 * places ops: F / I / W cost their cost units, every cross-rank dependency adds `comm`, and each
 * rank may hold at most 2P forward activations of one chunk. Ws are pulled forward into waits
 * the rank would otherwise idle through. The result depends on the costs.
 *
 * Units: costs in any consistent time unit (unit costs for paper figures; the sail runtime's
 * pre-profiling default is F = I = W = 1000, comm = 1). Activation memory uses the runtime's
 * fixed estimate for one chunk of a hidden-4096, 32-head, seq-4096 layer group (bytes/4096 ratios
 * F : I : W = +194 : -162 : -32); only those ratios and the 2P-forwards cap matter.
 *
 * Sources: sail-sg/zero-bubble-pipeline-parallelism (main, 39f2c18),
 * megatron/core/pipeline_parallel/zerobubble/scheduler/zbv.py, class `PipelineGraph`:
 * `try_v_schedule` (one greedy run, re-run with the previous run's per-rank bubbles as allowance
 * while the worst bubble keeps shrinking) and `create_schedule` (best of the four fill_b /
 * fill_f combinations, first on ties); memory estimate as passed by the runtime
 * (`zerobubble/runtime.py`, max_mem=None → 2·P·f_mem). Method: Qi et al., "Zero Bubble Pipeline
 * Parallelism", ICLR 2024, arXiv 2401.10241, §6 (ZB-V). This is an independent TypeScript
 * implementation checked op by op against the reference's output (fixtures/golden/sail-zb/ZBV_*).
 *
 * Cost: O(P·M) per greedy run (worst-bubble queries use a running maximum).
 */
import { ScheduleError } from '../errors.ts';
import type { OpColumns } from '../columns.ts';
import { orderColumns, runZbvAttempt, type ZbvAttempt } from './zbvGreedyRun.ts';

export interface GreedyCosts {
  F: number;
  I: number;
  W: number;
  comm: number;
}

function checkInputs(ranks: number, microbatches: number, costs: GreedyCosts): void {
  if (!Number.isInteger(ranks) || ranks < 1) {
    throw new ScheduleError({ field: 'ranks', message: `ZB-V (automatic) needs an integer number of ranks of at least 1, got ${ranks}.` });
  }
  if (!Number.isInteger(microbatches) || microbatches < 1) {
    throw new ScheduleError({
      field: 'microbatches',
      message: `ZB-V (automatic) needs an integer number of micro-batches of at least 1, got ${microbatches}.`,
    });
  }
  for (const key of ['F', 'I', 'W', 'comm'] as const) {
    const v = costs[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new ScheduleError({ field: key, message: `ZB-V (automatic) cost ${key} must be a finite number ≥ 0, got ${v}.` });
    }
  }
  // The reference divides the bubble by the total compute time 2·M·(F+I+W) and fails on 0.
  if (costs.F + costs.I + costs.W === 0) {
    throw new ScheduleError({
      field: 'F',
      message: 'ZB-V (automatic) needs F + I + W > 0, got F = I = W = 0 (sail zbv.py divides by the total compute time).',
    });
  }
}

/**
 * One flag combination: run the greedy, then keep re-running it with the last run's per-rank
 * bubbles as allowance while that strictly lowers the worst rank bubble; the last improving run
 * wins. Bubbles are never negative, so a run with none cannot be beaten and ends the search
 * early (same result as the reference, which runs one more time and discards it).
 */
function refine(P: number, M: number, costs: GreedyCosts, fillF: boolean, fillB: boolean, scratch: Float64Array): ZbvAttempt {
  let best = runZbvAttempt(P, M, costs, fillF, fillB, null, scratch);
  for (;;) {
    if (best.maxBubble <= 0) return best;
    const next = runZbvAttempt(P, M, costs, fillF, fillB, best.rankBubble, scratch);
    if (!(next.maxBubble < best.maxBubble)) return best;
    best = next;
  }
}

/** Rank r's op order for the automatic ZB-V schedule under the given costs. */
export function zbvGreedyOrder(ranks: number, microbatches: number, costs: GreedyCosts): OpColumns {
  checkInputs(ranks, microbatches, costs);
  const P = ranks;
  const scratch = new Float64Array(6 * P * microbatches);
  let best: ZbvAttempt | null = null;
  for (const fillB of [true, false]) {
    for (const fillF of [true, false]) {
      // Only a strictly smaller worst bubble replaces the incumbent, so after a bubble-free
      // schedule the remaining combinations cannot change the answer.
      if (best !== null && best.maxBubble <= 0) break;
      const run = refine(P, microbatches, costs, fillF, fillB, scratch);
      if (best === null || run.maxBubble < best.maxBubble) best = run;
    }
  }
  return orderColumns(best!, P, microbatches);
}
