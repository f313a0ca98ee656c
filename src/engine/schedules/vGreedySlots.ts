/**
 * Slot plans for the V-Half / V-Min builder (see vGreedy.ts for the algorithm and sources).
 *
 * A slot plan gives, for one rank, the integer time slot of every op, grouped into lists by op
 * class: `plan[c][mb]` = slot of the mb-th op of class c on that rank. Slots are unit steps
 * (every op lasts one slot in the planning passes; real costs never enter the op order). Within
 * one rank no two ops share a slot, and each class list is strictly increasing.
 *
 * Op classes on rank r of the V layout (rank r holds stage r as chunk 0, stage 2P-1-r as chunk 1):
 *   0 = F of chunk 0 (flows down the ranks), 1 = F of chunk 1 (flows back up),
 *   2 = I of chunk 1 (the first backward; flows down), 3 = I of chunk 0 (flows back up),
 *   4 = W (merged over both chunks, in backward order) or, in a split plan, W of chunk 1,
 *   5 = W of chunk 0 (split plans only).
 */
import { ScheduleError } from '../errors.ts';

export type RankPlan = Int32Array[];

export const CLS_F0 = 0;
export const CLS_F1 = 1;
export const CLS_I1 = 2;
export const CLS_I0 = 3;
export const CLS_W = 4;

/** Largest slot used by any op of the plan. */
export function lastSlot(plan: RankPlan): number {
  let max = -1;
  for (const list of plan) if (list.length > 0) max = Math.max(max, list[list.length - 1]);
  return max;
}

/**
 * Per-slot occupancy of the first `classes` lists: class id (or -1 for an empty slot) and the
 * op's micro-batch index. The planning rules never put two ops in one slot; if that ever broke,
 * every later pass would silently misplace ops, so it fails loudly instead.
 */
export function slotTable(plan: RankPlan, classes: number, size: number): { cls: Int8Array; mb: Int32Array } {
  const cls = new Int8Array(size).fill(-1);
  const mb = new Int32Array(size);
  for (let c = 0; c < classes; c++) {
    const list = plan[c];
    for (let i = 0; i < list.length; i++) {
      const t = list[i];
      if (cls[t] !== -1) throw new ScheduleError(`V-Half/V-Min planner put two ops into slot ${t} of one rank (internal error).`);
      cls[t] = c;
      mb[t] = i;
    }
  }
  return { cls, mb };
}

/**
 * Adds weight-gradient ops to a plan of F/I slots: every empty slot takes one pending W (a W
 * becomes pending when its I is placed), and the Ws still pending after the last op follow it
 * back to back. Merged mode keeps one W list in backward order; split mode keeps one list per
 * chunk and, when both have pending Ws, serves the chunk-1 one (class 4) before chunk 0 (class 5),
 * as the reference's `put_w` does.
 */
export function withWeightSlots(plan: RankPlan, split: boolean): RankPlan {
  const bound = lastSlot(plan);
  const { cls } = slotTable(plan, 4, bound + 1);
  const pending = [0, 0];
  const wLists = split
    ? [new Int32Array(plan[CLS_I1].length), new Int32Array(plan[CLS_I0].length)]
    : [new Int32Array(plan[CLS_I1].length + plan[CLS_I0].length)];
  const filled = [0, 0];
  for (let t = 0; t <= bound; t++) {
    const c = cls[t];
    if (c === CLS_I1 || c === CLS_I0) {
      pending[split && c === CLS_I0 ? 1 : 0]++;
    } else if (c === -1) {
      const k = pending[0] > 0 ? 0 : pending[1] > 0 ? 1 : -1;
      if (k >= 0) {
        wLists[k][filled[k]++] = t;
        pending[k]--;
      }
    }
  }
  let t = bound;
  for (let k = 0; k < wLists.length; k++) {
    while (pending[k] > 0) {
      wLists[k][filled[k]++] = ++t;
      pending[k]--;
    }
  }
  return [...plan.slice(0, 4).map((l) => l.slice()), ...wLists];
}

/**
 * Re-times 5-class plans (merged W) as if every op took one slot and cross-rank transfers were
 * free, each op starting as early as its inputs and its rank allow while keeping the per-rank
 * order. This is the paper's "squeeze" step that removes the holes a reordering pass leaves;
 * it returns the new start slots in the same shape.
 */
export function squeezeUnitTime(plans: RankPlan[]): RankPlan[] {
  const P = plans.length;
  const size = Math.max(...plans.map(lastSlot)) + 1;
  const tables = plans.map((plan) => slotTable(plan, 5, size));
  const ends = plans.map((plan) => plan.map((list) => new Int32Array(list.length).fill(-1)));
  const lastEnd = new Array<number>(P).fill(0);
  const need = (v: number): number => {
    if (v < 0) throw new ScheduleError('V-Half/V-Min planner met an op before its input (internal error).');
    return v;
  };
  // Dependencies always sit in earlier slots, so sweeping slots (ranks in order within a slot)
  // visits every op after everything it waits for.
  for (let t = 0; t < size; t++) {
    for (let r = 0; r < P; r++) {
      const c = tables[r].cls[t];
      if (c === -1) continue;
      const mb = tables[r].mb[t];
      let start = lastEnd[r];
      if ((c === CLS_F0 || c === CLS_I1) && r > 0) start = Math.max(start, need(ends[r - 1][c][mb]));
      if ((c === CLS_F1 || c === CLS_I0) && r < P - 1) start = Math.max(start, need(ends[r + 1][c][mb]));
      if (c >= CLS_F1 && c <= CLS_I0) start = Math.max(start, need(ends[r][c - 1][mb]));
      if (mb > 0) start = Math.max(start, need(ends[r][c][mb - 1]));
      ends[r][c][mb] = start + 1;
      lastEnd[r] = start + 1;
    }
  }
  for (const plan of ends) for (const list of plan) for (let i = 0; i < list.length; i++) list[i] -= 1;
  return ends;
}
