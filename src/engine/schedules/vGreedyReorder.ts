/**
 * The greedy "move ops earlier under a memory cap" pass of the V-Half / V-Min builder
 * (vGreedy.ts has the overview and sources; vGreedySlots.ts the plan format).
 *
 * Ops are visited in slot order (ties: lower rank first). A visited op may move to the earliest
 * free slot of its rank that comes after all of its inputs, provided the rank's peak activation
 * count stays within the highest per-rank peak the plans had when the pass started. Ops from the
 * first chunk-0 backward on rank 0 up to the first chunk-0 forward of the last micro-batch are
 * never moved, so the steady-state pattern stays intact; without explicit W ops the warm-up stays
 * put as well.
 *
 * Activation count of a rank, in slot order: an F adds one; a W frees one. With explicit W ops
 * (`withW`) that is the whole model. Without them, each backward leaves one W owed and every empty
 * slot pays one owed W: that is how the W-filling step later places Ws.
 *
 * Speed: the count after every slot is cached per rank. An explicit-W move only shifts the count
 * by a constant between the new and old slot, so the earliest legal slot is found by one backward
 * scan. In the implicit-W mode a trial move is replayed only from the trial slot until the
 * replay agrees with the cache again (from then on the two runs are identical).
 */
import { ScheduleError } from '../errors.ts';
import * as vGreedySlotsModule from './vGreedySlots.ts';
import type { RankPlan } from './vGreedySlots.ts';

// module-local aliases: tsx and vitest read imports through namespace getters, one call per read
// in the search's inner loops (the bundled app is unaffected)
const { CLS_F0, CLS_F1, CLS_I0, CLS_I1, CLS_W, lastSlot, slotTable } = vGreedySlotsModule;

const ACTIVATION_DELTA = [1, 1, 0, 0, -1];

/** k-th smallest (0-based) of the union of two ascending lists. */
export function kthOfTwoSorted(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  let lo = Math.max(0, k + 1 - b.length);
  let hi = Math.min(k + 1, a.length);
  // Find how many of the k+1 smallest come from `a`.
  while (lo < hi) {
    const i = (lo + hi) >> 1;
    const j = k + 1 - i;
    if (j > 0 && i < a.length && a[i] < b[j - 1]) lo = i + 1;
    else hi = i;
  }
  const i = lo;
  const j = k + 1 - i;
  const fromA = i > 0 ? a[i - 1] : -Infinity;
  const fromB = j > 0 ? b[j - 1] : -Infinity;
  return Math.max(fromA, fromB);
}

interface RankState {
  cls: Int8Array;
  mb: Int32Array;
  taken: Uint8Array;
  /** activations alive after each slot */
  live: Int32Array;
  /** Ws owed after each slot (implicit-W mode only) */
  owed: Int32Array;
}

/** Activation count after every slot of a rank, from scratch. */
function fillCache(st: RankState, withW: boolean): void {
  let live = 0;
  let owed = 0;
  for (let t = 0; t < st.cls.length; t++) {
    const c = st.cls[t];
    if (c >= 0) {
      live += ACTIVATION_DELTA[c];
      if (!withW && (c === CLS_I1 || c === CLS_I0)) owed++;
    } else if (!withW && owed > 0) {
      live--;
      owed--;
    }
    st.live[t] = live;
    st.owed[t] = owed;
  }
}

/** Earliest slot at which op (c, mb) of rank r has all its inputs, given the current plans. */
function earliestSlot(plans: RankPlan[], r: number, c: number, mb: number): number {
  const P = plans.length;
  const plan = plans[r];
  let earliest = -1;
  if ((c === CLS_F0 || c === CLS_I1) && r > 0) earliest = Math.max(earliest, plans[r - 1][c][mb]);
  if ((c === CLS_F1 || c === CLS_I0) && r < P - 1) earliest = Math.max(earliest, plans[r + 1][c][mb]);
  if (c >= CLS_F1 && c <= CLS_I0) earliest = Math.max(earliest, plan[c - 1][mb]);
  // A W may run once as many backwards as its index have run on this rank.
  if (c === CLS_W) earliest = Math.max(earliest, kthOfTwoSorted(plan[CLS_I1], plan[CLS_I0], mb));
  if (mb > 0) earliest = Math.max(earliest, plan[c][mb - 1]);
  return earliest + 1;
}

/** Explicit-W mode: earliest free slot in [earliest, slot) that keeps the rank within `cap`. */
function explicitTarget(st: RankState, c: number, earliest: number, slot: number, cap: number): number {
  if (ACTIVATION_DELTA[c] <= 0) {
    // Moving a backward or a W earlier never raises the peak.
    for (let t = earliest; t < slot; t++) if (!st.taken[t]) return t;
    return slot;
  }
  // A forward moved from `slot` to t adds one activation to every slot in [t, slot).
  let target = slot;
  for (let t = slot - 1; t >= earliest && st.live[t] + 1 <= cap; t--) if (!st.taken[t]) target = t;
  return target;
}

/**
 * Implicit-W mode: would moving the op of class c from slot `from` to the empty slot `to` keep
 * the rank within `cap`? With `commit`, the cache is updated to the moved state.
 */
function tryImplicit(st: RankState, c: number, to: number, from: number, cap: number, commit: boolean): boolean {
  let live = to > 0 ? st.live[to - 1] : 0;
  let owed = to > 0 ? st.owed[to - 1] : 0;
  for (let t = to; t < st.cls.length; t++) {
    const here = t === to ? c : t === from ? -1 : st.cls[t];
    if (here >= 0) {
      live += ACTIVATION_DELTA[here];
      if (here === CLS_I1 || here === CLS_I0) owed++;
    } else if (owed > 0) {
      live--;
      owed--;
    }
    if (live > cap) return false;
    if (t >= from && live === st.live[t] && owed === st.owed[t]) return true;
    if (commit) {
      st.live[t] = live;
      st.owed[t] = owed;
    }
  }
  return true;
}

function implicitTarget(st: RankState, c: number, earliest: number, slot: number, cap: number): number {
  for (let t = earliest; t < slot; t++) if (!st.taken[t] && tryImplicit(st, c, t, slot, cap, false)) return t;
  return slot;
}

/**
 * Runs one pass in place on `plans` (4 classes, or 5 with the merged W list when `withW`).
 * Returns nothing; `plans` holds the moved slots afterwards.
 */
export function reorderPass(plans: RankPlan[], withW: boolean, microbatches: number): void {
  const P = plans.length;
  const classes = withW ? 5 : 4;
  let size = 0;
  for (const plan of plans) size = Math.max(size, lastSlot(plan) + 2);

  const states: RankState[] = [];
  let cap = 0;
  for (const plan of plans) {
    const { cls, mb } = slotTable(plan, classes, size);
    const st = { cls, mb, taken: new Uint8Array(size), live: new Int32Array(size), owed: new Int32Array(size) };
    fillCache(st, withW);
    for (let t = 0; t < size; t++) cap = Math.max(cap, st.live[t]);
    states.push(st);
  }

  let phase = 0;
  for (let slot = 0; slot < size; slot++) {
    for (let r = 0; r < P; r++) {
      const st = states[r];
      const c = st.cls[slot];
      if (c === -1 || st.taken[slot]) continue;
      const mb = st.mb[slot];
      if (phase === 0 && c === CLS_I0 && r === 0) phase = 1;
      if (phase === 1 || (phase === 0 && !withW)) {
        if (phase === 1 && c === CLS_F0 && mb === microbatches - 1) phase = 2;
        st.taken[slot] = 1;
        continue;
      }

      const earliest = earliestSlot(plans, r, c, mb);
      if (earliest > slot) {
        throw new ScheduleError({
          field: 'schedule',
          message: `V-Half/V-Min planner found an op in slot ${slot} before its input (internal error).`,
        });
      }
      const target = withW ? explicitTarget(st, c, earliest, slot, cap) : implicitTarget(st, c, earliest, slot, cap);
      if (target !== slot) {
        if (withW) {
          const d = ACTIVATION_DELTA[c];
          for (let t = target; t < slot; t++) st.live[t] += d;
        } else {
          tryImplicit(st, c, target, slot, cap, true);
        }
        st.cls[target] = c;
        st.mb[target] = mb;
        st.cls[slot] = -1;
        plans[r][c][mb] = target;
      }
      st.taken[target] = 1;
    }
  }
}
