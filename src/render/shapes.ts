/**
 * The shapes of one chart, as every output draws them (render/geometry.ts makes them): filled
 * rectangles, labels, dependency arrows and highlight outlines, in data coordinates — x in
 * timeline units (cost units, or µs in the detailed mode), y as (rank, band): a lane of the
 * rank's row (rows.ts) or a half of it. The SVG view, the canvas painter and the SVG export
 * (and so the PNG) map them to px with the functions below and differ only in how they emit.
 *
 * Columnar (perfetto's SliceBuffers): one typed array per field, reused between frames by the
 * canvas view, so a 40k-op frame allocates nothing. Rects are in three sections, drawn in this
 * order: bubbles [0, opsFrom), ops [opsFrom, streamsFrom) — each op's rects contiguous, in rank
 * then execution order — and the detailed mode's comm and PP lanes [streamsFrom, n).
 */
import type { Rows } from './rows.ts';
import type { TimeScale } from './scales.ts';

/** What a rect is: its px rule, its class and data attributes in the SVG outputs. */
export const ROLE = {
  /** idle interval of a rank; op = the bubble's index on the rank */
  bubble: 0,
  /** an op, or one half of an F&B pair (sub = half) */
  op: 1,
  /** sub-2-px ops of one kind merged into one box (canvas only); op = the first, sub = half */
  run: 2,
  /** outline of an F&B pair or of an op opened into its pieces (stroked, not filled) */
  border: 3,
  /** compute piece of an op opened into its pieces (sub = index in the chunk's compute stream) */
  piece: 4,
  /** all-to-all piece of an opened op (sub = index in the chunk's comm stream) */
  commPiece: 5,
  /** a collapsed op's all-to-all envelope, first to last comm piece */
  envelope: 6,
  /** PP send after an op (sub: 0 = forward output, 1 = input gradient) */
  send: 7,
} as const;

/** Vertical place of a rect inside its rank's row. */
export const BAND = { compute: 0, top: 1, bottom: 2, comm: 3, pp: 4, ppTop: 5, ppBottom: 6 } as const;

export interface Arrow {
  /** from the producer's end to the consumer's start, timeline units */
  t0: number;
  t1: number;
  rank0: number;
  rank1: number;
  band0: number;
  band1: number;
  /** op indices, for data-arrow */
  from: number;
  to: number;
}

export class ShapeBuffer {
  n = 0;
  role = new Uint8Array(256);
  band = new Uint8Array(256);
  rank = new Int32Array(256);
  t0 = new Float64Array(256);
  t1 = new Float64Array(256);
  op = new Int32Array(256);
  sub = new Int32Array(256);
  /** 1 = outside the highlighted micro-batch (drawn at palette.dim) */
  dim = new Uint8Array(256);
  fill: string[] = [];
  opsFrom = 0;
  streamsFrom = 0;

  /** labels: centred on rect `labelRect[j]` */
  labels = 0;
  labelRect = new Int32Array(64);
  labelText: string[] = [];
  labelColor: string[] = [];

  arrows: Arrow[] = [];
  /** ops of the highlighted micro-batch, outlined */
  outlines: number[] = [];
  /** ops looked at (the visible ones), for the painters' statistics */
  walked = 0;

  reset(): this {
    this.n = 0;
    this.labels = 0;
    this.opsFrom = 0;
    this.streamsFrom = 0;
    this.arrows = [];
    this.outlines = [];
    this.walked = 0;
    return this;
  }

  rect(role: number, band: number, rank: number, t0: number, t1: number, op: number, sub: number, dim: number, fill: string): number {
    const k = this.n;
    if (k === this.role.length) this.grow();
    this.role[k] = role;
    this.band[k] = band;
    this.rank[k] = rank;
    this.t0[k] = t0;
    this.t1[k] = t1;
    this.op[k] = op;
    this.sub[k] = sub;
    this.dim[k] = dim;
    this.fill[k] = fill;
    this.n = k + 1;
    return k;
  }

  label(rect: number, text: string, color: string): void {
    const j = this.labels;
    if (j === this.labelRect.length) {
      const a = new Int32Array(j * 2);
      a.set(this.labelRect);
      this.labelRect = a;
    }
    this.labelRect[j] = rect;
    this.labelText[j] = text;
    this.labelColor[j] = color;
    this.labels = j + 1;
  }

  private grow(): void {
    const cap = this.role.length * 2;
    const more = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(cap);
      b.set(a);
      return b;
    };
    this.role = more(this.role, Uint8Array);
    this.band = more(this.band, Uint8Array);
    this.rank = more(this.rank, Int32Array);
    this.t0 = more(this.t0, Float64Array);
    this.t1 = more(this.t1, Float64Array);
    this.op = more(this.op, Int32Array);
    this.sub = more(this.sub, Int32Array);
    this.dim = more(this.dim, Uint8Array);
  }
}

/** A px box (reused by the emitters: one object per frame, not per shape). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const box = (): Box => ({ x: 0, y: 0, w: 0, h: 0 });

/** The px span of (rank, band). */
export function bandPx(rows: Rows, rank: number, band: number, out: Box): Box {
  const row = rows.rows[rank];
  const lane = row.compute;
  out.y = lane.y;
  out.h = lane.h;
  if (band === BAND.top) out.h = lane.h / 2;
  else if (band === BAND.bottom) {
    out.y = lane.y + lane.h / 2;
    out.h = lane.h / 2;
  } else if (band >= BAND.comm) {
    const l = band === BAND.comm ? row.comm : row.pp;
    if (!l) return out;
    out.y = l.y;
    out.h = l.h;
    // both sends of an op: two thin bars with a gap between them
    if (band === BAND.ppTop) out.h = l.h / 2 - 0.25;
    else if (band === BAND.ppBottom) {
      out.y = l.y + l.h / 2 + 0.25;
      out.h = l.h / 2 - 0.25;
    }
  }
  return out;
}

/**
 * Rect k in px. Op boxes wider than 4 px leave a 1 px gap before the next op and are never
 * thinner than 0.75 px; pieces leave half a px; outlines sit on the half-pixel grid inside
 * their op's box (a 1 px stroke stays crisp); lanes' thin marks are at least 1 px wide.
 */
export function rectPx(s: ShapeBuffer, k: number, x: TimeScale, rows: Rows, out: Box): Box {
  bandPx(rows, s.rank[k], s.band[k], out);
  const a = x.clampedPx(s.t0[k]);
  const w = x.clampedPx(s.t1[k]) - a;
  out.x = a;
  switch (s.role[k]) {
    case ROLE.op:
    case ROLE.run:
      out.w = opWidth(w);
      break;
    case ROLE.border:
      out.x = a + 0.5;
      out.w = Math.max(0, opWidth(w) - 1);
      out.y += 0.5;
      out.h -= 1;
      break;
    case ROLE.piece:
    case ROLE.commPiece:
      out.w = Math.max(0.5, w - 0.5);
      break;
    default:
      out.w = Math.max(1, w);
  }
  return out;
}

/** Drawn width of an op `w` px long (see rectPx). */
export function opWidth(w: number): number {
  return w > 4 ? w - 1 : Math.max(0.75, w);
}

/** Where label j is drawn: the centre of its rect (half a px down: digits sit low otherwise). */
export function labelPx(s: ShapeBuffer, j: number, x: TimeScale, rows: Rows, out: Box): Box {
  rectPx(s, s.labelRect[j], x, rows, out);
  out.x += out.w / 2;
  out.y += out.h / 2 + 0.5;
  return out;
}

/**
 * The arrow's cubic curve in px (leaves the producer rightwards, enters the consumer from the
 * left), or null when it lies wholly outside the plot. Unclamped: an arrow leaving the window
 * must not pile up at its edge; the emitters clip it to the plot.
 */
export function arrowPath(a: Arrow, x: TimeScale, rows: Rows, tmp: Box): string | null {
  const x1 = x.px(a.t0);
  const x2 = x.px(a.t1);
  if (!x.overlaps(x1, x2)) return null;
  bandPx(rows, a.rank0, a.band0, tmp);
  const y1 = tmp.y + tmp.h / 2;
  bandPx(rows, a.rank1, a.band1, tmp);
  const y2 = tmp.y + tmp.h / 2;
  const dx = Math.max(6, Math.abs(x2 - x1) / 2);
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return `M${r(x1)},${r(y1)} C${r(x1 + dx)},${r(y1)} ${r(x2 - dx)},${r(y2)} ${r(x2)},${r(y2)}`;
}

/** The outline around an op (highlight, hover, keyboard cursor) in px, or null outside the plot. */
export function outlinePx(start: number, end: number, rank: number, x: TimeScale, rows: Rows): Box | null {
  const a = x.insidePx(start);
  const b = x.insidePx(end);
  if (b <= x.left || a >= x.right) return null;
  const lane = rows.rows[rank].compute;
  return { x: a - 1.5, y: lane.y - 1.5, w: Math.max(2, b - a) + 3, h: lane.h + 3 };
}

/**
 * The mark of an op that pushes its rank past the memory limit (render/overLimit.ts) in px: a 3 px
 * bar along the top of its rank's row, at least 1.5 px wide, or null outside the plot. Unclamped:
 * the emitters clip it to the plot.
 */
export function memoryMarkPx(start: number, end: number, rank: number, x: TimeScale, rows: Rows): Box | null {
  const a = x.px(start);
  const b = x.px(end);
  if (b < x.left || a > x.right) return null;
  return { x: a, y: rows.rows[rank].y, w: Math.max(1.5, b - a), h: 3 };
}
