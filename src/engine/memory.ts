/**
 * Activation memory rules (docs/schedules.md §1.4; Zero Bubble paper §2, M_B): a forward half
 * allocates the activation of its micro-batch on its stage at its start; the backward that
 * consumes it frees it at its end: a full B, or, with the backward split, the W (conservative,
 * `releaseAt: 'W'`) or the I (the ZB paper's optimistic M_B ≈ A). An FB pair allocates its forward
 * half's and frees its backward half's (dependencies.ts halves), the allocation first.
 *
 * Units: A = one micro-batch through one model part (1/modelParts of the model). Amounts per stage
 * come from the costs' memory model (costs file `memory`, sail-sg `GraphConfig` mem_f/mem_b/mem_w;
 * costs.ts `stageMemoryOf`, default F 1, I 0, W −1): F allocates memory.F[s]; released at W, I
 * frees −memory.I[s] and W −memory.W[s]; released at I, I frees all of memory.F[s] and W nothing;
 * a full B frees memory.F[s]. Amounts are then in the memory model's unit.
 *
 * Sequence splits (Seq1F1B, K = `schedule.seqSplits` chunks per micro-batch): each op moves A/K.
 * Amounts are summed whole and divided by K once per reported value, so the counts stay exact.
 */
import type { OpColumns } from './columns.ts';
import { stageMemoryOf } from './costs.ts';
import { FB_HALVES, halfStage } from './dependencies.ts';
import type { Costs, Op, OpKind, Schedule, SimpleKind, TimedOp, Timeline } from './types.ts';
import { timelineColumns, type TimelineColumns } from './views.ts';

export type ReleaseAt = 'I' | 'W';

/** The rule per half: a forward allocates; a full backward, or the split backward's releasing half, frees. */
const allocatesKind = (kind: SimpleKind) => kind === 'F';
const freesKind = (kind: SimpleKind, releaseAt: ReleaseAt) => kind === 'B' || kind === releaseAt;

// The rule per op kind, read once from its halves (kind codes = the columns' codes, columns.ts): which half allocates and which frees (-1: none;
// no op has two). Typed tables by kind code, because the activation strip asks for every op.
const OP_KINDS: readonly OpKind[] = ['F', 'B', 'I', 'W', 'FB'];
const halfKinds = (k: OpKind): readonly SimpleKind[] => (k === 'FB' ? FB_HALVES : [k]);
const ALLOC_HALF = Int8Array.from(OP_KINDS, (k) => halfKinds(k).findIndex(allocatesKind));
const FREE_HALF = {
  I: Int8Array.from(OP_KINDS, (k) => halfKinds(k).findIndex((h) => freesKind(h, 'I'))),
  W: Int8Array.from(OP_KINDS, (k) => halfKinds(k).findIndex((h) => freesKind(h, 'W'))),
};
/** The half that may free memory at all (its amount may be 0): the op's backward half (B, I or W), if any. */
const RELEASING_HALF = Int8Array.from(OP_KINDS, (k) => halfKinds(k).findIndex((h) => !allocatesKind(h)));
// the simple kind code of that half (F 0, B 1, I 2, W 3: OP_KINDS order), the row of ActivationRule.freed
const RELEASING_KIND = Int8Array.from(OP_KINDS, (k, c) => (RELEASING_HALF[c] < 0 ? 0 : OP_KINDS.indexOf(halfKinds(k)[RELEASING_HALF[c]])));

function opKindCode(kind: OpKind): number {
  return kind === 'F' ? 0 : kind === 'B' ? 1 : kind === 'I' ? 2 : kind === 'W' ? 3 : 4;
}

/** The rule compiled for one schedule and costs: amounts per stage, whole (divide by `per`). */
export interface ActivationRule {
  releaseAt: ReleaseAt;
  /** K sequence splits per micro-batch (1 without): a reported amount is the sum over `per` */
  per: number;
  numStages: number;
  /** allocated by a forward on stage s */
  allocated: Float64Array;
  /** freed by a half of simple kind code c (F 0, B 1, I 2, W 3) on stage s, at [c · S + s] */
  freed: Float64Array;
}

/** The rule for a schedule under its costs (their memory model, or one A per forward). */
export function activationRule(t: { schedule: Schedule; costs: Costs }, releaseAt: ReleaseAt = 'W'): ActivationRule {
  const S = t.schedule.topology.numStages;
  const m = stageMemoryOf(t.costs, S);
  const freed = new Float64Array(4 * S);
  for (let s = 0; s < S; s++) {
    freed[S + s] = m.F[s]!;
    freed[2 * S + s] = releaseAt === 'I' ? m.F[s]! : -m.I[s]!;
    freed[3 * S + s] = releaseAt === 'W' ? -m.W[s]! : 0;
  }
  return { releaseAt, per: t.schedule.seqSplits ?? 1, numStages: S, allocated: Float64Array.from(m.F), freed };
}

function allocatedWhole(rule: ActivationRule, op: Op, code: number): number {
  const h = ALLOC_HALF[code];
  return h < 0 ? 0 : rule.allocated[halfStage(op, h)];
}

function freedWhole(rule: ActivationRule, op: Op, code: number): number {
  const h = RELEASING_HALF[code];
  return h < 0 ? 0 : rule.freed[RELEASING_KIND[code] * rule.numStages + halfStage(op, h)];
}

// The same per row of the columns: half 0 is the row's stage, half 1 an FB's backward stage.
function allocatedRow(rule: ActivationRule, c: OpColumns, i: number): number {
  const h = ALLOC_HALF[c.kind[i]];
  return h < 0 ? 0 : rule.allocated[h === 0 ? c.stage[i] : c.bstage[i]];
}

function freedRow(rule: ActivationRule, c: OpColumns, i: number): number {
  const code = c.kind[i];
  const h = RELEASING_HALF[code];
  return h < 0 ? 0 : rule.freed[RELEASING_KIND[code] * rule.numStages + (h === 0 ? c.stage[i] : c.bstage[i])];
}

function freesRow(rule: ActivationRule, c: OpColumns, i: number): boolean {
  return FREE_HALF[rule.releaseAt][c.kind[i]] >= 0 || freedRow(rule, c, i) !== 0;
}

/** Whether the op has an allocation event at its start (even of 0). */
export function allocates(op: Op): boolean {
  return ALLOC_HALF[opKindCode(op.kind)] >= 0;
}

/** Whether the op has a release event at its end: the rule's releasing halves, and any half that frees some memory. */
export function frees(rule: ActivationRule, op: Op): boolean {
  const code = opKindCode(op.kind);
  return FREE_HALF[rule.releaseAt][code] >= 0 || freedWhole(rule, op, code) !== 0;
}

/** Activation the op allocates at its start, A (0: it allocates none). */
export function allocatedAtStart(rule: ActivationRule, op: Op): number {
  return allocatedWhole(rule, op, opKindCode(op.kind)) / rule.per;
}

/** Activation the op frees at its end, A (0: it frees none). */
export function freedAtEnd(rule: ActivationRule, op: Op): number {
  return freedWhole(rule, op, opKindCode(op.kind)) / rule.per;
}

/** Most activation alive at once along one rank's op order, A: the peak sits between an allocation and the next release. */
export function peakActivation(ops: readonly Op[], rule: ActivationRule): number {
  let alive = 0;
  let peak = 0;
  for (const op of ops) {
    const code = opKindCode(op.kind);
    alive += allocatedWhole(rule, op, code);
    if (alive > peak) peak = alive;
    alive -= freedWhole(rule, op, code);
  }
  return peak / rule.per;
}

/** `peakActivation` of rank r's rows of the columns. */
export function peakActivationOfRank(c: OpColumns, r: number, rule: ActivationRule): number {
  let alive = 0;
  let peak = 0;
  for (let i = c.rankStart[r]; i < c.rankStart[r + 1]; i++) {
    alive += allocatedRow(rule, c, i);
    if (alive > peak) peak = alive;
    alive -= freedRow(rule, c, i);
  }
  return peak / rule.per;
}

/**
 * `peakActivationOfRank` under two rules of one schedule (the two release points) in one pass over
 * the rank's rows: writes the peaks to out[0] and out[1]. The rules allocate alike (a forward's
 * amount on its stage); only what they free differs.
 */
export function peakActivationsOfRank(c: OpColumns, r: number, a: ActivationRule, b: ActivationRule, out: Float64Array): void {
  const { kind, stage, bstage } = c;
  const S = a.numStages;
  let aliveA = 0;
  let aliveB = 0;
  let peakA = 0;
  let peakB = 0;
  for (let i = c.rankStart[r]; i < c.rankStart[r + 1]; i++) {
    const code = kind[i];
    const h = ALLOC_HALF[code];
    if (h >= 0) {
      const add = a.allocated[h === 0 ? stage[i] : bstage[i]];
      aliveA += add;
      aliveB += add;
      if (aliveA > peakA) peakA = aliveA;
      if (aliveB > peakB) peakB = aliveB;
    }
    const f = RELEASING_HALF[code];
    if (f >= 0) {
      const at = RELEASING_KIND[code] * S + (f === 0 ? stage[i] : bstage[i]);
      aliveA -= a.freed[at];
      aliveB -= b.freed[at];
    }
  }
  out[0] = peakA / a.per;
  out[1] = peakB / b.per;
}

/**
 * Activation alive along one rank's timed ops as flat steps [t0, A0, t1, A1, ...] from [0, 0], each
 * allocation at its op's start and each release at its end: the columnar form the activation
 * strip draws (at P=64/M=512 the [t, A] pairs cost more than the simulation).
 */
export function activationSteps(ops: readonly TimedOp[], rule: ActivationRule): Float64Array {
  let n = 2;
  for (const { op } of ops) n += (allocates(op) ? 2 : 0) + (frees(rule, op) ? 2 : 0);
  const s = new Float64Array(n);
  let k = 2;
  let alive = 0;
  for (const { op, start, end } of ops) {
    const code = opKindCode(op.kind);
    if (ALLOC_HALF[code] >= 0) {
      s[k++] = start;
      s[k++] = (alive += allocatedWhole(rule, op, code)) / rule.per;
    }
    if (frees(rule, op)) {
      s[k++] = end;
      s[k++] = (alive -= freedWhole(rule, op, code)) / rule.per;
    }
  }
  return s;
}

/** `activationSteps` of rank r of a timeline's columns (views.ts `timelineColumns`). */
export function rankActivationSteps(t: TimelineColumns, r: number, rule: ActivationRule): Float64Array {
  const c = t.ops;
  const a = c.rankStart[r];
  const b = c.rankStart[r + 1];
  let n = 2;
  for (let i = a; i < b; i++) n += (ALLOC_HALF[c.kind[i]] >= 0 ? 2 : 0) + (freesRow(rule, c, i) ? 2 : 0);
  const s = new Float64Array(n);
  let k = 2;
  let alive = 0;
  for (let i = a; i < b; i++) {
    if (ALLOC_HALF[c.kind[i]] >= 0) {
      s[k++] = t.start[i];
      s[k++] = (alive += allocatedRow(rule, c, i)) / rule.per;
    }
    if (freesRow(rule, c, i)) {
      s[k++] = t.end[i];
      s[k++] = (alive -= freedRow(rule, c, i)) / rule.per;
    }
  }
  return s;
}

/**
 * Activation alive on rank r right after each of its allocations, A, written to out[row] for the
 * rank's rows that allocate (other rows are left as they are): releases come at op ends, and an
 * allocation sees every release that ended by its start (a memory limit's test, docs/units.md §2.1).
 */
export function rankAliveAtAllocations(t: TimelineColumns, r: number, rule: ActivationRule, out: Float64Array): void {
  const c = t.ops;
  const { start, end } = t;
  const a = c.rankStart[r];
  const b = c.rankStart[r + 1];
  // the rows that release, in end order (a built timeline's ends already are; an imported one's may not be)
  const releases: number[] = [];
  let sorted = true;
  for (let i = a; i < b; i++) {
    if (freedRow(rule, c, i) === 0) continue;
    if (releases.length > 0 && end[i] < end[releases[releases.length - 1]]) sorted = false;
    releases.push(i);
  }
  if (!sorted) releases.sort((x, y) => end[x] - end[y]);
  let alive = 0;
  let k = 0;
  for (let i = a; i < b; i++) {
    while (k < releases.length && end[releases[k]] <= start[i]) alive -= freedRow(rule, c, releases[k++]) / rule.per;
    if (ALLOC_HALF[c.kind[i]] < 0) continue;
    alive += allocatedRow(rule, c, i) / rule.per;
    out[i] = alive;
  }
}

/** Activation alive on one rank over time: step points [time, A], each allocation at its op's start. */
export function activationSeries(t: Timeline, rank: number, releaseAt: ReleaseAt = 'W'): [number, number][] {
  const s = rankActivationSteps(timelineColumns(t), rank, activationRule(t, releaseAt));
  const points: [number, number][] = [];
  for (let k = 0; k < s.length; k += 2) points.push([s[k], s[k + 1]]);
  return points;
}

/** Activation alive on one rank once each of its ops has ended, A, in op order. */
export function activationsAfterOps(t: Timeline, rank: number, releaseAt: ReleaseAt = 'W'): number[] {
  const rule = activationRule(t, releaseAt);
  const c = timelineColumns(t).ops;
  const out: number[] = [];
  let alive = 0;
  for (let i = c.rankStart[rank]; i < c.rankStart[rank + 1]; i++)
    out.push((alive += allocatedRow(rule, c, i) - freedRow(rule, c, i)) / rule.per);
  return out;
}
