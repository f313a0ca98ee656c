/**
 * The exported figure (docs/style.md E, docs/interop.md §7): the chart as the app draws it —
 * same geometry (render/geometry.ts), palette and theme, F&B halves, DualPipe's lighter reverse
 * direction, labels, legend, the highlighted micro-batch with its arrows, the ops past the memory
 * limit, the comparison chart below, the whole schedule or a window of it — as one standalone SVG
 * string. The one renderer
 * behind the app's "Export SVG" (and so the PNG) and `pipescope schedule --format svg`: with the
 * default view (light, colour-blind-safe palette, whole schedule, nothing highlighted, no
 * comparison) the same parameters give byte-identical files. Pure: no DOM, no clock, no random ids.
 *
 * Self-contained: xmlns + viewBox, presentation attributes instead of CSS, a generic font stack,
 * no external references (only in-document url(#id) for the hatch, arrowheads and clip paths).
 * Layout, top to bottom: title and costs, the time axis, each chart (heading line, then its plot
 * at the app's row heights), the legend and a metrics caption; the project JSON sits in
 * <metadata id="pipescope-project"> so the file re-opens in the app. px rounded to 3 decimals;
 * every text is XML-escaped.
 */
import { closedFormBubble, computeMetrics, dependencyIndex, type Timeline } from '../engine/index.ts';
import type { DetailedCosts } from '../engine/overlap/index.ts';
import { SCHEDULE_LABELS, scheduleLabel } from '../engine/scheduleLabels.ts';
import type { ScheduleName } from '../engine/types.ts';
import { microbatchPath } from '../render/deps.ts';
import { chartHeading, kindsOf } from '../render/figure.ts';
import { chartShapes, selectionOf } from '../render/geometry.ts';
import { layoutTimeline } from '../render/layout.ts';
import { getPalette, type Palette, type PaletteName, type ThemeName } from '../render/palette.ts';
import { overLimitOps } from '../render/overLimit.ts';
import { rowLayout } from '../render/rows.ts';
import { COST_UNITS, MICROSECONDS_AS_MS, axisTicks, timeScale, type TimeScale, type Units } from '../render/scales.ts';
import { chartSvg, svgDefs } from './svgChart.ts';
import { SVG_METADATA_ID, projectJson, type Project, type ProjectParams } from './projectFile.ts';
import { attrs, big, esc, legendSvg, num, svgHead, text } from './svgParts.ts';

export { FONT_STACK, esc, num } from './svgParts.ts';

/** What is shown, as in the app's view; every field defaults to the app's default view. */
export interface SvgView {
  /** 'light' (default) or 'dark' */
  theme?: ThemeName;
  /** 'cb' (Okabe–Ito, default) or 'paper' */
  palette?: PaletteName;
  /** the visible time range, timeline units; null or omitted: the whole schedule */
  domain?: readonly [number, number] | null;
  /** the highlighted micro-batch, with its path's arrows; others dimmed */
  microbatch?: number | null;
  /** what the timeline's numbers are: 'cost' units (default) or 'us' (costs typed in µs; the detailed mode always is) */
  timeUnit?: 'cost' | 'us';
  /** the memory limit per rank in the timeline's amounts: ops that push their rank past it are marked */
  memLimits?: readonly number[] | null;
}

export interface SvgOptions extends SvgView {
  /** total width, px (default 1200) */
  width?: number;
  /** replaces the generated title (escaped; shown as text, never markup) */
  title?: string;
  /** the detailed mode's costs: µs timeline, pieces and lanes (default: a DetailedTimeline's own) */
  detail?: DetailedCosts;
  /** a second schedule drawn below on the same time axis (the app's comparison), with its own limits */
  compare?: { timeline: Timeline; detail?: DetailedCosts; memLimits?: readonly number[] | null } | null;
}

const displayName = (name: string) => (name in SCHEDULE_LABELS || name === 'custom' ? scheduleLabel(name as ScheduleName) : name);

/** px: title block, axis row, a chart's heading line and the gap above it, legend row. */
const HEADER = 52;
const AXIS = 26;
const HEADING = 22;
const CHART_GAP = 4;

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

const detailOf = (t: Timeline, given?: DetailedCosts): DetailedCosts | undefined =>
  given ?? ('detail' in t ? (t as Timeline & { detail: DetailedCosts }).detail : undefined);

/** One chart's data: its layout, metrics, heading and rows. */
function chartOf(chart: 0 | 1, t: Timeline, detail: DetailedCosts | undefined, units: Units, memLimits?: readonly number[] | null) {
  const layout = layoutTimeline(t, detail);
  const metrics = computeMetrics(t);
  const s = t.schedule;
  const closed = s.name === 'custom' ? null : closedFormBubble(s.name, s.ranks, s.microbatches, t.costs);
  const heading = chartHeading({
    name: displayName(s.name),
    compare: chart === 1,
    layout,
    stagesPerRank: s.stagesPerRank,
    makespan: metrics.makespan,
    bubble: metrics.bubble,
    closed: closed?.value ?? null,
    units,
  });
  const over = overLimitOps(t, layout, memLimits ?? null);
  return { chart, layout, schedule: s, metrics, heading, rows: rowLayout(layout.ranks, !!detail), over };
}

/** The caption's count of the marked ops (none: nothing to say). */
const pastLimitNote = (n: number) => (n === 0 ? '' : ` · ${n} op${n === 1 ? '' : 's'} past the memory limit (marked)`);

/** The whole SVG document as a string (ends with a newline). */
export function scheduleSvg(timeline: Timeline, project: Project, opts: SvgOptions = {}): string {
  const width = opts.width ?? 1200;
  if (!Number.isFinite(width) || width < 300 || width > 20000) throw new RangeError(`SVG width must be 300..20000 px; got ${width}`);
  const pal = getPalette(opts.palette ?? 'cb', opts.theme ?? 'light');
  const detail = detailOf(timeline, opts.detail);
  const units = detail || opts.timeUnit === 'us' ? MICROSECONDS_AS_MS : COST_UNITS;
  const charts = [chartOf(0, timeline, detail, units, opts.memLimits)];
  if (opts.compare)
    charts.push(chartOf(1, opts.compare.timeline, detailOf(opts.compare.timeline, opts.compare.detail), units, opts.compare.memLimits));
  const extent = Math.max(1e-9, ...charts.map((c) => c.layout.makespan));
  const x = timeScale(opts.domain ?? [0, extent], width);
  const ticks = axisTicks(x, units);

  const p = project.params;
  const versus = opts.compare ? ` compared with ${displayName(opts.compare.timeline.schedule.name)}` : '';
  const title =
    opts.title ??
    `${displayName(p.schedule)}${versus} · P=${p.ranks} ranks · M=${p.microbatches} micro-batches${p.stagesPerRank > 1 ? ` · ${p.stagesPerRank} stages per rank` : ''}`;
  const body: string[] = [];
  let y = HEADER;
  body.push(axisSvg(x, ticks, units, pal, y));
  y += AXIS;
  const clips: { chart: 0 | 1; x: TimeScale; height: number }[] = [];
  for (const c of charts) {
    y += CHART_GAP;
    body.push(
      `<text${attrs({ class: 'chart-title', x: 12, y: y + 15, 'font-size': 12.5, 'font-weight': 600, fill: pal.foreground })}>` +
        `${esc(c.heading.name)}<tspan${attrs({ dx: 10, 'font-size': 12, 'font-weight': 400, fill: pal.muted })}>${esc(c.heading.detail)}</tspan></text>`,
    );
    y += HEADING;
    const mb = opts.microbatch ?? null;
    const selection = mb === null ? null : selectionOf(c.layout, mb, microbatchPath(dependencyIndex(c.schedule), mb));
    const shapes = chartShapes({ layout: c.layout, rows: c.rows, x, palette: pal, selection });
    body.push(`<g${attrs({ class: 'chart', 'data-chart': c.chart, transform: `translate(0 ${num(y)})` })}>`);
    body.push(chartSvg({ ...c, x, palette: pal, shapes, bubble: c.metrics.bubble, units, grid: ticks.map((t) => t.px), over: c.over }));
    body.push('</g>');
    clips.push({ chart: c.chart, x, height: c.rows.height });
    y += c.rows.height;
  }
  const legend = legendSvg(
    pal,
    { kinds: kindsOf(charts.map((c) => c.layout)), dual: charts.some((c) => c.layout.dual), detailed: !!detail },
    width,
    y + 18,
  );
  body.push(legend.svg);
  y = legend.bottom;
  const m = charts[0].metrics;
  const peak = Math.max(0, ...m.peakActivations);
  const maxBubble = Math.max(0, ...m.bubble);
  const f = (t: number) => (units === COST_UNITS ? big(t) : `${big(t * units.factor)}${units.suffix}`);
  const caption = `makespan ${f(m.makespan)} · max bubble ${f(maxBubble)} (${(m.bubbleRatio * 100).toFixed(1)}% of makespan) · peak activations ${peak} · params per rank ${Math.max(0, ...m.paramsPerRank)} (model parts)${pastLimitNote(charts[0]!.over.length)}`;
  body.push(text(12, y + 20, caption, { class: 'caption', fill: pal.muted }));
  const height = y + 34;

  return (
    [
      ...svgHead(width, height, title, pal.foreground),
      `<metadata id="${SVG_METADATA_ID}">${esc(projectJson(project, 0))}</metadata>`,
      svgDefs(pal, clips),
      `<rect${attrs({ x: 0, y: 0, width, height, fill: pal.background })}/>`,
      text(12, 24, title, { 'font-size': 15, 'font-weight': 'bold' }),
      text(12, 42, costsLine(project), { fill: pal.muted }),
      ...body,
      '</svg>',
    ].join('\n') + '\n'
  );
}

/** The time axis row, as the app's TimeAxis: unit, tick marks and labels over the plot range. */
function axisSvg(x: TimeScale, ticks: ReturnType<typeof axisTicks>, units: Units, pal: Palette, y0: number): string {
  const out = [`<g${attrs({ class: 'axis', fill: pal.muted, 'font-size': 11 })}>`];
  out.push(text(4, y0 + 15, units === COST_UNITS ? 'cost units' : 'ms', { 'font-style': 'italic' }));
  out.push(`<line${attrs({ x1: x.left, x2: x.right, y1: y0 + 24.5, y2: y0 + 24.5, stroke: pal.muted })}/>`);
  for (const t of ticks) {
    const px = Math.round(t.px) + 0.5;
    const anchor = t.px - x.left < 14 ? 'start' : x.right - t.px < 14 ? 'end' : 'middle';
    out.push(`<line${attrs({ x1: px, x2: px, y1: y0 + 19, y2: y0 + 24, stroke: pal.muted })}/>`);
    out.push(text(anchor === 'start' ? px - 2 : px, y0 + 15, t.label, { 'text-anchor': anchor }));
  }
  out.push('</g>');
  return out.join('\n');
}
