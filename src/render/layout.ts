/**
 * Pure chart layout: a timeline in, one rectangle per op out, in data coordinates (x in timeline
 * units — cost units, or µs in the detailed mode — y as a rank index). The SVG view, the canvas
 * painter, hit testing, tooltips and exports all read this one layout, so they draw the same thing.
 *
 * Invariants: `rects` is rank-major and each rank's ops are in execution order, which is time
 * order (one compute stream per rank), so `start` and `end` are non-decreasing within a rank and
 * every per-rank search is a binary search. `buf` holds the same numbers as typed columns for the
 * painters (perfetto's SliceBuffers). In the detailed mode an op's pieces are not stored one by
 * one (1.4 M pieces at P=64/M=512): they are its kind's chunk, shifted to the op's start.
 */
import { halfCount, halfMicrobatch, halfStage, hasTwoDirections, opSends, stageDirection } from '../engine/index.ts';
import type { OpKind, Timeline, Topology } from '../engine/types.ts';
import { chunkOf, type ChunkResult, type DetailedCosts } from '../engine/overlap/index.ts';

export interface OpRect {
  rank: number;
  /** index of the op in timeline.ops[rank] */
  index: number;
  kind: OpKind;
  start: number;
  end: number;
  /** forward half for FB */
  stage: number;
  microbatch: number;
  backwardStage?: number;
  backwardMicrobatch?: number;
  /** direction of the stage (engine stageDirection: 1 = DualPipe's second pipeline); FB: the forward's */
  direction: 0 | 1;
  /** FB: direction of the backward half */
  backwardDirection?: 0 | 1;
}

export const KIND_CODES: readonly OpKind[] = ['F', 'B', 'I', 'W', 'FB'];
export const KIND_CODE: Record<OpKind, number> = { F: 0, B: 1, I: 2, W: 3, FB: 4 };

/** Columnar copy of `rects`, indexed like it. */
export interface OpBuffers {
  start: Float64Array;
  end: Float64Array;
  rank: Uint16Array;
  /** KIND_CODES index */
  kind: Uint8Array;
  /** direction of the forward half (or of the op) */
  dir: Uint8Array;
  /** direction of an FB's backward half, else = dir */
  bdir: Uint8Array;
  mb: Int32Array;
  /** FB: backward micro-batch, else -1 */
  bmb: Int32Array;
}

export interface RankOverlapMetrics {
  /** summed piece durations per stream and exposed communication, µs */
  computeBusy: number;
  commBusy: number;
  ppBusy: number;
  exposedComm: number;
}

export interface LayoutDetail {
  /** each op kind's chunk: pieces per stream relative to the op start */
  chunks: Record<OpKind, ChunkResult>;
  /** [first start, last end] of a kind's comm pieces relative to the op start; busy = summed */
  commSpan: Record<OpKind, { start: number; end: number; busy: number }>;
  /** per rect: the chunk the op runs (its kind's, scaled to its stage with per-stage costs; engine chunkOf) */
  opChunks: ChunkResult[];
  /** PP send duration (the engine's comm latency) */
  pp: number;
  /** per rect: bit 0 = sends its forward output, bit 1 = sends its input gradient (cross-rank) */
  sends: Uint8Array;
  rankMetrics: RankOverlapMetrics[];
}

export interface Layout {
  ranks: number;
  microbatches: number;
  makespan: number;
  rects: OpRect[];
  /** rects of rank r are [rankStart[r], rankStart[r + 1]) */
  rankStart: Int32Array;
  buf: OpBuffers;
  /** per rank: idle intervals [s0, e0, s1, e1, ...] between its first start and last end */
  bubbles: Float64Array[];
  /** latency on cross-rank dependencies */
  comm: number;
  /** smallest positive op duration (zoom clamp) */
  minDuration: number;
  topology: Topology;
  /** the topology runs two directions (DualPipe's shape, built-in or imported) */
  dual: boolean;
  detail: LayoutDetail | null;
}

/** Gaps shorter than this fraction of the makespan are float noise, not bubbles. */
const BUBBLE_EPS = 1e-9;

export function layoutTimeline(t: Timeline, detailCosts?: DetailedCosts): Layout {
  const rects: OpRect[] = [];
  const topo = t.schedule.topology;
  const dual = hasTwoDirections(topo);
  const rankStart = new Int32Array(t.ops.length + 1);
  let makespan = 0;
  let minDuration = Infinity;
  t.ops.forEach((ops, rank) => {
    rankStart[rank] = rects.length;
    for (let index = 0; index < ops.length; index++) {
      const { op, start, end } = ops[index];
      if (end > makespan) makespan = end;
      if (end > start && end - start < minDuration) minDuration = end - start;
      const rect: OpRect = {
        rank,
        index,
        kind: op.kind,
        start,
        end,
        stage: halfStage(op, 0),
        microbatch: halfMicrobatch(op, 0),
        direction: stageDirection(topo, halfStage(op, 0)),
      };
      if (halfCount(op) === 2) {
        rect.backwardStage = halfStage(op, 1);
        rect.backwardMicrobatch = halfMicrobatch(op, 1);
        rect.backwardDirection = stageDirection(topo, halfStage(op, 1));
      }
      rects.push(rect);
    }
  });
  rankStart[t.ops.length] = rects.length;
  const buf = buffersOf(rects);
  const eps = Math.max(makespan, 1) * BUBBLE_EPS;
  const bubbles = t.ops.map((_, r) => {
    const out: number[] = [];
    for (let i = rankStart[r] + 1; i < rankStart[r + 1]; i++)
      if (buf.start[i] - buf.end[i - 1] > eps) out.push(buf.end[i - 1], buf.start[i]);
    return Float64Array.from(out);
  });
  const layout: Layout = {
    ranks: t.ops.length,
    microbatches: t.schedule.microbatches,
    makespan,
    rects,
    rankStart,
    buf,
    bubbles,
    comm: t.costs.comm,
    minDuration: Number.isFinite(minDuration) ? minDuration : 1,
    topology: t.schedule.topology,
    dual,
    detail: null,
  };
  if (detailCosts) layout.detail = layoutDetail(layout, detailCosts, t);
  return layout;
}

function buffersOf(rects: OpRect[]): OpBuffers {
  const n = rects.length;
  const b: OpBuffers = {
    start: new Float64Array(n),
    end: new Float64Array(n),
    rank: new Uint16Array(n),
    kind: new Uint8Array(n),
    dir: new Uint8Array(n),
    bdir: new Uint8Array(n),
    mb: new Int32Array(n),
    bmb: new Int32Array(n),
  };
  rects.forEach((o, i) => {
    b.start[i] = o.start;
    b.end[i] = o.end;
    b.rank[i] = o.rank;
    b.kind[i] = KIND_CODE[o.kind];
    b.dir[i] = o.direction;
    b.bdir[i] = o.backwardDirection ?? o.direction;
    b.mb[i] = o.microbatch;
    b.bmb[i] = o.backwardMicrobatch ?? -1;
  });
  return b;
}

const commSpans = new WeakMap<ChunkResult, { start: number; end: number; busy: number }>();

/** [first start, last end] of a chunk's comm pieces relative to the op start; busy = summed. */
export function commSpanOf(chunk: ChunkResult): { start: number; end: number; busy: number } {
  let s = commSpans.get(chunk);
  if (!s) {
    const c = chunk.streams.comm;
    s = c.length ? { start: c[0].start, end: Math.max(...c.map((p) => p.end)), busy: chunk.commBusy } : { start: 0, end: 0, busy: 0 };
    commSpans.set(chunk, s);
  }
  return s;
}

function layoutDetail(layout: Layout, d: DetailedCosts, t: Timeline): LayoutDetail {
  const chunks = d.chunks as Record<OpKind, ChunkResult>;
  const commSpan = {} as LayoutDetail['commSpan'];
  for (const k of KIND_CODES) commSpan[k] = commSpanOf(chunks[k]);
  const opChunks = layout.rects.map((o) => chunkOf(d, t.ops[o.rank][o.index].op));
  const pp = d.costs.comm;
  const sends = new Uint8Array(layout.rects.length);
  const rankMetrics: RankOverlapMetrics[] = Array.from({ length: layout.ranks }, () => ({
    computeBusy: 0,
    commBusy: 0,
    ppBusy: 0,
    exposedComm: 0,
  }));
  layout.rects.forEach((o, i) => {
    const c = opChunks[i];
    const m = rankMetrics[o.rank];
    m.computeBusy += c.computeBusy;
    m.commBusy += c.commBusy;
    m.exposedComm += c.exposedComm;
    // the PP send goes after the chunk (docs/overlap.md §3); which outputs cross ranks is the engine's rule
    sends[i] = pp > 0 ? opSends(layout.topology, t.ops[o.rank][o.index].op) : 0;
    m.ppBusy += pp * ((sends[i] & 1) + ((sends[i] >> 1) & 1));
  });
  return { chunks, commSpan, opChunks, pp, sends, rankMetrics };
}

export const KIND_NAMES: Record<OpKind, string> = {
  F: 'forward',
  B: 'full backward',
  I: 'backward for input',
  W: 'backward for weights',
  FB: 'overlapped forward + backward',
};
