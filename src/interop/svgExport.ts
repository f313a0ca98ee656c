/**
 * Standalone SVG of a schedule timeline (docs/style.md E, docs/interop.md §7): the one renderer behind the
 * app's "Export SVG" and `pipescope schedule --format svg`, so the same parameters give
 * byte-identical files. Pure string building from the shared layout (render/layout.ts): no DOM,
 * no clock, no random ids.
 *
 * The file is self-contained: xmlns + viewBox, presentation attributes instead of CSS, a generic
 * font stack, no external references (no href, no url(), no web fonts). It has a title, rank
 * labels, one <rect class="op"> per op (data-rank/kind/stage/microbatch as in the app's chart), an
 * x axis, a legend, a metrics caption and the project JSON in <metadata id="pipescope-project">
 * so the file re-opens in the app. Coordinates are px, rounded to 3 decimals; every text is
 * XML-escaped. In the detailed overlap mode each rank row also shows its compute and comm pieces.
 */
import { scaleLinear } from 'd3';
import { computeMetrics } from '../engine/index.ts';
import type { Timeline } from '../engine/index.ts';
import type { PlacedPiece, RankStreams } from '../engine/overlap/index.ts';
import { phaseOf } from '../engine/overlap/index.ts';
import { KIND_COLORS, KIND_NAMES, layoutTimeline } from '../render/layout.ts';
import type { OpKind } from '../engine/index.ts';
import { SVG_METADATA_ID, projectJson, type Project, type ProjectParams } from './projectFile.ts';
import { INK, MUTED, PHASE_COLORS, attrs, axis, big, esc, num, svgHead, text, whiteBackground } from './svgParts.ts';

export { FONT_STACK, esc, num } from './svgParts.ts';

export interface SvgOptions {
  /** total width, px (default 1200) */
  width?: number;
  /** replaces the generated title (escaped; shown as text, never markup) */
  title?: string;
  /** per-rank stream pieces: adds compute and comm sub-lanes (default: a DetailedTimeline's own) */
  pieces?: RankStreams[];
  /** unit of the time axis (default "cost units"; "µs" for a DetailedTimeline) */
  timeUnit?: string;
}

const LEFT = 64;
const RIGHT = 16;
const TOP = 58;
const BAR = 20;
const SUB = 8;
const GAP = 4;
const LEGEND_ROW = 16;

const DISPLAY: Record<string, string> = {
  gpipe: 'GPipe',
  '1f1b': '1F1B',
  'interleaved-1f1b': 'Interleaved 1F1B',
  'looped-bfs': 'Looped BFS',
  'zb-h1': 'ZB-H1',
  'zb-h2': 'ZB-H2',
  'zb-v': 'ZB-V',
  'v-half': 'V-Half',
  'v-min': 'V-Min',
  dualpipe: 'DualPipe',
  dualpipev: 'DualPipeV',
  custom: 'Custom schedule',
};

/** Default file name: `pipescope-<schedule>-p<P>-m<M>.svg` (any extension). */
export function svgFileName(params: ProjectParams | Project, ext = 'svg'): string {
  const p = 'params' in params ? params.params : params;
  const safe = String(p.schedule).replace(/[^a-z0-9-]/gi, '_');
  return `pipescope-${safe}-p${p.ranks}-m${p.microbatches}.${ext}`;
}

function costsLine(p: Project): string {
  const c = p.costs;
  const ov = p.overlap;
  const bw =
    ov && (ov.nvlinkGBps !== undefined || ov.ibGBps !== undefined)
      ? `, NVLink ${ov.nvlinkGBps ?? 'preset'} / IB ${ov.ibGBps ?? 'preset'} GB/s`
      : '';
  const o = ov ? ` · overlap ${ov.preset}, ${ov.commSms} comm SMs${ov.layers ? `, ${ov.layers} layers` : ''}${bw}` : '';
  return `costs F=${num(c.F)} I=${num(c.I)} W=${num(c.W)} B=${num(c.B)} FB=${num(c.FB)} comm=${num(c.comm)}${o}`;
}

/** The whole SVG document as a string (ends with a newline). */
export function scheduleSvg(timeline: Timeline, project: Project, opts: SvgOptions = {}): string {
  const width = opts.width ?? 1200;
  if (!Number.isFinite(width) || width < 300 || width > 20000) throw new RangeError(`SVG width must be 300..20000 px; got ${width}`);
  const layout = layoutTimeline(timeline);
  const metrics = computeMetrics(timeline);
  const detailed = 'pieces' in timeline ? (timeline as Timeline & { pieces: RankStreams[] }).pieces : undefined;
  const pieces = opts.pieces ?? detailed;
  const rowH = BAR + (pieces ? 2 * (SUB + 1) : 0) + GAP * 2;
  const chartBottom = TOP + layout.ranks * rowH;
  const items = legendRows(new Set(layout.rects.map((o) => o.kind)), !!pieces, width);
  const legendExtra = (items.length ? items[items.length - 1].row : 0) * LEGEND_ROW;
  const height = chartBottom + 94 + legendExtra;
  const x = scaleLinear()
    .domain([0, Math.max(layout.makespan, 1e-9)])
    .range([LEFT, width - RIGHT]);
  const rowY = (r: number) => TOP + r * rowH + GAP;
  const p = project.params;
  const title =
    opts.title ??
    `${DISPLAY[p.schedule] ?? p.schedule} · P=${p.ranks} ranks · M=${p.microbatches} micro-batches${p.stagesPerRank > 1 ? ` · ${p.stagesPerRank} stages per rank` : ''}`;
  const out: string[] = [];
  out.push(...svgHead(width, height, title));
  out.push(`<metadata id="${SVG_METADATA_ID}">${esc(projectJson(project, 0))}</metadata>`);
  out.push(whiteBackground(width, height));
  out.push(text(LEFT, 24, title, { 'font-size': 15, 'font-weight': 'bold' }));
  out.push(text(LEFT, 42, costsLine(project), { fill: MUTED }));
  out.push('<g class="ranks">');
  for (let r = 0; r < layout.ranks; r++)
    out.push(text(LEFT - 8, rowY(r) + BAR / 2, `rank ${r}`, { 'text-anchor': 'end', 'dominant-baseline': 'central' }));
  out.push('</g>');
  out.push('<g class="ops">');
  for (const o of layout.rects) {
    const x0 = x(o.start);
    const w = Math.max(0.5, x(o.end) - x0);
    const y = rowY(o.rank);
    const fb = o.kind === 'FB' ? ` + backward stage ${o.backwardStage} micro-batch ${o.backwardMicrobatch}` : '';
    const tip = `rank ${o.rank} · ${KIND_NAMES[o.kind]} · stage ${o.stage} · micro-batch ${o.microbatch}${fb} · ${num(o.start)}–${num(o.end)}`;
    const a = {
      class: `op op-${o.kind}`,
      x: x0,
      y,
      width: w,
      height: BAR,
      fill: KIND_COLORS[o.kind],
      stroke: '#ffffff',
      'stroke-width': 0.5,
    };
    const data = {
      'data-rank': String(o.rank),
      'data-kind': o.kind,
      'data-stage': String(o.stage),
      'data-microbatch': String(o.microbatch),
      'data-backward-stage': o.backwardStage?.toString(),
      'data-backward-microbatch': o.backwardMicrobatch?.toString(),
    };
    out.push(`<rect${attrs(a)}${attrs(data)}><title>${esc(tip)}</title></rect>`);
    const label = o.kind === 'FB' ? `${o.microbatch}|${o.backwardMicrobatch}` : String(o.microbatch);
    if (w > label.length * 6 + 4)
      out.push(
        text(x0 + w / 2, y + BAR / 2, label, { 'text-anchor': 'middle', 'dominant-baseline': 'central', 'font-size': 10, fill: INK }),
      );
  }
  out.push('</g>');
  if (pieces) out.push(pieceLanes(pieces, x, rowY));
  out.push(axis(x, chartBottom, opts.timeUnit ?? (detailed ? 'µs' : 'cost units')));
  out.push(legend(items, chartBottom + 54));
  const peak = Math.max(0, ...metrics.peakActivations);
  const maxBubble = Math.max(0, ...metrics.bubble);
  const caption = `makespan ${big(metrics.makespan)} · max bubble ${big(maxBubble)} (${(metrics.bubbleRatio * 100).toFixed(1)}% of makespan) · peak activations ${peak} · params per rank ${Math.max(0, ...metrics.paramsPerRank)} (model parts)`;
  out.push(text(LEFT, chartBottom + 80 + legendExtra, caption, { class: 'caption', fill: MUTED }));
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function pieceLanes(pieces: RankStreams[], x: (t: number) => number, rowY: (r: number) => number): string {
  const out: string[] = ['<g class="pieces">'];
  const lane = (list: PlacedPiece[], r: number, k: number, stream: string) => {
    for (const p of list) {
      const x0 = x(p.start);
      const a = {
        class: 'piece',
        x: x0,
        y: rowY(r) + BAR + 1 + k * (SUB + 1),
        width: Math.max(0.25, x(p.end) - x0),
        height: SUB,
        fill: PHASE_COLORS[phaseOf(p.piece)],
        'fill-opacity': stream === 'comm' ? 0.55 : 0.9,
      };
      out.push(
        `<rect${attrs(a)}${attrs({ 'data-stream': stream, 'data-piece': p.piece })}><title>${esc(`${stream} · ${p.piece} · layer ${p.layer} · ${num(p.start)}–${num(p.end)}`)}</title></rect>`,
      );
    }
  };
  pieces.forEach((s, r) => {
    lane(s.compute, r, 0, 'compute');
    lane(s.comm, r, 1, 'comm');
  });
  out.push('</g>');
  return out.join('\n');
}

/** Legend items laid out left to right, wrapping at the chart's right edge. */
function legendRows(
  kinds: Set<OpKind>,
  withPieces: boolean,
  width: number,
): { color: string; label: string; opacity: number; x: number; row: number }[] {
  const items: { color: string; label: string; opacity: number }[] = [];
  for (const k of ['F', 'B', 'I', 'W', 'FB'] as const)
    if (kinds.has(k)) items.push({ color: KIND_COLORS[k], label: `${k === 'FB' ? 'F&B' : k} ${KIND_NAMES[k]}`, opacity: 1 });
  if (withPieces) {
    items.push({ color: PHASE_COLORS.F, label: 'pieces: forward', opacity: 1 }, { color: PHASE_COLORS.B, label: 'backward', opacity: 1 });
    items.push({ color: PHASE_COLORS.W, label: 'weight grad', opacity: 1 }, { color: MUTED, label: 'comm lane (lighter)', opacity: 0.55 });
  }
  let x0 = LEFT;
  let row = 0;
  return items.map((it) => {
    // no text metrics without a DOM: advance by an upper bound of the label width at 11 px
    const w = 14 + it.label.length * 6.2 + 14;
    if (x0 > LEFT && x0 + w > width - RIGHT) {
      x0 = LEFT;
      row++;
    }
    const placed = { ...it, x: x0, row };
    x0 += w;
    return placed;
  });
}

function legend(items: ReturnType<typeof legendRows>, y: number): string {
  const out = ['<g class="legend">'];
  for (const it of items) {
    const yy = y + it.row * LEGEND_ROW;
    out.push(
      `<rect${attrs({ x: it.x, y: yy - 9, width: 10, height: 10, fill: it.color, 'fill-opacity': it.opacity === 1 ? undefined : it.opacity })}/>`,
    );
    out.push(text(it.x + 14, yy, it.label));
  }
  out.push('</g>');
  return out.join('\n');
}
