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
import { halfCount, halfKind, halfStage } from './dependencies.ts';
import type { Op, SimpleKind, Timeline } from './types.ts';

export type ReleaseAt = 'I' | 'W';

/** Activation per micro-batch on each stage, A; absent = 1 everywhere. */
export type StageMemory = ArrayLike<number> | undefined;

const allocatesKind = (kind: SimpleKind) => kind === 'F';
const freesKind = (kind: SimpleKind, releaseAt: ReleaseAt) => kind === 'B' || kind === releaseAt;

/** Activation the op allocates at its start, A (0: it allocates none). */
export function allocatedAtStart(op: Op, perStage?: StageMemory): number {
  let a = 0;
  for (let h = 0; h < halfCount(op); h++) if (allocatesKind(halfKind(op, h))) a += perStage ? perStage[halfStage(op, h)] : 1;
  return a;
}

/** Activation the op frees at its end, A (0: it frees none). */
export function freedAtEnd(op: Op, releaseAt: ReleaseAt = 'W', perStage?: StageMemory): number {
  let a = 0;
  for (let h = 0; h < halfCount(op); h++) if (freesKind(halfKind(op, h), releaseAt)) a += perStage ? perStage[halfStage(op, h)] : 1;
  return a;
}

/** Whether the op has an allocation event at its start / a release event at its end (even of 0 A). */
export function allocates(op: Op): boolean {
  for (let h = 0; h < halfCount(op); h++) if (allocatesKind(halfKind(op, h))) return true;
  return false;
}

export function frees(op: Op, releaseAt: ReleaseAt = 'W'): boolean {
  for (let h = 0; h < halfCount(op); h++) if (freesKind(halfKind(op, h), releaseAt)) return true;
  return false;
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

/** Activation alive on one rank over time: step points [time, A], each allocation at its op's start. */
export function activationSeries(t: Timeline, rank: number, releaseAt: ReleaseAt = 'W', perStage?: StageMemory): [number, number][] {
  const points: [number, number][] = [[0, 0]];
  let alive = 0;
  for (const { op, start, end } of t.ops[rank]) {
    if (allocates(op)) points.push([start, (alive += allocatedAtStart(op, perStage))]);
    if (frees(op, releaseAt)) points.push([end, (alive -= freedAtEnd(op, releaseAt, perStage))]);
  }
  return points;
}

/** Activation alive on one rank once each of its ops has ended, A, in op order. */
export function activationsAfterOps(t: Timeline, rank: number, releaseAt: ReleaseAt = 'W', perStage?: StageMemory): number[] {
  let alive = 0;
  return t.ops[rank].map(({ op }) => (alive += allocatedAtStart(op, perStage) - freedAtEnd(op, releaseAt, perStage)));
}
