/**
 * Pure chart layout: a timeline in, one rectangle per op out, in data coordinates (x in timeline
 * units — cost units, or µs in the detailed mode — y as a rank index). The SVG view, the canvas
 * painter, hit testing, tooltips and exports all read this one layout, so they draw the same thing.
 *
 * Invariants: `rects` is rank-major and each rank's ops are in execution order, which is time
 * order (one compute stream per rank), so `start` and `end` are non-decreasing within a rank and
 * every per-rank search is a binary search. `buf` holds the numbers as typed columns for the
 * painters (perfetto's SliceBuffers): the engine's own timeline columns (engine/columns.ts, views.ts),
 * shared rather than copied, plus rank and direction columns; `rects` are object views of the
 * same rows, built on first read. In the detailed mode an op's pieces are not stored one by
 * one (1.4 M pieces at P=64/M=512): they are its kind's chunk, shifted to the op's start.
 */
import { hasTwoDirections, rowSends, sendsTable, stageDirection, timelineColumns } from '../engine/index.ts';
import type { OpKind, Timeline, Topology } from '../engine/types.ts';
import { chunkOfRow, type ChunkResult, type DetailedCosts } from '../engine/overlap/index.ts';

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
const FB_CODE = KIND_CODE.FB;

/**
 * The rows of `rects` as columns, indexed like it. start, end, kind, stage, mb, bstage and bmb are
 * the timeline's own columns (shared with the engine: read them, never write).
 */
export interface OpBuffers {
  start: Float64Array;
  end: Float64Array;
  rank: Uint16Array;
  /** KIND_CODES index (= the engine's kind codes) */
  kind: Uint8Array;
  /** stage of the op, or of an FB's forward half */
  stage: Int32Array;
  /** FB: backward stage, else -1 */
  bstage: Int32Array;
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
  /** number of ops (rows of `buf`, length of `rects`) */
  count: number;
  /** every op as an object, built on first read: one op is cheaper through `rectAt` */
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
  const topo = t.schedule.topology;
  const dual = hasTwoDirections(topo);
  const { ops: c, start, end } = timelineColumns(t);
  const n = c.count;
  const P = c.ranks;
  const rankStart = c.rankStart;
  const rank = new Uint16Array(n);
  for (let r = 0; r < P; r++) rank.fill(r, rankStart[r], rankStart[r + 1]);
  // direction per stage, then per row: the forward half's (or the op's) and an FB backward's
  const stageDir = Uint8Array.from({ length: topo.numStages }, (_, s) => stageDirection(topo, s));
  const dir = new Uint8Array(n);
  const bdir = new Uint8Array(n);
  let makespan = 0;
  let minDuration = Infinity;
  for (let i = 0; i < n; i++) {
    const e = end[i];
    const d = e - start[i];
    if (e > makespan) makespan = e;
    if (d > 0 && d < minDuration) minDuration = d;
    dir[i] = stageDir[c.stage[i]];
    bdir[i] = c.bstage[i] >= 0 ? stageDir[c.bstage[i]] : dir[i];
  }
  const buf: OpBuffers = {
    start,
    end,
    rank,
    kind: c.kind,
    stage: c.stage,
    bstage: c.bstage,
    dir,
    bdir,
    mb: c.microbatch,
    bmb: c.bmicrobatch,
  };
  const eps = Math.max(makespan, 1) * BUBBLE_EPS;
  const bubbles: Float64Array[] = [];
  for (let r = 0; r < P; r++) {
    let k = 0;
    for (let i = rankStart[r] + 1; i < rankStart[r + 1]; i++) if (start[i] - end[i - 1] > eps) k++;
    const out = new Float64Array(2 * k);
    k = 0;
    for (let i = rankStart[r] + 1; i < rankStart[r + 1]; i++) {
      if (start[i] - end[i - 1] > eps) {
        out[k++] = end[i - 1];
        out[k++] = start[i];
      }
    }
    bubbles.push(out);
  }
  const layout = {
    ranks: P,
    microbatches: t.schedule.microbatches,
    makespan,
    count: n,
    rects: [] as OpRect[],
    rankStart,
    buf,
    bubbles,
    comm: t.costs.comm,
    minDuration: Number.isFinite(minDuration) ? minDuration : 1,
    topology: topo,
    dual,
    detail: null,
  } as Layout;
  let rects: OpRect[] | undefined;
  Object.defineProperty(layout, 'rects', { enumerable: true, get: () => (rects ??= rectsOf(buf, rankStart)) });
  if (detailCosts) layout.detail = layoutDetail(layout, detailCosts);
  return layout;
}

/** The object view of every row (for code that walks all ops as objects: exports, tests). */
function rectsOf(b: OpBuffers, rankStart: Int32Array): OpRect[] {
  const n = b.start.length;
  const out = new Array<OpRect>(n);
  for (let i = 0; i < n; i++) out[i] = rectOf(b, rankStart, i);
  return Object.freeze(out) as OpRect[];
}

function rectOf(b: OpBuffers, rankStart: Int32Array, i: number): OpRect {
  const rank = b.rank[i];
  const rect: OpRect = {
    rank,
    index: i - rankStart[rank],
    kind: KIND_CODES[b.kind[i]],
    start: b.start[i],
    end: b.end[i],
    stage: b.stage[i],
    microbatch: b.mb[i],
    direction: b.dir[i] as 0 | 1,
  };
  if (b.kind[i] === FB_CODE) {
    rect.backwardStage = b.bstage[i];
    rect.backwardMicrobatch = b.bmb[i];
    rect.backwardDirection = b.bdir[i] as 0 | 1;
  }
  return rect;
}

/** Op i as an object (= `layout.rects[i]`), built from the columns without building the others. */
export function rectAt(layout: Layout, i: number): OpRect {
  return rectOf(layout.buf, layout.rankStart, i);
}

/** Op i's kind name. */
export function kindAt(layout: Layout, i: number): OpKind {
  return KIND_CODES[layout.buf.kind[i]];
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

function layoutDetail(layout: Layout, d: DetailedCosts): LayoutDetail {
  const chunks = d.chunks as Record<OpKind, ChunkResult>;
  const commSpan = {} as LayoutDetail['commSpan'];
  for (const k of KIND_CODES) commSpan[k] = commSpanOf(chunks[k]);
  const pp = d.costs.comm;
  const { buf } = layout;
  // with per-stage scales an op's chunk depends on its stage(s): one array reference per row
  const opChunks = new Array<ChunkResult>(buf.start.length);
  for (let i = 0; i < opChunks.length; i++) opChunks[i] = chunkOfRow(d, KIND_CODES[buf.kind[i]], buf.stage[i], buf.bstage[i]);
  const sends = new Uint8Array(buf.start.length);
  const rankMetrics: RankOverlapMetrics[] = Array.from({ length: layout.ranks }, () => ({
    computeBusy: 0,
    commBusy: 0,
    ppBusy: 0,
    exposedComm: 0,
  }));
  // which outputs of an op cross ranks is the engine's rule, per (kind, stage)
  const table = sendsTable(layout.topology);
  const S = layout.topology.numStages;
  for (let i = 0; i < sends.length; i++) {
    const code = buf.kind[i];
    const c = opChunks[i];
    const m = rankMetrics[buf.rank[i]];
    m.computeBusy += c.computeBusy;
    m.commBusy += c.commBusy;
    m.exposedComm += c.exposedComm;
    // the PP send goes after the chunk (docs/overlap.md §3)
    if (pp > 0) sends[i] = rowSends(table, S, code, buf.stage[i], buf.bstage[i]);
    m.ppBusy += pp * ((sends[i] & 1) + ((sends[i] >> 1) & 1));
  }
  return { chunks, commSpan, opChunks, pp, sends, rankMetrics };
}

export const KIND_NAMES: Record<OpKind, string> = {
  F: 'forward',
  B: 'full backward',
  I: 'backward for input',
  W: 'backward for weights',
  FB: 'overlapped forward + backward',
};
