/**
 * Building blocks shared by the SVG exporters (svgExport: schedules, pairSvg: one F&B pair):
 * number rounding, XML escaping, attributes, text, the x axis, the legend and the document head.
 * Pure string building; every number written is rounded to 3 decimals and every text is escaped,
 * so no input can inject markup.
 */
import { format } from 'd3';
import type { OpKind } from '../engine/index.ts';
import { legendEntries } from '../render/figure.ts';
import { getPalette, type Palette } from '../render/palette.ts';
import { COST_UNITS, axisTicks, type TimeScale } from '../render/scales.ts';

export const FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Helvetica, Arial, sans-serif";
export const INK = '#1f2937';
export const MUTED = '#6b7280';
export const GRID = '#d1d5db';
/** Overlap pieces by phase (docs/overlap.md §2): forward, backward for input, backward for weights. */
const CB = getPalette('cb', 'light').fill;
export const PHASE_COLORS = { F: CB.F[0], B: CB.I[0], W: CB.W[0] } as const;

/** Number → shortest text with at most 3 decimals ("-0" → "0"). */
export function num(x: number): string {
  const v = Math.round(x * 1000) / 1000;
  return String(v === 0 ? 0 : v);
}

/** Readable metric: grouped digits, at most 6 significant digits ("1,714,810", "0.5"). */
export const big = format(',.6~r');

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** XML-escapes text and attribute values; drops characters XML 1.0 forbids. */
export function esc(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => ESC[c]);
}

export type Attrs = Record<string, string | number | undefined>;

export function attrs(a: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out += ` ${k}="${typeof v === 'number' ? num(v) : esc(v)}"`;
  return out;
}

export function text(x: number, y: number, s: string, a: Attrs = {}): string {
  return `<text${attrs({ x, y, ...a })}>${esc(s)}</text>`;
}

/** `<?xml?>`, the root `<svg>` (xmlns, size, viewBox, font, text colour) and its `<title>`. */
export function svgHead(width: number, height: number, title: string, fill = INK): string[] {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({ width, height, viewBox: `0 0 ${num(width)} ${num(height)}`, 'font-family': FONT_STACK, 'font-size': 11, fill, role: 'img', 'aria-label': title })}>`,
    `<title>${esc(title)}</title>`,
  ];
}

export function whiteBackground(width: number, height: number): string {
  return `<rect${attrs({ x: 0, y: 0, width, height, fill: '#ffffff' })}/>`;
}

/** The x axis under the chart: line, ticks, d3 tick labels, unit label at the right. */
export function axis(x: TimeScale, y0: number, unit: string): string {
  const out = [`<g class="axis" stroke="${GRID}">`, `<line${attrs({ x1: x.left, x2: x.right, y1: y0 + 2, y2: y0 + 2 })}/>`];
  // d3's ticks and format: grouped digits and just enough decimals for the tick step ("1,200,000", "0.5")
  const ticks = axisTicks(x, COST_UNITS);
  for (const t of ticks) out.push(`<line${attrs({ x1: t.px, x2: t.px, y1: y0 + 2, y2: y0 + 7 })}/>`);
  out.push('</g>');
  for (const t of ticks) out.push(text(t.px, y0 + 18, t.label, { 'text-anchor': 'middle', fill: MUTED }));
  out.push(text(x.right, y0 + 32, `time (${unit})`, { 'text-anchor': 'end', fill: MUTED }));
  return out.join('\n');
}

/** Legend row height and swatch size, px (the app's legend: 16×12 swatches, 11.5 px labels). */
const LEGEND_ROW = 18;

/**
 * The app's legend (render/figure.ts legendEntries) laid out left to right from x = 12, wrapping
 * at the right edge; `y` is the first row's text baseline. Returns the markup and the y below it.
 */
export function legendSvg(
  pal: Palette,
  o: { kinds: ReadonlySet<OpKind>; dual: boolean; detailed: boolean },
  width: number,
  y: number,
): { svg: string; bottom: number } {
  const out = [`<g${attrs({ class: 'legend', 'font-size': 11.5, fill: pal.muted })}>`];
  let x0 = 12;
  let row = 0;
  for (const e of legendEntries(pal, o)) {
    // no text metrics without a DOM: advance by an upper bound of the label width at 11.5 px
    const w = 20 + e.label.length * 6.5 + 12;
    if (x0 > 12 && x0 + w > width - 12) {
      x0 = 12;
      row++;
    }
    const top = y + row * LEGEND_ROW - 10;
    if (e.split) {
      out.push(`<rect${attrs({ x: x0 + 0.5, y: top + 0.5, width: 15, height: 5.5, fill: e.fill })}/>`);
      out.push(`<rect${attrs({ x: x0 + 0.5, y: top + 6, width: 15, height: 5.5, fill: e.split })}/>`);
    } else out.push(`<rect${attrs({ x: x0 + 0.5, y: top + 0.5, width: 15, height: 11, fill: e.fill })}/>`);
    if (e.border) out.push(`<rect${attrs({ x: x0 + 0.5, y: top + 0.5, width: 15, height: 11, fill: 'none', stroke: e.border })}/>`);
    out.push(text(x0 + 20, top + 10, e.label));
    x0 += w;
  }
  out.push('</g>');
  return { svg: out.join('\n'), bottom: y + row * LEGEND_ROW + 6 };
}
