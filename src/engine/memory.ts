/**
 * Activation memory rules (docs/schedules.md §1.4; Zero Bubble paper §2, M_B): a forward half
 * allocates the activation of its micro-batch on its stage at its start; the backward that
 * consumes it frees it at its end: a full B, or, with the backward split, the W (conservative,
 * `releaseAt: 'W'`) or the I (the ZB paper's optimistic M_B ≈ A). An FB pair allocates its forward
 * half's and frees its backward half's (dependencies.ts halves), the allocation first.
 *
 * Units: A = one micro-batch through one model part (1/modelParts of the model). `perStage[s]`
 * is the activation one micro-batch leaves on stage s, in A (default 1 on every stage): stage- or
 * layer-dependent memory plugs in there without touching the rules.
 */
import { FB_HALVES, halfStage } from './dependencies.ts';
import type { Op, OpKind, SimpleKind, TimedOp, Timeline } from './types.ts';

export type ReleaseAt = 'I' | 'W';

/** Activation per micro-batch on each stage, A; absent = 1 everywhere. */
export type StageMemory = ArrayLike<number> | undefined;

/** The rule per half: a forward allocates; a full backward, or the split backward's releasing half, frees. */
const allocatesKind = (kind: SimpleKind) => kind === 'F';
const freesKind = (kind: SimpleKind, releaseAt: ReleaseAt) => kind === 'B' || kind === releaseAt;

// The rule per op kind, read once from its halves: which half allocates and which frees (-1: none;
// no op has two). Typed tables by kind code, because the activation strip asks for every op.
const OP_KINDS: readonly OpKind[] = ['F', 'B', 'I', 'W', 'FB'];
const halfKinds = (k: OpKind): readonly SimpleKind[] => (k === 'FB' ? FB_HALVES : [k]);
const ALLOC_HALF = Int8Array.from(OP_KINDS, (k) => halfKinds(k).findIndex(allocatesKind));
const FREE_HALF = {
  I: Int8Array.from(OP_KINDS, (k) => halfKinds(k).findIndex((h) => freesKind(h, 'I'))),
  W: Int8Array.from(OP_KINDS, (k) => halfKinds(k).findIndex((h) => freesKind(h, 'W'))),
};

function opKindCode(kind: OpKind): number {
  return kind === 'F' ? 0 : kind === 'B' ? 1 : kind === 'I' ? 2 : kind === 'W' ? 3 : 4;
}

const amount = (op: Op, h: number, perStage: StageMemory) => (h < 0 ? 0 : perStage ? perStage[halfStage(op, h)] : 1);

/** Whether the op has an allocation event at its start / a release event at its end (even of 0 A). */
export function allocates(op: Op): boolean {
  return ALLOC_HALF[opKindCode(op.kind)] >= 0;
}

export function frees(op: Op, releaseAt: ReleaseAt = 'W'): boolean {
  return FREE_HALF[releaseAt][opKindCode(op.kind)] >= 0;
}

/** Activation the op allocates at its start, A (0: it allocates none). */
export function allocatedAtStart(op: Op, perStage?: StageMemory): number {
  return amount(op, ALLOC_HALF[opKindCode(op.kind)], perStage);
}

/** Activation the op frees at its end, A (0: it frees none). */
export function freedAtEnd(op: Op, releaseAt: ReleaseAt = 'W', perStage?: StageMemory): number {
  return amount(op, FREE_HALF[releaseAt][opKindCode(op.kind)], perStage);
}

/** Most activation alive at once along one rank's op order, A: the peak sits between an allocation and the next release. */
export function peakActivation(ops: readonly Op[], releaseAt: ReleaseAt = 'W', perStage?: StageMemory): number {
  let alive = 0;
  let peak = 0;
  for (const op of ops) {
    if (allocates(op)) peak = Math.max(peak, (alive += allocatedAtStart(op, perStage)));
    if (frees(op, releaseAt)) alive -= freedAtEnd(op, releaseAt, perStage);
  }
  return peak;
}

/**
 * Activation alive along one rank's timed ops as flat steps [t0, A0, t1, A1, ...] from [0, 0], each
 * allocation at its op's start and each release at its end: the columnar form the activation
 * strip draws (at P=64/M=512 the [t, A] pairs cost more than the simulation).
 */
export function activationSteps(ops: readonly TimedOp[], releaseAt: ReleaseAt = 'W', perStage?: StageMemory): Float64Array {
  const freeHalf = FREE_HALF[releaseAt];
  let n = 2;
  for (const { op } of ops) {
    const code = opKindCode(op.kind);
    n += (ALLOC_HALF[code] >= 0 ? 2 : 0) + (freeHalf[code] >= 0 ? 2 : 0);
  }
  const s = new Float64Array(n);
  let k = 2;
  let alive = 0;
  for (const { op, start, end } of ops) {
    const code = opKindCode(op.kind);
    if (ALLOC_HALF[code] >= 0) {
      s[k++] = start;
      s[k++] = alive += amount(op, ALLOC_HALF[code], perStage);
    }
    if (freeHalf[code] >= 0) {
      s[k++] = end;
      s[k++] = alive -= amount(op, freeHalf[code], perStage);
    }
  }
  return s;
}

/** Activation alive on one rank over time: step points [time, A], each allocation at its op's start. */
export function activationSeries(t: Timeline, rank: number, releaseAt: ReleaseAt = 'W', perStage?: StageMemory): [number, number][] {
  const s = activationSteps(t.ops[rank], releaseAt, perStage);
  const points: [number, number][] = [];
  for (let k = 0; k < s.length; k += 2) points.push([s[k], s[k + 1]]);
  return points;
}

/** Activation alive on one rank once each of its ops has ended, A, in op order. */
export function activationsAfterOps(t: Timeline, rank: number, releaseAt: ReleaseAt = 'W', perStage?: StageMemory): number[] {
  let alive = 0;
  return t.ops[rank].map(({ op }) => (alive += allocatedAtStart(op, perStage) - freedAtEnd(op, releaseAt, perStage)));
}
