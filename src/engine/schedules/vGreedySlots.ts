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
      if (cls[t] !== -1)
        throw new ScheduleError({
          field: 'schedule',
          message: `V-Half/V-Min planner put two ops into slot ${t} of one rank (internal error).`,
        });
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
  // Lists 0 and 1 of the W output: chunk-1 Ws (or all Ws when merged), then chunk-0 Ws.
  const list0 = new Int32Array(split ? plan[CLS_I1].length : plan[CLS_I1].length + plan[CLS_I0].length);
  const list1 = new Int32Array(split ? plan[CLS_I0].length : 0);
  let owed0 = 0;
  let owed1 = 0;
  let n0 = 0;
  let n1 = 0;
  for (let t = 0; t <= bound; t++) {
    const c = cls[t];
    if (c === CLS_I1 || (c === CLS_I0 && !split)) owed0++;
    else if (c === CLS_I0) owed1++;
    else if (c === -1) {
      if (owed0 > 0) {
        list0[n0++] = t;
        owed0--;
      } else if (owed1 > 0) {
        list1[n1++] = t;
        owed1--;
      }
    }
  }
  let t = bound;
  while (owed0-- > 0) list0[n0++] = ++t;
  while (owed1-- > 0) list1[n1++] = ++t;
  const out: RankPlan = [];
  for (let c = 0; c < 4; c++) out.push(plan[c].slice());
  out.push(list0);
  if (split) out.push(list1);
  return out;
}

/**
 * Re-times 5-class plans (merged W) as if every op took one slot and cross-rank transfers were
 * free, each op starting as early as its inputs and its rank allow while keeping the per-rank
 * order. This is the paper's "squeeze" step that removes the holes a reordering pass leaves;
 * it returns the new start slots in the same shape.
 */
export function squeezeUnitTime(plans: RankPlan[]): RankPlan[] {
  const P = plans.length;
  let size = 0;
  for (const plan of plans) size = Math.max(size, lastSlot(plan) + 1);
  const cls: Int8Array[] = [];
  const mbs: Int32Array[] = [];
  const ends: RankPlan[] = [];
  for (const plan of plans) {
    const table = slotTable(plan, 5, size);
    cls.push(table.cls);
    mbs.push(table.mb);
    const rankEnds: RankPlan = [];
    for (let c = 0; c < 5; c++) rankEnds.push(new Int32Array(plan[c].length).fill(-1));
    ends.push(rankEnds);
  }
  const lastEnd = new Int32Array(P);
  let missingInput = false;
  // Dependencies always sit in earlier slots, so sweeping slots (ranks in order within a slot)
  // visits every op after everything it waits for.
  for (let t = 0; t < size; t++) {
    for (let r = 0; r < P; r++) {
      const c = cls[r][t];
      if (c === -1) continue;
      const mb = mbs[r][t];
      const own = ends[r];
      // Inputs: the same leg on the neighbouring rank, the previous leg of this micro-batch on
      // this rank, the previous micro-batch of this class. Unfinished inputs read as -1.
      let start = lastEnd[r];
      let input = 0;
      if ((c === CLS_F0 || c === CLS_I1) && r > 0) input = ends[r - 1][c][mb];
      else if ((c === CLS_F1 || c === CLS_I0) && r < P - 1) input = ends[r + 1][c][mb];
      if (input < 0) missingInput = true;
      start = Math.max(start, input);
      if (c >= CLS_F1 && c <= CLS_I0) {
        input = own[c - 1][mb];
        if (input < 0) missingInput = true;
        start = Math.max(start, input);
      }
      if (mb > 0) {
        input = own[c][mb - 1];
        if (input < 0) missingInput = true;
        start = Math.max(start, input);
      }
      own[c][mb] = start + 1;
      lastEnd[r] = start + 1;
    }
  }
  if (missingInput)
    throw new ScheduleError({ field: 'schedule', message: 'V-Half/V-Min planner met an op before its input (internal error).' });
  for (const rankEnds of ends) for (const list of rankEnds) for (let i = 0; i < list.length; i++) list[i] -= 1;
  return ends;
}
