/**
 * Why an op starts when it does (docs/schedules.md §1.2-1.3): an op starts at max(its rank is free,
 * each input has arrived), an input arriving at its producer's end plus the comm latency when the
 * producer is on another rank. This recovers, from the layout alone, which constraint was binding,
 * and each micro-batch's path through the ranks for highlighting. Pure.
 *
 * Half: 0 = a simple op or an FB's forward half, 1 = an FB's backward half.
 */
import type { Layout, OpRect } from './layout.ts';

const FWD = 0;
const BWD = 1;
const IDONE = 2;

export interface HalfRef {
  op: number;
  half: 0 | 1;
}

export interface Dependency extends HalfRef {
  /** the consumer's half that needs it */
  for: 0 | 1;
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

/** producer[slot] = op * 2 + half, or -1. Slots are (kind, stage, micro-batch) as in simulate.ts. */
export function producerIndex(layout: Layout): Int32Array {
  const S = layout.topology.numStages;
  const M = layout.microbatches;
  const idx = new Int32Array(3 * S * M).fill(-1);
  const slot = (k: number, s: number, mb: number) => (k * S + s) * M + mb;
  layout.rects.forEach((o, i) => {
    if (o.kind === 'F') idx[slot(FWD, o.stage, o.microbatch)] = 2 * i;
    else if (o.kind === 'B') idx[slot(BWD, o.stage, o.microbatch)] = 2 * i;
    else if (o.kind === 'I') {
      idx[slot(BWD, o.stage, o.microbatch)] = 2 * i;
      idx[slot(IDONE, o.stage, o.microbatch)] = 2 * i;
    } else if (o.kind === 'FB') {
      idx[slot(FWD, o.stage, o.microbatch)] = 2 * i;
      idx[slot(BWD, o.backwardStage!, o.backwardMicrobatch!)] = 2 * i + 1;
    }
  });
  return idx;
}

/** (kind, stage, micro-batch) of each input of one half of op o. */
function inputsOf(layout: Layout, o: OpRect, half: 0 | 1): [number, number, number][] {
  const { prevStage, nextStage } = layout.topology;
  const kind = o.kind === 'FB' ? (half === 0 ? 'F' : 'B') : o.kind;
  const stage = half === 1 ? o.backwardStage! : o.stage;
  const mb = half === 1 ? o.backwardMicrobatch! : o.microbatch;
  if (kind === 'F') return prevStage[stage] >= 0 ? [[FWD, prevStage[stage], mb]] : [];
  if (kind === 'W') return [[IDONE, stage, mb]];
  const out: [number, number, number][] = [[FWD, stage, mb]];
  if (nextStage[stage] >= 0) out.push([BWD, nextStage[stage], mb]);
  return out;
}

export function dependenciesOf(layout: Layout, producers: Int32Array, i: number): Dependency[] {
  const o = layout.rects[i];
  const S = layout.topology.numStages;
  const M = layout.microbatches;
  const out: Dependency[] = [];
  const halves: (0 | 1)[] = o.kind === 'FB' ? [0, 1] : [0];
  for (const h of halves) {
    for (const [k, s, mb] of inputsOf(layout, o, h)) {
      const p = producers[(k * S + s) * M + mb];
      if (p < 0) continue;
      const op = p >> 1;
      const rank = layout.rects[op].rank;
      const end = layout.buf.end[op];
      out.push({ op, half: (p & 1) as 0 | 1, for: h, rank, end, arrival: rank === o.rank ? end : end + layout.comm });
    }
  }
  return out;
}

export function waitInfo(layout: Layout, producers: Int32Array, i: number): WaitInfo {
  const o = layout.rects[i];
  const prevOp = i > layout.rankStart[o.rank] ? i - 1 : -1;
  const rankFree = prevOp >= 0 ? layout.buf.end[prevOp] : 0;
  const deps = dependenciesOf(layout, producers, i);
  const eps = Math.max(1, Math.abs(o.start)) * 1e-9;
  const bindingDeps = deps.filter((d) => Math.abs(d.arrival - o.start) <= eps);
  return { start: o.start, rankFree, prevOp, deps, bindingRank: prevOp >= 0 && Math.abs(rankFree - o.start) <= eps, bindingDeps };
}

/** Short op name: `F s3 mb7`; an FB half is named by its own kind (`F`/`B`). */
export function halfLabel(o: OpRect, half: 0 | 1 | -1): string {
  if (o.kind !== 'FB') return `${o.kind} s${o.stage} mb${o.microbatch}`;
  if (half === 1) return `B s${o.backwardStage} mb${o.backwardMicrobatch}`;
  if (half === 0) return `F s${o.stage} mb${o.microbatch}`;
  return `F&B s${o.stage} mb${o.microbatch} | s${o.backwardStage} mb${o.backwardMicrobatch}`;
}

export interface MicrobatchPath {
  members: HalfRef[];
  /** cross-rank dependencies between members: data moving from one rank to the next */
  arrows: { from: HalfRef; to: HalfRef }[];
}

/** Every op (half) that works on micro-batch mb, and the transfers between them. */
export function microbatchPath(layout: Layout, producers: Int32Array, mb: number): MicrobatchPath {
  const members: HalfRef[] = [];
  const { mb: mbs, bmb } = layout.buf;
  for (let i = 0; i < mbs.length; i++) {
    if (mbs[i] === mb) members.push({ op: i, half: 0 });
    if (bmb[i] === mb) members.push({ op: i, half: 1 });
  }
  const arrows: MicrobatchPath['arrows'] = [];
  for (const m of members) {
    const o = layout.rects[m.op];
    for (const d of dependenciesOf(layout, producers, m.op)) {
      if (d.for !== m.half || d.rank === o.rank) continue;
      arrows.push({ from: { op: d.op, half: d.half }, to: m });
    }
  }
  return { members, arrows };
}
