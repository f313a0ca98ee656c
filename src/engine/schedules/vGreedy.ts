/**
 * V-Half and V-Min: the controllable-memory V-shape schedules of Qi et al., "Pipeline
 * Parallelism with Controllable Memory" (arXiv 2405.15362, 2024), built the way the authors'
 * code builds them.
 *
 * What it computes: for P ranks in the V layout (rank r holds stage r and stage 2P-1-r) and M
 * micro-batches, rank r's order of F (forward), I (backward for input) and W (backward for
 * weights) ops, with global stage and micro-batch ids. V-Half keeps about half of 1F1B's peak
 * activation memory, V-Min about a third: with M ≥ 2P the orders peak at exactly (P+2)//2 and
 * (P+4)//3 activations of a 1F1B stage (2 V-chunk activations each, counting F as +1 and its W
 * as -1), the figures of the authors' summary table (vGreedy.test.ts checks P ≤ 16).
 *
 * How (paper §3 building blocks, §4 V-shape blocks, squeeze and reorder; reference implementation
 * sail-sg/zero-bubble-pipeline-parallelism, main 39f2c18,
 * megatron/core/pipeline_parallel/zerobubble/scheduler/zbv_greedy.py, class `PipelineGraph`:
 * `stable_pattern_v_half` / `stable_pattern_v_min`, `put_w`, `mem_of_stage`, `reorder`,
 * `eager_execution_time`, `schedule_from_pattern`, `create_schedule`):
 *  1. Every rank repeats a fixed building block of period 6 slots: its four op classes (F and I
 *     of both chunks) start at rank-dependent offsets (`blockOffsets`), one micro-batch per block.
 *  2. Ws are dropped into empty slots; a greedy pass moves ops to earlier free slots without
 *     raising the peak activation count; the plan is squeezed (unit-time list scheduling).
 *  3. Ws are removed and the pass is repeated for the cool-down only, with Ws implied by empty
 *     slots, then squeezed again.
 *  4. Ws are put back per chunk and each rank's ops are read off in slot order.
 * Every step works in unit slots, so the order does not depend on F/I/W/comm costs (the
 * reference only uses costs to report the timeline); `costs` is only validated, including the
 * reference's one rejection: a zero-length timeline (F = I = W = 0 and comm = 0 or P = 1).
 *
 * This is an independent TypeScript implementation, checked op by op against the reference's
 * output (fixtures/golden/sail-zb/VHalf_*, VMin_*). Cost: O(P·M) slots plus the moves' scans;
 * P = 64, M = 512 runs in well under a second.
 */
import * as columns from '../columns.ts';
import { ScheduleError } from '../errors.ts';
import { reorderPass } from './vGreedyReorder.ts';
import { lastSlot, slotTable, squeezeUnitTime, withWeightSlots, type RankPlan } from './vGreedySlots.ts';

export interface GreedyCosts {
  F: number;
  I: number;
  W: number;
  comm: number;
}

export type VGreedyVariant = 'half' | 'min';

/** Length of the repeating building block, in slots. */
const PERIOD = 6;

/**
 * First-block slots of [F chunk 0, F chunk 1, I chunk 1, I chunk 0] on each rank (paper Fig. 4/5
 * building blocks; the extra gap when P is even (V-Half) or a multiple of 3 (V-Min) keeps the
 * four classes in distinct residues mod 6, so blocks never collide).
 */
export function blockOffsets(P: number, variant: VGreedyVariant): number[][] {
  const rows: number[][] = [];
  if (variant === 'half') {
    const gap = P % 2 === 0 ? 3 : 0;
    for (let r = 0; r < P; r++) rows.push([2 * r, 3 * P - r - 2, 3 * P + gap + 2 * r - 1, 6 * P + gap - r - 2]);
  } else {
    const gap = P % 3 === 0 ? 2 : 0;
    for (let r = 0; r < P; r++) rows.push([r, 2 * P - r - 1, 2 * P + gap + r, 4 * P + gap - r - 1]);
  }
  return rows;
}

function checkInputs(ranks: number, microbatches: number, variant: string, costs: GreedyCosts): void {
  if (!Number.isInteger(ranks) || ranks < 1) {
    throw new ScheduleError({ field: 'ranks', message: `V-Half/V-Min needs an integer number of ranks of at least 1, got ${ranks}.` });
  }
  if (!Number.isInteger(microbatches) || microbatches < 1) {
    throw new ScheduleError({
      field: 'microbatches',
      message: `V-Half/V-Min needs an integer number of micro-batches of at least 1, got ${microbatches}.`,
    });
  }
  if (variant !== 'half' && variant !== 'min') {
    throw new ScheduleError({ field: 'schedule', message: `V-Greedy variant must be 'half' or 'min', got '${variant}'.` });
  }
  for (const key of ['F', 'I', 'W', 'comm'] as const) {
    const v = costs[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new ScheduleError({ field: key, message: `V-Half/V-Min cost ${key} must be a finite number ≥ 0, got ${v}.` });
    }
  }
  // The reference reports its bubble rate by dividing by the schedule's length and fails when
  // that length is 0, which happens exactly when no op and no transfer takes time.
  if (costs.F === 0 && costs.I === 0 && costs.W === 0 && (costs.comm === 0 || ranks === 1)) {
    throw new ScheduleError({
      field: 'F',
      message: `V-Half/V-Min needs a schedule of positive length, got F = I = W = 0 with ${ranks === 1 ? 'a single rank' : 'comm = 0'} (sail zbv_greedy.py divides by that length).`,
    });
  }
}

const dropW = (plans: RankPlan[]): RankPlan[] => plans.map((plan) => plan.slice(0, 4));

/** Rank r's op order for V-Half (`'half'`) or V-Min (`'min'`). */
export function vGreedyOrder(ranks: number, microbatches: number, variant: VGreedyVariant, costs: GreedyCosts): columns.OpColumns {
  checkInputs(ranks, microbatches, variant, costs);
  const P = ranks;
  const M = microbatches;

  const block: RankPlan[] = blockOffsets(P, variant).map((row) =>
    row.map((first) => {
      const list = new Int32Array(M);
      for (let mb = 0; mb < M; mb++) list[mb] = first + PERIOD * mb;
      return list;
    }),
  );

  // Pass 1 tightens warm-up and cool-down; Ws sit in explicit slots so a moved W frees memory
  // exactly where it lands.
  const pass1 = block.map((plan) => withWeightSlots(plan, false));
  reorderPass(pass1, true, M);
  const squeezed1 = dropW(squeezeUnitTime(pass1));

  // Pass 2 tightens the cool-down again after the squeeze; Ws are left implicit so they re-flow
  // into whatever holes the moved ops leave.
  reorderPass(squeezed1, false, M);
  const squeezed2 = dropW(squeezeUnitTime(squeezed1.map((plan) => withWeightSlots(plan, false))));

  const final = squeezed2.map((plan) => withWeightSlots(plan, true));
  const out = new OpColumnsBuilder(6 * P * M);
  final.forEach((plan, r) => rankOps(out, plan, r, P));
  return out.finish();
}

// module-local aliases (simulate.ts explains why)
const { OP_F, OP_I, OP_W, OpColumnsBuilder } = columns;
/** Class id (classes as in vGreedySlots.ts, split W lists) → kind code, and whether its stage is the rank's high one. */
const CLASS_KIND = Int32Array.of(OP_F, OP_F, OP_I, OP_I, OP_W, OP_W);
const CLASS_HIGH = Uint8Array.of(0, 1, 1, 0, 1, 0);

/** Appends rank r's ops to `out` in slot order. */
function rankOps(out: columns.OpColumnsBuilder, plan: RankPlan, r: number, P: number): void {
  const low = r;
  const high = 2 * P - 1 - r;
  // Slots within a rank are distinct, so a slot-indexed table yields the order without sorting.
  const { cls, mb } = slotTable(plan, plan.length, lastSlot(plan) + 1);
  for (let t = 0; t < cls.length; t++) {
    const c = cls[t];
    if (c >= 0) out.op(CLASS_KIND[c], CLASS_HIGH[c] ? high : low, mb[t]);
  }
  out.endRank();
}
