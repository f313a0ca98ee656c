/**
 * Canvas2D emitter of a chart's shapes (render/geometry.ts → render/shapes.ts), for windows with
 * more ops than SVG can redraw per frame: background, grid, hatched bubbles, op boxes (F&B
 * halves, reverse-direction tint, dimming), outlines and labels — the same shapes the SVG view
 * and the export draw, mapped to px by the same functions. Coordinates: the caller's context is
 * scaled by the device pixel ratio, so all numbers here are CSS px.
 *
 * Speed: rectangles, outlines and labels are collected per (colour, dimmed) and drawn as one path
 * each (a fillStyle change per rectangle costs more than the rectangle: the colour string is
 * parsed every time); the geometry has already merged sub-pixel ops into runs.
 */
import type { Palette } from './palette.ts';
import type { Rows } from './rows.ts';
import type { TimeScale } from './scales.ts';
import { ROLE, box, labelPx, rectPx, type Box, type ShapeBuffer } from './shapes.ts';

export interface PaintInput {
  shapes: ShapeBuffer;
  rows: Rows;
  x: TimeScale;
  width: number;
  height: number;
  palette: Palette;
  /** px positions of vertical grid lines */
  grid: readonly number[];
  /** a hatch pattern drawn over the bubble fill (the SVG outputs' look), if the caller made one */
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

export const LABEL_FONT = '10px system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif';

/** Rectangles (4 numbers each) or labels (text, x, y) grouped by style, then by alpha. */
type Groups<T> = Map<unknown, Map<number, T[]>>;

function group<T>(g: Groups<T>, style: unknown, alpha: number): T[] {
  let byAlpha = g.get(style);
  if (!byAlpha) g.set(style, (byAlpha = new Map()));
  let a = byAlpha.get(alpha);
  if (!a) byAlpha.set(alpha, (a = []));
  return a;
}

function add(g: Groups<number>, style: unknown, alpha: number, b: Box): void {
  group(g, style, alpha).push(b.x, b.y, b.w, b.h);
}

/** One path per (style, alpha) group: a few canvas calls per frame however many ops there are. */
function paintRects(ctx: Ctx, g: Groups<number>, mode: 'fill' | 'stroke'): void {
  for (const [style, byAlpha] of g) {
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
  ctx.globalAlpha = 1;
}

/** Label font and alignment, then a clip to the plot range (restore() ends it). */
function clipToPlot(ctx: Ctx, x: TimeScale, height: number): void {
  ctx.font = LABEL_FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.save();
  ctx.beginPath();
  ctx.rect(x.left, 0, x.width, height);
  ctx.clip();
}

function paintTexts(ctx: Ctx, input: PaintInput): void {
  const { shapes: s, x, rows, palette: pal } = input;
  const g: Groups<string | number> = new Map();
  const b = box();
  for (let j = 0; j < s.labels; j++) {
    labelPx(s, j, x, rows, b);
    group(g, s.labelColor[j], s.dim[s.labelRect[j]] ? pal.dim : 1).push(s.labelText[j], b.x, b.y);
  }
  for (const [color, byAlpha] of g) {
    ctx.fillStyle = color;
    for (const [alpha, a] of byAlpha) {
      ctx.globalAlpha = alpha;
      for (let k = 0; k < a.length; k += 3) ctx.fillText(a[k] as string, a[k + 1] as number, a[k + 2] as number);
    }
  }
  ctx.globalAlpha = 1;
}

export function paintChart(ctx: Ctx, input: PaintInput): PaintStats {
  const { shapes: s, rows, x, width, height, palette: pal } = input;
  ctx.fillStyle = pal.background;
  ctx.beginPath();
  ctx.rect(0, 0, width, height);
  ctx.fill();

  ctx.strokeStyle = pal.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const g of input.grid) {
    ctx.moveTo(Math.round(g) + 0.5, 0);
    ctx.lineTo(Math.round(g) + 0.5, height);
  }
  ctx.stroke();

  clipToPlot(ctx, x, height);
  const bubbles: Groups<number> = new Map();
  const fills: Groups<number> = new Map();
  const borders: Groups<number> = new Map();
  const b = box();
  for (let k = 0; k < s.n; k++) {
    rectPx(s, k, x, rows, b);
    const role = s.role[k];
    const alpha = s.dim[k] ? pal.dim : 1;
    if (role === ROLE.bubble) {
      add(bubbles, s.fill[k], 1, b);
      if (input.bubbleHatch) add(bubbles, input.bubbleHatch, 1, b);
    } else if (role === ROLE.border) add(borders, s.fill[k], alpha, b);
    else add(fills, s.fill[k], alpha, b);
  }
  paintRects(ctx, bubbles, 'fill');
  paintRects(ctx, fills, 'fill');
  ctx.lineWidth = 1;
  paintRects(ctx, borders, 'stroke');
  paintTexts(ctx, input);
  ctx.restore();
  return { ops: s.walked, fills: s.n - count(borders) };
}

function count(g: Groups<number>): number {
  let n = 0;
  for (const byAlpha of g.values()) for (const a of byAlpha.values()) n += a.length / 4;
  return n;
}

/**
 * The SVG view's text layer: the chart's labels alone on a transparent canvas laid over the SVG.
 * Text is the costliest SVG node to restyle, lay out and paint on every change; the op shapes
 * with their data attributes stay SVG.
 */
export function paintLabels(ctx: Ctx, input: PaintInput): void {
  ctx.clearRect(0, 0, input.width, input.height);
  clipToPlot(ctx, input.x, input.height);
  paintTexts(ctx, input);
  ctx.restore();
}
