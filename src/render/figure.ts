/**
 * What frames a chart, the same on screen and in the exported figure: the heading line with
 * the chart's key numbers, the rank (and lane) labels in the left gutter with each rank's
 * simulated bubble in the right one, and the legend's entries for what the charts show. Pure;
 * px for the gutter labels, from the chart's rows and scale.
 */
import type { OpKind } from '../engine/index.ts';
import { KIND_CODES, type Layout } from './layout.ts';
import type { Palette } from './palette.ts';
import type { Rows } from './rows.ts';
import { formatCompact, formatTime, type TimeScale, type Units } from './scales.ts';

export interface ChartHeading {
  /** schedule name, prefixed "compare: " for the second chart */
  name: string;
  /** P, M, v, makespan and bubble (and the closed form, when there is one) */
  detail: string;
}

export function chartHeading(o: {
  name: string;
  compare: boolean;
  layout: Layout;
  stagesPerRank: number;
  makespan: number;
  bubble: readonly number[];
  /** the papers' closed-form bubble, timeline units */
  closed: number | null;
  units: Units;
}): ChartHeading {
  const f = (t: number) => formatTime(t, o.units);
  const maxBubble = Math.max(0, ...o.bubble);
  return {
    name: o.compare ? `compare: ${o.name}` : o.name,
    detail:
      `P=${o.layout.ranks} · M=${o.layout.microbatches} · v=${o.stagesPerRank} · makespan ${f(o.makespan)} · bubble ${f(maxBubble)}` +
      (o.closed !== null ? ` (closed form ${f(o.closed)})` : ''),
  };
}

export interface GutterLabel {
  text: string;
  /** px: anchor point; the text is vertically centred on y */
  x: number;
  y: number;
  anchor: 'start' | 'end';
  className: 'rank-label' | 'lane-label' | 'bubble-value';
  fontSize: number;
}

/**
 * Rank labels (r0, r1, …; every k-th one when rows are too thin for all), lane labels of the
 * detailed mode (a2a, pp) where they fit, and each rank's bubble right of the plot.
 */
export function gutterLabels(rows: Rows, bubble: readonly number[], units: Units, x: Pick<TimeScale, 'left' | 'right'>): GutterLabel[] {
  const out: GutterLabel[] = [];
  const every = rows.unit >= 8 ? 1 : Math.ceil(8 / rows.unit);
  for (const row of rows.rows) {
    const y = row.compute.y + row.compute.h / 2;
    const shown = row.rank % every === 0;
    if (shown)
      out.push({
        text: `r${row.rank}`,
        x: x.left - 8,
        y,
        anchor: 'end',
        className: 'rank-label',
        fontSize: Math.min(11, Math.max(7, row.compute.h - 1)),
      });
    if (row.comm && rows.unit >= 12)
      out.push({ text: 'a2a', x: x.left - 8, y: row.comm.y + row.comm.h / 2, anchor: 'end', className: 'lane-label', fontSize: 9 });
    if (row.pp && rows.unit >= 16)
      out.push({ text: 'pp', x: x.left - 8, y: row.pp.y + row.pp.h / 2, anchor: 'end', className: 'lane-label', fontSize: 9 });
    if (shown)
      out.push({
        text: formatCompact(bubble[row.rank] ?? 0, units),
        x: x.right + 6,
        y,
        anchor: 'start',
        className: 'bubble-value',
        fontSize: Math.min(10, Math.max(7, row.compute.h - 1)),
      });
  }
  return out;
}

/** A legend swatch: a fill, or two stacked fills (an F&B pair), with an optional outline. */
export interface LegendEntry {
  label: string;
  fill: string;
  /** lower half's fill (F&B pair: top F, bottom B) */
  split?: string;
  border?: string;
}

/**
 * The key for the shown charts: the op kinds they contain (all five when `kinds` is omitted),
 * the lighter reverse direction of DualPipe, bubbles, and the detailed mode's streams.
 */
export function legendEntries(p: Palette, o: { kinds?: ReadonlySet<OpKind>; dual: boolean; detailed: boolean }): LegendEntry[] {
  const has = (k: OpKind) => !o.kinds || o.kinds.has(k);
  const items: LegendEntry[] = [];
  if (has('F')) items.push({ label: 'F forward', fill: p.fill.F[0] });
  if (has('B')) items.push({ label: 'B backward', fill: p.fill.B[0] });
  if (has('I')) items.push({ label: 'I backward (input)', fill: p.fill.I[0] });
  if (has('W')) items.push({ label: 'W backward (weights)', fill: p.fill.W[0] });
  if (has('FB')) items.push({ label: 'F&B pair (top F, bottom B)', fill: p.fill.F[0], split: p.fill.B[0], border: p.pairBorder });
  if (o.dual) items.push({ label: 'reverse direction (lighter)', fill: p.fill.F[1], split: p.fill.B[1] });
  items.push({ label: 'bubble', fill: p.bubble, border: p.bubbleStroke });
  if (o.detailed) {
    items.push({ label: 'dispatch', fill: p.dispatch }, { label: 'combine', fill: p.combine }, { label: 'PP send', fill: p.pp });
  }
  return items;
}

/** The op kinds present in some layouts (what the legend lists). */
export function kindsOf(layouts: readonly Layout[]): Set<OpKind> {
  const seen = new Uint8Array(KIND_CODES.length);
  for (const l of layouts) for (const k of l.buf.kind) seen[k] = 1;
  return new Set(KIND_CODES.filter((_, k) => seen[k]));
}
