/**
 * The one geometry of a chart (docs/style.md D, E): layout + rows + visible window + palette +
 * highlighted micro-batch in, shapes (render/shapes.ts) out — op boxes with F&B pairs as two
 * halves, fills with DualPipe's reverse-direction tint, the dimming outside the highlighted
 * micro-batch, labels that fit, the detailed mode's pieces, all-to-all and PP lanes, bubbles, the
 * highlighted micro-batch's transfer arrows and outlines. The SVG view, the canvas painter and the
 * SVG export (and so the PNG) all draw these shapes. Pure.
 *
 * Level of detail depends on px, so the scale and rows come in: a label is kept when it fits its
 * box, an op opens into its pieces when every compute piece gets MIN_PIECE_PX, and (canvas only,
 * `merge`) runs of sub-2-px ops merge into one box per run — at P=64/M=512 fully zoomed out ~41k
 * ops become ~10k boxes, which is what keeps the canvas at frame rate.
 */
import { visibleBubbles, visibleRange } from './cull.ts';
import type { MicrobatchPath } from './deps.ts';
import { KIND_CODES, commSpanOf, rectAt, type Layout } from './layout.ts';
import { pieceFill, textOn, type Palette, type SimpleKindName } from './palette.ts';
import type { Rows } from './rows.ts';
import type { TimeScale } from './scales.ts';
import { BAND, ROLE, ShapeBuffer, opWidth, type Arrow } from './shapes.ts';

/** Average advance of a digit in the 10 px label font, px (system-ui digits are ≈ 0.55 em). */
const CHAR_PX = 6;
/** A piece narrower than this is noise; an op expands when its compute pieces all get this. */
export const MIN_PIECE_PX = 7;
/** Ops narrower than this merge into runs when `merge` is on. */
const MERGE_PX = 2;

/** Micro-batch label of an op or of one FB half (-1 = both halves in one line). */
export function opLabel(layout: Layout, i: number, half: 0 | 1 | -1 = -1): string {
  const { mb, bmb } = layout.buf;
  if (bmb[i] < 0 || half === 0) return String(mb[i]);
  if (half === 1) return String(bmb[i]);
  return `${mb[i]}|${bmb[i]}`;
}

export function labelFits(text: string, widthPx: number, heightPx: number): boolean {
  return heightPx >= 9 && widthPx >= text.length * CHAR_PX + 4;
}

/** Whether op i, drawn `widthPx` wide, shows its pieces instead of one box. */
export function isExpanded(layout: Layout, i: number, widthPx: number): boolean {
  const d = layout.detail;
  if (!d) return false;
  const n = d.opChunks[i].streams.compute.length;
  return n > 0 && widthPx >= n * MIN_PIECE_PX;
}

/** Short piece label: `attn F·0` (piece kind, pass, 0-based layer). */
export function pieceLabel(piece: string, layer: number): string {
  const m = /^(\w+)\((\w)\)$/.exec(piece);
  return m ? `${m[1]} ${m[2]}${layer >= 0 ? `·${layer}` : ''}` : piece;
}

/** A highlighted micro-batch: its path (render/deps.ts) and, per op, bit h set = half h on it. */
export interface Selection {
  microbatch: number;
  path: MicrobatchPath;
  halves: Uint8Array;
}

export function selectionOf(layout: Layout, microbatch: number, path: MicrobatchPath): Selection | null {
  if (!path.members.length) return null;
  const halves = new Uint8Array(layout.count);
  for (const m of path.members) halves[m.op] |= 1 << m.half;
  return { microbatch, path, halves };
}

export interface ChartView {
  layout: Layout;
  rows: Rows;
  x: TimeScale;
  palette: Palette;
  selection: Selection | null;
  /** merge runs of sub-2-px ops (the canvas view; the SVG outputs keep one element per op) */
  merge?: boolean;
}

/** Band of half h of op i: FB halves split the lane, forward on top. */
const halfBand = (isFB: boolean, half: number) => (isFB ? (half === 0 ? BAND.top : BAND.bottom) : BAND.compute);

function kindOf(code: number, half: number): SimpleKindName {
  if (code === 4) return half === 0 ? 'F' : 'B';
  return KIND_CODES[code] as SimpleKindName;
}

/** The shapes of one chart in the window of `v.x`, written into `out` (reset first). */
export function chartShapes(v: ChartView, out: ShapeBuffer = new ShapeBuffer()): ShapeBuffer {
  const { layout, rows, x } = v;
  const { start: t0, end: t1 } = x;
  out.reset();
  const ranges: [number, number][] = rows.rows.map((row) => visibleRange(layout, row.rank, t0, t1));
  for (const row of rows.rows) {
    const [k0, k1] = visibleBubbles(layout, row.rank, t0, t1);
    const b = layout.bubbles[row.rank];
    for (let k = k0; k < k1; k++) out.rect(ROLE.bubble, BAND.compute, row.rank, b[2 * k], b[2 * k + 1], k, -1, 0, v.palette.bubble);
  }
  out.opsFrom = out.n;
  for (const row of rows.rows) rankOps(v, out, row.rank, ranges[row.rank]);
  out.streamsFrom = out.n;
  if (layout.detail) for (const row of rows.rows) if (row.comm && row.pp) rankStreams(v, out, row.rank, ranges[row.rank]);
  if (v.selection) {
    const marks = selectionMarks(layout, v.selection);
    out.arrows = marks.arrows;
    out.outlines = marks.outlines;
  }
  return out;
}

/**
 * The highlighted micro-batch's marks: an arrow per cross-rank transfer on its path (from the
 * producing half's end to the consuming half's start, render/deps.ts) and an outline per op on it.
 */
export function selectionMarks(layout: Layout, sel: Selection): { arrows: Arrow[]; outlines: number[] } {
  const { buf } = layout;
  const arrows = sel.path.arrows.map(({ from, to }) => ({
    t0: buf.end[from.op],
    t1: buf.start[to.op],
    rank0: buf.rank[from.op],
    rank1: buf.rank[to.op],
    band0: halfBand(buf.kind[from.op] === 4, from.half),
    band1: halfBand(buf.kind[to.op] === 4, to.half),
    from: from.op,
    to: to.op,
  }));
  return { arrows, outlines: sel.path.members.map((m) => m.op) };
}

function rankOps(v: ChartView, out: ShapeBuffer, r: number, [i0, i1]: [number, number]): void {
  const { layout, x, palette: pal } = v;
  const { start, end, kind, dir, bdir } = layout.buf;
  const halves = v.selection?.halves ?? null;
  const lane = v.rows.rows[r].compute;
  out.walked += i1 - i0;
  // pending run of merged sub-pixel ops: px extent, first op, key = kind << 2 | dir << 1 | bdir
  let runX0 = 0;
  let runX1 = -Infinity;
  let runT1 = 0;
  let runOp = -1;
  let runKey = -1;
  let runDim = 0;
  const flush = () => {
    if (runKey < 0) return;
    const code = runKey >> 2;
    const t = start[runOp];
    if (code === 4) {
      out.rect(ROLE.run, BAND.top, r, t, runT1, runOp, 0, runDim, pal.fill.F[(runKey >> 1) & 1]);
      out.rect(ROLE.run, BAND.bottom, r, t, runT1, runOp, 1, runDim, pal.fill.B[runKey & 1]);
    } else out.rect(ROLE.run, BAND.compute, r, t, runT1, runOp, 0, runDim, pal.fill[kindOf(code, 0)][(runKey >> 1) & 1]);
    runKey = -1;
  };
  for (let i = i0; i < i1; i++) {
    const x0 = x.clampedPx(start[i]);
    const x1 = x.clampedPx(end[i]);
    const w = x1 - x0;
    const hl = halves ? halves[i] : 3;
    if (v.merge && w < MERGE_PX) {
      // Sub-2-px ops merge with a contiguous run of the same kind (direction tint of the run's
      // first op); inside one px column anything merges, keeping the run's colour: a column
      // cannot show more than one colour anyway.
      const key = (kind[i] << 2) | (dir[i] << 1) | bdir[i];
      const dim = hl ? 0 : 1;
      if (runKey >= 0 && dim === runDim && x0 - runX1 < 1 && (key >> 2 === runKey >> 2 || x1 - runX0 < 1)) {
        if (x1 > runX1) {
          runX1 = x1;
          runT1 = end[i];
        }
        continue;
      }
      flush();
      runKey = key;
      runDim = dim;
      runOp = i;
      runX0 = x0;
      runX1 = x1;
      runT1 = end[i];
      continue;
    }
    flush();
    opShapes(v, out, i, w, lane.h, hl);
  }
  flush();
}

/** One op at a readable width: its box (two halves for FB) with labels and pair border, or its pieces. */
function opShapes(v: ChartView, out: ShapeBuffer, i: number, w: number, laneH: number, hl: number): void {
  const { layout, palette: pal, x } = v;
  const { buf } = layout;
  const code = buf.kind[i];
  const r = buf.rank[i];
  const s = buf.start[i];
  const e = buf.end[i];
  const ww = opWidth(w);
  if (isExpanded(layout, i, w)) {
    const o = rectAt(layout, i);
    const dim = hl ? 0 : 1;
    layout.detail!.opChunks[i].streams.compute.forEach((p, k) => {
      const fill = pieceFill(pal, p.piece, p.piece.endsWith('(F)') ? o.direction : (o.backwardDirection ?? o.direction));
      const rect = out.rect(ROLE.piece, BAND.compute, r, s + p.start, s + p.end, i, k, dim, fill);
      if (x.clampedPx(s + p.end) - x.clampedPx(s + p.start) > 44 && laneH >= 9) out.label(rect, pieceLabel(p.piece, p.layer), textOn(fill));
    });
    out.rect(ROLE.border, BAND.compute, r, s, e, i, -1, dim, pal.pairBorder);
    return;
  }
  const isFB = code === 4;
  const hh = isFB ? laneH / 2 : laneH;
  for (let half = 0; half < (isFB ? 2 : 1); half++) {
    const k = kindOf(code, half);
    const d = half === 0 ? buf.dir[i] : buf.bdir[i];
    const rect = out.rect(ROLE.op, halfBand(isFB, half), r, s, e, i, half, hl & (1 << half) ? 0 : 1, pal.fill[k][d]);
    if (labelFits('0', ww, hh)) {
      const text = opLabel(layout, i, isFB ? (half as 0 | 1) : -1);
      if (labelFits(text, ww, hh)) out.label(rect, text, pal.text[k][d]);
    }
  }
  if (isFB && ww > 3) out.rect(ROLE.border, BAND.compute, r, s, e, i, -1, hl ? 0 : 1, pal.pairBorder);
}

/** Detailed mode: all-to-all pieces (or each op's comm envelope when collapsed) and PP sends. */
function rankStreams(v: ChartView, out: ShapeBuffer, r: number, [i0, i1]: [number, number]): void {
  const { layout, palette: pal, x } = v;
  const d = layout.detail!;
  const { start, end } = layout.buf;
  const halves = v.selection?.halves ?? null;
  // the sends of ops just left of the window reach into it
  for (let i = Math.max(layout.rankStart[r], i0 - 2); i < i1; i++) {
    const t0 = start[i];
    const t1 = end[i];
    const dim = halves && !halves[i] ? 1 : 0;
    if (i >= i0) {
      if (isExpanded(layout, i, x.clampedPx(t1) - x.clampedPx(t0))) {
        d.opChunks[i].streams.comm.forEach((p, k) =>
          out.rect(ROLE.commPiece, BAND.comm, r, t0 + p.start, t0 + p.end, i, k, dim, pieceFill(pal, p.piece, 0)),
        );
      } else {
        const s = commSpanOf(d.opChunks[i]);
        if (s.end > s.start) out.rect(ROLE.envelope, BAND.comm, r, t0 + s.start, t0 + s.end, i, -1, dim, pal.dispatch);
      }
    }
    const sends = d.sends[i];
    if (sends === 3) {
      out.rect(ROLE.send, BAND.ppTop, r, t1, t1 + d.pp, i, 0, dim, pal.pp);
      out.rect(ROLE.send, BAND.ppBottom, r, t1, t1 + d.pp, i, 1, dim, pal.pp);
    } else if (sends) out.rect(ROLE.send, BAND.pp, r, t1, t1 + d.pp, i, sends & 1 ? 0 : 1, dim, pal.pp);
  }
}
