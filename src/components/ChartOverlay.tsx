/**
 * What sits above either view, in one pointer-transparent SVG: rank (and lane) labels with each
 * rank's simulated bubble in the right gutter, the highlighted micro-batch's transfer arrows and
 * outlines (render/geometry.ts selectionMarks, the export draws the same), and outlines for the
 * hovered op and the keyboard cursor.
 */
import { memo, useMemo } from 'react';
import { gutterLabels } from '../render/figure.ts';
import { selectionMarks, type Selection } from '../render/geometry.ts';
import type { Layout } from '../render/layout.ts';
import type { Palette } from '../render/palette.ts';
import type { Rows } from '../render/rows.ts';
import type { TimeScale, Units } from '../render/scales.ts';
import { arrowPath, box, outlinePx } from '../render/shapes.ts';

/** Rank and lane labels and per-rank bubbles: they do not move with zoom, so pans skip them. */
const RankLabels = memo(function RankLabels(p: { rows: Rows; bubble: number[]; units: Units; left: number; right: number }) {
  return (
    <g className="rank-labels">
      {gutterLabels(p.rows, p.bubble, p.units, p).map((l, k) => (
        <text key={k} x={l.x} y={l.y} className={l.className} textAnchor={l.anchor} dominantBaseline="central" fontSize={l.fontSize}>
          {l.text}
        </text>
      ))}
    </g>
  );
});

interface Props {
  chart: 0 | 1;
  layout: Layout;
  bubble: number[];
  rows: Rows;
  x: TimeScale;
  width: number;
  palette: Palette;
  units: Units;
  selection: Selection | null;
  hoverOp: number;
  cursorOp: number;
}

export function ChartOverlay({ chart, layout, bubble, rows, x, width, palette: pal, units, selection, hoverOp, cursorOp }: Props) {
  const marks = useMemo(() => (selection ? selectionMarks(layout, selection) : null), [layout, selection]);
  const outline = (op: number, cls: string, key?: number) => {
    if (op < 0 || op >= layout.count) return null;
    const b = outlinePx(layout.buf.start[op], layout.buf.end[op], layout.buf.rank[op], x, rows);
    return b ? <rect key={key} className={cls} x={b.x} y={b.y} width={b.w} height={b.h} /> : null;
  };
  const marker = `arrowhead-${chart}`;
  const clip = `plot-clip-${chart}`;
  const tmp = box();
  return (
    <svg className="overlay" width={width} height={rows.height} aria-hidden="true">
      <defs>
        <clipPath id={clip}>
          <rect x={x.left} y={0} width={x.width} height={rows.height} />
        </clipPath>
        <marker id={marker} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L8,4 L0,8 z" fill={pal.highlight} />
        </marker>
      </defs>
      <RankLabels rows={rows} bubble={bubble} units={units} left={x.left} right={x.right} />
      {marks ? (
        <g className="arrows" stroke={pal.highlight} fill="none" clipPath={`url(#${clip})`}>
          {marks.arrows.map((a, k) => {
            const d = arrowPath(a, x, rows, tmp);
            return d ? <path key={k} d={d} markerEnd={`url(#${marker})`} data-arrow={`${a.from}-${a.to}`} /> : null;
          })}
          {marks.outlines.map((op, k) => outline(op, 'path-outline', k))}
        </g>
      ) : null}
      {outline(hoverOp, 'hover-outline')}
      {outline(cursorOp, 'cursor-outline')}
    </svg>
  );
}
