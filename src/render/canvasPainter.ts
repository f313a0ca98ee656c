/**
 * Canvas2D painter for large timelines (docs/style.md D): draws the same layout, rows and scale as the
 * SVG view (grid, bubbles, ops with FB halves and labels, detailed-mode lanes), culled to the
 * visible window. Coordinates: the caller's context is scaled by the device pixel ratio, so all
 * numbers here are CSS px.
 *
 * Speed: per rank only the visible index range is walked (binary search); runs of sub-2-px ops of
 * one kind merge into one rectangle while their gaps are under a px (ops of any kind within one
 * px column too) — at P=64/M=512 fully zoomed out ~41k ops become ~10k rectangles. Rectangles,
 * borders and labels are collected per colour and drawn as one path each (a fillStyle change per
 * rectangle costs more than the rectangle: the colour string is parsed every time).
 */
import { visibleBubbles, visibleRange } from './cull.ts';
import { isExpanded, labelFits, opLabel, pieceLabel } from './geometry.ts';
import { KIND_CODES, type Layout } from './layout.ts';
import { pieceFill, textOn, type Palette, type SimpleKindName } from './palette.ts';
import type { Rows } from './rows.ts';
import { clampedPx, type TimeScale } from './scales.ts';

export interface PaintInput {
  layout: Layout;
  rows: Rows;
  x: TimeScale;
  width: number;
  height: number;
  palette: Palette;
  /** per op: bit 0 = forward half highlighted, bit 1 = backward half; null = no highlight */
  highlight: Uint8Array | null;
  /** px positions of vertical grid lines */
  grid: number[];
  showBubbles: boolean;
  /** a hatch pattern drawn over the bubble fill (the SVG view's look), if the caller made one */
  bubbleHatch?: unknown;
}

export interface PaintStats {
  /** ops walked and rectangles filled */
  ops: number;
  fills: number;
}

/** The minimal 2D context surface the painter uses (a real context or a test recorder). */
export type Ctx = Pick<
  CanvasRenderingContext2D,
  'fillText' | 'clearRect' | 'beginPath' | 'moveTo' | 'lineTo' | 'stroke' | 'fill' | 'save' | 'restore' | 'rect' | 'clip'
> & {
  fillStyle: unknown;
  strokeStyle: unknown;
  globalAlpha: number;
  lineWidth: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
};

const FONT = '10px system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif';

/** Shapes grouped by (style, alpha), drawn with one path per group. */
class Batch {
  private readonly groups = new Map<unknown, Map<number, number[]>>();
  private readonly texts = new Map<string, Map<number, (string | number)[]>>();
  count = 0;

  rect(style: unknown, alpha: number, x: number, y: number, w: number, h: number): void {
    let byAlpha = this.groups.get(style);
    if (!byAlpha) this.groups.set(style, (byAlpha = new Map()));
    let a = byAlpha.get(alpha);
    if (!a) byAlpha.set(alpha, (a = []));
    a.push(x, y, w, h);
    this.count++;
  }

  text(color: string, alpha: number, text: string, x: number, y: number): void {
    let byAlpha = this.texts.get(color);
    if (!byAlpha) this.texts.set(color, (byAlpha = new Map()));
    let a = byAlpha.get(alpha);
    if (!a) byAlpha.set(alpha, (a = []));
    a.push(text, x, y);
  }

  fill(ctx: Ctx): void {
    this.paintRects(ctx, 'fill');
    this.drawTexts(ctx);
    ctx.globalAlpha = 1;
  }

  /** The labels alone (the SVG view's text layer). */
  fillTexts(ctx: Ctx): void {
    this.drawTexts(ctx);
    ctx.globalAlpha = 1;
  }

  /** Outlines (1 px, on the half-pixel grid). */
  stroke(ctx: Ctx): void {
    ctx.lineWidth = 1;
    this.paintRects(ctx, 'stroke');
    ctx.globalAlpha = 1;
  }

  /** One path per (colour, alpha) group: a few canvas calls per frame however many ops there are. */
  private paintRects(ctx: Ctx, mode: 'fill' | 'stroke'): void {
    for (const [style, byAlpha] of this.groups) {
      if (mode === 'fill') ctx.fillStyle = style;
      else ctx.strokeStyle = style;
      for (const [alpha, a] of byAlpha) {
        ctx.globalAlpha = alpha;
        ctx.beginPath();
        for (let k = 0; k < a.length; k += 4) ctx.rect(a[k], a[k + 1], a[k + 2], a[k + 3]);
        if (mode === 'fill') ctx.fill();
        else ctx.stroke();
      }
    }
  }

  private drawTexts(ctx: Ctx): void {
    for (const [color, byAlpha] of this.texts) {
      ctx.fillStyle = color;
      for (const [alpha, a] of byAlpha) {
        ctx.globalAlpha = alpha;
        for (let k = 0; k < a.length; k += 3) ctx.fillText(a[k] as string, a[k + 1] as number, a[k + 2] as number);
      }
    }
  }
}

/** Label font and alignment, then a clip to the plot range [left, right] (restore() ends it). */
function clipToPlot(ctx: Ctx, x: TimeScale, height: number): void {
  const [left, right] = x.range();
  ctx.font = FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, 0, right - left, height);
  ctx.clip();
}

function halfKind(code: number, half: 0 | 1): SimpleKindName {
  if (code === 4) return half === 0 ? 'F' : 'B';
  return KIND_CODES[code] as SimpleKindName;
}

export function paintChart(ctx: Ctx, input: PaintInput): PaintStats {
  const { layout, rows, x, width, height, palette: pal, highlight, grid } = input;
  const [t0, t1] = x.domain();
  ctx.fillStyle = pal.background;
  ctx.beginPath();
  ctx.rect(0, 0, width, height);
  ctx.fill();

  ctx.strokeStyle = pal.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const g of grid) {
    ctx.moveTo(Math.round(g) + 0.5, 0);
    ctx.lineTo(Math.round(g) + 0.5, height);
  }
  ctx.stroke();

  clipToPlot(ctx, x, height);
  const bubbles = new Batch();
  const fills = new Batch();
  const borders = new Batch();
  const { start, end, kind, dir, bdir } = layout.buf;
  const px = clampedPx(x);
  let walked = 0;

  for (const row of rows.rows) {
    const r = row.rank;
    const lane = row.compute;
    if (input.showBubbles) {
      const [k0, k1] = visibleBubbles(layout, r, t0, t1);
      const b = layout.bubbles[r];
      for (let k = k0; k < k1; k++) {
        const a = px(b[2 * k]);
        const w = Math.max(1, px(b[2 * k + 1]) - a);
        bubbles.rect(pal.bubble, 1, a, lane.y, w, lane.h);
        if (input.bubbleHatch) bubbles.rect(input.bubbleHatch, 1, a, lane.y, w, lane.h);
      }
    }
    const [i0, i1] = visibleRange(layout, r, t0, t1);
    walked += i1 - i0;
    // pending run of merged sub-pixel ops
    let runX0 = 0;
    let runX1 = -Infinity;
    let runKey = -1;
    let runAlpha = 1;
    const flush = () => {
      if (runKey < 0) return;
      const code = runKey >> 2;
      const w = Math.max(1, runX1 - runX0);
      if (code === 4) {
        const hh = lane.h / 2;
        fills.rect(pal.fill.F[(runKey >> 1) & 1], runAlpha, runX0, lane.y, w, hh);
        fills.rect(pal.fill.B[runKey & 1], runAlpha, runX0, lane.y + hh, w, lane.h - hh);
      } else fills.rect(pal.fill[halfKind(code, 0)][(runKey >> 1) & 1], runAlpha, runX0, lane.y, w, lane.h);
      runKey = -1;
    };
    for (let i = i0; i < i1; i++) {
      const x0 = px(start[i]);
      const x1 = px(end[i]);
      const w = x1 - x0;
      const hl = highlight ? highlight[i] : 3;
      const alpha = hl ? 1 : pal.dim;
      if (w < 2) {
        // Sub-2-px ops merge with a contiguous run of the same kind (direction tint of the run's
        // first op); inside one px column anything merges, keeping the run's colour: a column
        // cannot show more than one colour anyway.
        const key = (kind[i] << 2) | (dir[i] << 1) | bdir[i];
        if (runKey >= 0 && alpha === runAlpha && x0 - runX1 < 1 && (key >> 2 === runKey >> 2 || x1 - runX0 < 1)) {
          runX1 = Math.max(runX1, x1);
          continue;
        }
        flush();
        runKey = key;
        runAlpha = alpha;
        runX0 = x0;
        runX1 = x1;
        continue;
      }
      flush();
      opShapes(input, fills, borders, i, x0, w, lane.y, lane.h, hl);
    }
    flush();
    if (layout.detail && row.comm && row.pp) streamShapes(input, fills, r, row.comm, row.pp, i0, i1);
  }
  bubbles.fill(ctx);
  fills.fill(ctx);
  borders.stroke(ctx);
  ctx.restore();
  return { ops: walked, fills: bubbles.count + fills.count };
}

/**
 * The SVG view's text layer: the same labels paintChart draws (op micro-batch ids, and piece
 * names of ops opened into their pieces) on a transparent canvas laid over the SVG. Text is the
 * costliest SVG node to restyle, lay out and paint on every change; the op shapes with their
 * data attributes stay SVG. Grid, bubbles, bars and borders are left to the SVG.
 */
export function paintLabels(ctx: Ctx, input: PaintInput): void {
  const { layout, rows, x, width, height, highlight } = input;
  const [t0, t1] = x.domain();
  ctx.clearRect(0, 0, width, height);
  clipToPlot(ctx, x, height);
  const shapes = new Batch();
  const borders = new Batch();
  const { start, end } = layout.buf;
  const px = clampedPx(x);
  for (const row of rows.rows) {
    const [i0, i1] = visibleRange(layout, row.rank, t0, t1);
    for (let i = i0; i < i1; i++) {
      const x0 = px(start[i]);
      const w = px(end[i]) - x0;
      if (w >= 2) opShapes(input, shapes, borders, i, x0, w, row.compute.y, row.compute.h, highlight ? highlight[i] : 3);
    }
  }
  shapes.fillTexts(ctx);
  ctx.restore();
}

/** One op at a readable width: fill (two halves for FB), pair border, label, or its pieces. */
function opShapes(
  input: PaintInput,
  fills: Batch,
  borders: Batch,
  i: number,
  x0: number,
  w: number,
  y: number,
  h: number,
  hl: number,
): void {
  const { layout, palette: pal } = input;
  const code = layout.buf.kind[i];
  const ww = w > 4 ? w - 1 : w;
  if (isExpanded(layout, i, w)) {
    const o = layout.rects[i];
    const alpha = hl ? 1 : pal.dim;
    for (const p of layout.detail!.chunks[o.kind].streams.compute) {
      const a = input.x(o.start + p.start);
      const pw = input.x(o.start + p.end) - a;
      const fill = pieceFill(pal, p.piece, p.piece.endsWith('(F)') ? o.direction : (o.backwardDirection ?? o.direction));
      fills.rect(fill, alpha, a, y, Math.max(0.5, pw - 0.5), h);
      if (pw > 44 && h >= 9) fills.text(textOn(fill), alpha, pieceLabel(p.piece, p.layer), a + pw / 2, y + h / 2);
    }
    borders.rect(pal.pairBorder, alpha, x0 + 0.5, y + 0.5, ww - 1, h - 1);
    return;
  }
  const halves: (0 | 1)[] = code === 4 ? [0, 1] : [0];
  for (const half of halves) {
    const k = halfKind(code, half);
    const d = half === 0 ? layout.buf.dir[i] : layout.buf.bdir[i];
    const hy = code === 4 ? y + half * (h / 2) : y;
    const hh = code === 4 ? h / 2 : h;
    const alpha = hl & (1 << half) ? 1 : pal.dim;
    fills.rect(pal.fill[k][d], alpha, x0, hy, ww, hh);
    if (labelFits('0', ww, hh)) {
      const text = opLabel(layout, i, code === 4 ? half : -1);
      if (labelFits(text, ww, hh)) fills.text(pal.text[k][d], alpha, text, x0 + ww / 2, hy + hh / 2 + 0.5);
    }
  }
  if (code === 4 && ww > 3) borders.rect(pal.pairBorder, hl ? 1 : pal.dim, x0 + 0.5, y + 0.5, ww - 1, h - 1);
}

/** Detailed mode: all-to-all pieces (or each op's comm envelope when collapsed) and PP sends. */
function streamShapes(
  input: PaintInput,
  fills: Batch,
  r: number,
  comm: { y: number; h: number },
  pp: { y: number; h: number },
  i0: number,
  i1: number,
): void {
  const { layout, palette: pal, x } = input;
  const d = layout.detail!;
  const clampPx = clampedPx(x);
  // the sends of ops just left of the window reach into it
  const from = Math.max(layout.rankStart[r], i0 - 2);
  for (let i = from; i < i1; i++) {
    const o = layout.rects[i];
    const hl = input.highlight ? input.highlight[i] : 3;
    const alpha = hl ? 1 : pal.dim;
    if (i >= i0) {
      const w = x(o.end) - x(o.start);
      if (isExpanded(layout, i, w)) {
        for (const p of d.chunks[o.kind].streams.comm) {
          const a = clampPx(o.start + p.start);
          fills.rect(pieceFill(pal, p.piece, 0), alpha, a, comm.y, Math.max(0.5, clampPx(o.start + p.end) - a - 0.5), comm.h);
        }
      } else {
        const s = d.commSpan[o.kind];
        if (s.end > s.start) {
          const a = clampPx(o.start + s.start);
          fills.rect(pal.dispatch, alpha, a, comm.y, Math.max(1, clampPx(o.start + s.end) - a), comm.h);
        }
      }
    }
    const sends = d.sends[i];
    if (sends) {
      const a = clampPx(o.end);
      const w = Math.max(1, clampPx(o.end + d.pp) - a);
      if (sends === 3) {
        fills.rect(pal.pp, alpha, a, pp.y, w, pp.h / 2 - 0.25);
        fills.rect(pal.pp, alpha, a, pp.y + pp.h / 2 + 0.25, w, pp.h / 2 - 0.25);
      } else fills.rect(pal.pp, alpha, a, pp.y, w, pp.h);
    }
  }
}
