/**
 * Why an op starts when it does (docs/schedules.md §1.2-1.3): an op starts at max(its rank is free,
 * each input has arrived). Which inputs an op half has, who produced them and when each arrives
 * are the engine's dependency model (engine/dependencies.ts); this reads them against the layout's
 * times to find the binding constraint, and each micro-batch's path through the ranks for
 * highlighting. Pure.
 *
 * Op ids are layout rect indices, which are the engine's flat op ids (rank-major, execution order).
 * Half: 0 = a simple op or an FB's forward half, 1 = an FB's backward half.
 */
import { FB_HALVES, arrival, halfCount, halfMicrobatch, inputsOf, opOf, type DependencyIndex, type Half } from '../engine/index.ts';
import { rectAt, type Layout, type OpRect } from './layout.ts';

export interface HalfRef {
  op: number;
  half: Half;
}

export interface Dependency extends HalfRef {
  /** the consumer's half that needs it */
  for: Half;
  rank: number;
  end: number;
  /** when the input is usable on the consumer's rank */
  arrival: number;
}

export interface WaitInfo {
  start: number;
  /** end of the previous op on the rank (0 for the first) and that op, or -1 */
  rankFree: number;
  prevOp: number;
  deps: Dependency[];
  /** the constraint(s) equal to the start time: the rank, inputs, or nothing (t = 0) */
  bindingRank: boolean;
  bindingDeps: Dependency[];
}

/** Every input of op i (both halves of an FB), timed by the layout. */
export function dependenciesOf(layout: Layout, index: DependencyIndex, i: number): Dependency[] {
  const out: Dependency[] = [];
  const halves = halfCount(opOf(index, i));
  for (let h = 0 as Half; h < halves; h = (h + 1) as Half) {
    for (const e of inputsOf(index, i, h)) {
      const end = layout.buf.end[e.from];
      out.push({ op: e.from, half: e.fromHalf, for: h, rank: e.fromRank, end, arrival: arrival(end, e.fromRank, e.toRank, layout.comm) });
    }
  }
  return out;
}

export function waitInfo(layout: Layout, index: DependencyIndex, i: number): WaitInfo {
  const o = rectAt(layout, i);
  const prevOp = i > layout.rankStart[o.rank] ? i - 1 : -1;
  const rankFree = prevOp >= 0 ? layout.buf.end[prevOp] : 0;
  const deps = dependenciesOf(layout, index, i);
  const eps = Math.max(1, Math.abs(o.start)) * 1e-9;
  const bindingDeps = deps.filter((d) => Math.abs(d.arrival - o.start) <= eps);
  return { start: o.start, rankFree, prevOp, deps, bindingRank: prevOp >= 0 && Math.abs(rankFree - o.start) <= eps, bindingDeps };
}

/** Short op name: `F s3 mb7`; an FB half is named by its own kind (FB_HALVES: `F`/`B`). */
export function halfLabel(o: OpRect, half: 0 | 1 | -1): string {
  if (o.kind !== 'FB') return `${o.kind} s${o.stage} mb${o.microbatch}`;
  if (half === 1) return `${FB_HALVES[1]} s${o.backwardStage} mb${o.backwardMicrobatch}`;
  if (half === 0) return `${FB_HALVES[0]} s${o.stage} mb${o.microbatch}`;
  return `F&B s${o.stage} mb${o.microbatch} | s${o.backwardStage} mb${o.backwardMicrobatch}`;
}

export interface MicrobatchPath {
  members: HalfRef[];
  /** cross-rank dependencies between members: data moving from one rank to the next */
  arrows: { from: HalfRef; to: HalfRef }[];
}

/** Every op half that works on micro-batch mb, and the transfers between them. */
export function microbatchPath(index: DependencyIndex, mb: number): MicrobatchPath {
  const members: HalfRef[] = [];
  const arrows: MicrobatchPath['arrows'] = [];
  const n = index.opRank.length;
  for (let i = 0; i < n; i++) {
    const op = opOf(index, i);
    for (let h = 0 as Half; h < halfCount(op); h = (h + 1) as Half) {
      if (halfMicrobatch(op, h) !== mb) continue;
      const to = { op: i, half: h };
      members.push(to);
      for (const e of inputsOf(index, i, h)) if (e.fromRank !== e.toRank) arrows.push({ from: { op: e.from, half: e.fromHalf }, to });
    }
  }
  return { members, arrows };
}
