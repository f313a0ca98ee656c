/**
 * One chart of the exported figure as SVG text: the shapes the app's views draw (render/geometry.ts
 * → render/shapes.ts, mapped to px by the same functions) written as markup — grid, hatched
 * bubbles, one <g class="op"> per op with the SVG view's class and data attributes (render/
 * svgAttrs.ts) and a <title> tooltip, the detailed mode's lanes, the labels as <text>, the
 * highlighted micro-batch's arrows and outlines, and the gutter labels. Coordinates are px
 * relative to the chart's plot (the caller places it with a translate), 3 decimals. Pure.
 */
import { KIND_NAMES, rectAt, type Layout } from '../render/layout.ts';
import type { Palette } from '../render/palette.ts';
import type { Rows } from '../render/rows.ts';
import type { TimeScale, Units } from '../render/scales.ts';
import { gutterLabels } from '../render/figure.ts';
import { ROLE, arrowPath, box, labelPx, memoryMarkPx, outlinePx, rectPx, type ShapeBuffer } from '../render/shapes.ts';
import { opClass, opData, opRectsEnd, pieceOf } from '../render/svgAttrs.ts';
import { attrs, esc, num, text } from './svgParts.ts';

export interface ChartSvgInput {
  /** 0 = main, 1 = compare: names the clip path */
  chart: 0 | 1;
  layout: Layout;
  rows: Rows;
  x: TimeScale;
  palette: Palette;
  shapes: ShapeBuffer;
  bubble: readonly number[];
  units: Units;
  /** px of the grid lines (the axis ticks) */
  grid: readonly number[];
  /** layout indices of the ops that push their rank past its memory limit (render/overLimit.ts) */
  over?: readonly number[];
}

/** ids of the document's shared <defs> (svgDefs) */
export const HATCH_ID = 'hatch';
export const ARROW_ID = 'arrowhead';
export const clipId = (chart: 0 | 1) => `plot-clip-${chart}`;

/** Pattern, marker and per-chart clip paths, once per document. */
export function svgDefs(pal: Palette, clips: { chart: 0 | 1; x: TimeScale; height: number }[]): string {
  return [
    '<defs>',
    `<pattern${attrs({ id: HATCH_ID, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' })}>`,
    `<rect${attrs({ width: 6, height: 6, fill: pal.bubble })}/>`,
    `<line${attrs({ x1: 0, y1: 0, x2: 0, y2: 6, stroke: pal.bubbleStroke, 'stroke-width': 1.5 })}/>`,
    '</pattern>',
    `<marker${attrs({ id: ARROW_ID, viewBox: '0 0 8 8', refX: 7, refY: 4, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' })}>`,
    `<path${attrs({ d: 'M0,0 L8,4 L0,8 z', fill: pal.highlight })}/>`,
    '</marker>',
    ...clips.map(
      (c) => `<clipPath id="${clipId(c.chart)}"><rect${attrs({ x: c.x.left, y: 0, width: c.x.width, height: c.height })}/></clipPath>`,
    ),
    '</defs>',
  ].join('\n');
}

function opTip(layout: Layout, i: number): string {
  const o = rectAt(layout, i);
  const fb = o.kind === 'FB' ? ` + backward stage ${o.backwardStage} micro-batch ${o.backwardMicrobatch}` : '';
  return `rank ${o.rank} · ${KIND_NAMES[o.kind]} · stage ${o.stage} · micro-batch ${o.microbatch}${fb} · ${num(o.start)}–${num(o.end)}`;
}

/**
 * Rects [k0, k1) as <rect> elements; `dimAll`: their group carries the dimming instead. Written
 * without attrs(): 40k ops make this the export's hot loop, and every value here is a number, a
 * palette colour or a piece name (no markup to escape).
 */
function rectsSvg(c: ChartSvgInput, k0: number, k1: number, dimAll: boolean, out: string[]): void {
  const { shapes: s, palette: pal } = c;
  const b = box();
  const dim = num(pal.dim);
  for (let k = k0; k < k1; k++) {
    rectPx(s, k, c.x, c.rows, b);
    const role = s.role[k];
    const piece = pieceOf(c.layout, s, k);
    let tag = '<rect';
    if (role === ROLE.border) tag += ' class="pair-border"';
    else if (role === ROLE.envelope) tag += ' class="comm-envelope"';
    else if (role === ROLE.bubble) tag += ' class="bubble"';
    if (piece) tag += ` data-piece="${esc(piece.piece)}"${piece.layer >= 0 ? ` data-layer="${piece.layer}"` : ''}`;
    tag += ` x="${num(b.x)}" y="${num(b.y)}" width="${num(b.w)}" height="${num(b.h)}"`;
    if (role === ROLE.border) tag += ` fill="none" stroke="${s.fill[k]}"`;
    else if (role !== ROLE.bubble) tag += ` fill="${s.fill[k]}"`;
    if (s.dim[k] && !dimAll) tag += ` opacity="${dim}"`;
    out.push(`${tag}/>`);
  }
}

/** The chart's plot: grid, then everything inside the plot range clipped to it, then the gutter labels. */
export function chartSvg(c: ChartSvgInput): string {
  const { shapes: s, layout, palette: pal, x, rows } = c;
  const out: string[] = [`<g class="grid"${attrs({ stroke: pal.grid })}>`];
  for (const g of c.grid) out.push(`<line${attrs({ x1: Math.round(g) + 0.5, x2: Math.round(g) + 0.5, y1: 0, y2: rows.height })}/>`);
  out.push('</g>', `<g clip-path="url(#${clipId(c.chart)})">`, `<g class="bubbles" fill="url(#${HATCH_ID})">`);
  rectsSvg(c, 0, s.opsFrom, false, out);
  out.push('</g>', '<g class="ops" shape-rendering="crispEdges">');
  for (let k = s.opsFrom; k < s.streamsFrom;) {
    const e = opRectsEnd(s, k);
    const i = s.op[k];
    const expanded = s.role[k] === ROLE.piece;
    let tag = `<g class="${opClass(layout, i, expanded)}"`;
    for (const [n, v] of opData(layout, i)) tag += ` ${n}="${v}"`;
    if (expanded && s.dim[k]) tag += ` opacity="${num(pal.dim)}"`;
    out.push(`${tag}>`, `<title>${esc(opTip(layout, i))}</title>`);
    rectsSvg(c, k, e, expanded, out);
    out.push('</g>');
    k = e;
  }
  out.push('</g>');
  if (layout.detail) {
    out.push('<g class="streams">');
    rectsSvg(c, s.streamsFrom, s.n, false, out);
    out.push('</g>');
  }
  out.push(`<g class="labels"${attrs({ 'font-size': 10, 'text-anchor': 'middle', 'dominant-baseline': 'central' })}>`);
  const b = box();
  for (let j = 0; j < s.labels; j++) {
    labelPx(s, j, x, rows, b);
    out.push(text(b.x, b.y, s.labelText[j], { fill: s.labelColor[j], opacity: s.dim[s.labelRect[j]] ? pal.dim : undefined }));
  }
  out.push('</g>');
  if (c.over?.length) {
    out.push(`<g class="mem-over"${attrs({ fill: pal.error })}>`);
    for (const i of c.over) {
      const m = memoryMarkPx(layout.buf.start[i], layout.buf.end[i], layout.buf.rank[i], x, rows);
      if (m) out.push(`<rect${attrs({ x: m.x, y: m.y, width: m.w, height: m.h })}/>`);
    }
    out.push('</g>');
  }
  if (s.arrows.length || s.outlines.length) {
    out.push(`<g class="arrows"${attrs({ stroke: pal.highlight, fill: 'none', 'stroke-width': 1.4 })}>`);
    for (const a of s.arrows) {
      const d = arrowPath(a, x, rows, b);
      if (d) out.push(`<path${attrs({ d, 'marker-end': `url(#${ARROW_ID})`, 'data-arrow': `${a.from}-${a.to}` })}/>`);
    }
    for (const op of s.outlines) {
      const o = outlinePx(layout.buf.start[op], layout.buf.end[op], layout.buf.rank[op], x, rows);
      if (o) out.push(`<rect${attrs({ class: 'path-outline', x: o.x, y: o.y, width: o.w, height: o.h, 'stroke-width': 1.5 })}/>`);
    }
    out.push('</g>');
  }
  out.push('</g>', `<g class="rank-labels"${attrs({ fill: pal.muted })}>`);
  for (const l of gutterLabels(rows, c.bubble, c.units, x))
    out.push(
      text(l.x, l.y, l.text, { class: l.className, 'text-anchor': l.anchor, 'dominant-baseline': 'central', 'font-size': l.fontSize }),
    );
  out.push('</g>');
  return out.join('\n');
}
