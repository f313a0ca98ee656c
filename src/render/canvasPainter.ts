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

/**
 * Rectangles (x, y, w, h) grouped by (style, dimmed): one Map per dimming, and the last group
 * remembered — neighbouring shapes mostly share a colour, so most rects skip the lookup.
 */
class RectGroups {
  readonly byDim: [Map<unknown, number[]>, Map<unknown, number[]>] = [new Map(), new Map()];
  private lastStyle: unknown = undefined;
  private lastDim = -1;
  private last: number[] = [];
  count = 0;

  add(style: unknown, dim: number, b: Box): void {
    if (style !== this.lastStyle || dim !== this.lastDim) {
      const m = this.byDim[dim];
      let a = m.get(style);
      if (!a) m.set(style, (a = []));
      this.last = a;
      this.lastStyle = style;
      this.lastDim = dim;
    }
    this.last.push(b.x, b.y, b.w, b.h);
    this.count++;
  }

  /** One path per group: a few canvas calls per frame however many ops there are. */
  paint(ctx: Ctx, mode: 'fill' | 'stroke', dimAlpha: number): void {
    this.byDim.forEach((m, dim) => {
      ctx.globalAlpha = dim ? dimAlpha : 1;
      for (const [style, a] of m) {
        if (mode === 'fill') ctx.fillStyle = style;
        else ctx.strokeStyle = style;
        ctx.beginPath();
        for (let k = 0; k < a.length; k += 4) ctx.rect(a[k], a[k + 1], a[k + 2], a[k + 3]);
        if (mode === 'fill') ctx.fill();
        else ctx.stroke();
      }
    });
    ctx.globalAlpha = 1;
  }
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
  const groups: [Map<string, (string | number)[]>, Map<string, (string | number)[]>] = [new Map(), new Map()];
  const b = box();
  for (let j = 0; j < s.labels; j++) {
    labelPx(s, j, x, rows, b);
    const m = groups[s.dim[s.labelRect[j]]];
    const color = s.labelColor[j];
    let a = m.get(color);
    if (!a) m.set(color, (a = []));
    a.push(s.labelText[j], b.x, b.y);
  }
  groups.forEach((m, dim) => {
    ctx.globalAlpha = dim ? pal.dim : 1;
    for (const [color, a] of m) {
      ctx.fillStyle = color;
      for (let k = 0; k < a.length; k += 3) ctx.fillText(a[k] as string, a[k + 1] as number, a[k + 2] as number);
    }
  });
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
  const bubbles = new RectGroups();
  const fills = new RectGroups();
  const borders = new RectGroups();
  const b = box();
  for (let k = 0; k < s.n; k++) {
    rectPx(s, k, x, rows, b);
    const role = s.role[k];
    if (role === ROLE.bubble) {
      bubbles.add(s.fill[k], 0, b);
      if (input.bubbleHatch) bubbles.add(input.bubbleHatch, 0, b);
    } else if (role === ROLE.border) borders.add(s.fill[k], s.dim[k], b);
    else fills.add(s.fill[k], s.dim[k], b);
  }
  bubbles.paint(ctx, 'fill', pal.dim);
  fills.paint(ctx, 'fill', pal.dim);
  ctx.lineWidth = 1;
  borders.paint(ctx, 'stroke', pal.dim);
  paintTexts(ctx, input);
  ctx.restore();
  return { ops: s.walked, fills: bubbles.count + fills.count };
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
