/**
 * What the two charts of the measured page draw (docs/measured.md §12): the measured step and its
 * replay as chart layouts (render/layout.ts) on one µs axis, and each op's colour when the page
 * colours by difference. The shapes come from the one chart geometry (render/geometry.ts); a
 * difference colouring only replaces the fills of op boxes (and their labels' colour), so the
 * boxes are the ones every other view draws. Pure.
 */
import type { OpComparison, TraceAnalysis } from '../../measured/index.ts';
import { measuredTimeline } from '../../measured/index.ts';
import { halfLabel } from '../../render/deps.ts';
import { layoutTimeline, rectAt, type Layout } from '../../render/layout.ts';
import { MICROSECONDS_AS_MS, formatTime } from '../../render/scales.ts';
import { ROLE, type ShapeBuffer } from '../../render/shapes.ts';
import { diffScale, type DiffScale } from './diffScale.ts';

export type ColourBy = 'kind' | 'duration' | 'start';

export const COLOUR_BY_LABELS: Record<ColourBy, string> = {
  kind: 'op kind',
  duration: 'compute time difference',
  start: 'start shift',
};

export interface SideBySide {
  measured: Layout;
  /** null when the engine could not replay the order */
  simulated: Layout | null;
  /** per layout rect (rank-major, the same index in both layouts): the op compared */
  ops: OpComparison[];
}

export function sideBySide(a: TraceAnalysis, compared: OpComparison[][]): SideBySide {
  return {
    measured: layoutTimeline(measuredTimeline(a)),
    simulated: a.simulated ? layoutTimeline(a.simulated.timeline) : null,
    ops: compared.flat(),
  };
}

/** The difference each op is coloured by, µs (null: no replay). */
export function diffOf(o: OpComparison, by: Exclude<ColourBy, 'kind'>): number | null {
  return by === 'duration' ? o.durationDiff : o.startShift;
}

export function scaleOf(ops: readonly OpComparison[], by: ColourBy): DiffScale | null {
  if (by === 'kind') return null;
  const values = ops.map((o) => diffOf(o, by)).filter((v): v is number => v !== null);
  return values.length ? diffScale(values) : null;
}

/** Recolours the op boxes of `shapes` (both halves of a pair) by their op's difference, in place. */
export function recolour(shapes: ShapeBuffer, ops: readonly OpComparison[], by: Exclude<ColourBy, 'kind'>, scale: DiffScale): ShapeBuffer {
  for (let k = shapes.opsFrom; k < shapes.streamsFrom; k++) {
    const role = shapes.role[k];
    if (role !== ROLE.op && role !== ROLE.run) continue;
    const v = diffOf(ops[shapes.op[k]], by);
    if (v !== null) shapes.fill[k] = scale.fill(v);
  }
  for (let j = 0; j < shapes.labels; j++) {
    const k = shapes.labelRect[j];
    const v = diffOf(ops[shapes.op[k]], by);
    if (v !== null) shapes.labelColor[j] = scale.text(v);
  }
  return shapes;
}

/** Idle per rank in a layout (makespan − busy), µs: the right gutter's numbers. */
export function idlePerRank(layout: Layout): number[] {
  const idle = new Array<number>(layout.ranks).fill(layout.makespan);
  for (let i = 0; i < layout.count; i++) idle[layout.buf.rank[i]] -= layout.buf.end[i] - layout.buf.start[i];
  return idle.map((x) => Math.max(0, x));
}

const MS = (t: number) => formatTime(t, MICROSECONDS_AS_MS);
const signed = (t: number) => (t > 0 ? `+${MS(t)}` : t < 0 ? `−${MS(-t)}` : MS(0));

export interface ComparedText {
  title: string;
  /** [what, measured, simulated] */
  rows: [string, string, string][];
  /** the differences, simulated − measured */
  diffs: [string, string][];
  /** the wait inside the measured range, or null */
  wait: string | null;
}

/** The tooltip's text for op i (layout rect index), ms; plain strings, rendered as text. */
export function describeCompared(layout: Layout, o: OpComparison, i: number): ComparedText {
  const r = rectAt(layout, i);
  const s = o.simulated;
  const rows: [string, string, string][] = [
    ['compute start', MS(o.computeStart), s ? MS(s.start) : '—'],
    ['end', MS(o.end), s ? MS(s.end) : '—'],
    ['compute time', MS(o.end - o.computeStart), s ? MS(s.end - s.start) : '—'],
  ];
  const diffs: [string, string][] =
    o.startShift === null || o.durationDiff === null
      ? []
      : [
          ['start shift', signed(o.startShift)],
          ['compute time', signed(o.durationDiff)],
        ];
  return {
    title: `r${r.rank} · ${halfLabel(r, -1)}`,
    rows,
    diffs,
    wait: o.wait > 0 ? `the range opens at ${MS(o.start)} and waits ${MS(o.wait)} for its input before computing` : null,
  };
}
