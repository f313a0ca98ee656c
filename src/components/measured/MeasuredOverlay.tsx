/**
 * What sits above a chart of the measured page, in one pointer-transparent SVG: rank labels with
 * each rank's idle time in the right gutter (render/figure.ts gutterLabels), and on the measured
 * chart the part of each range spent waiting for a received input (hatched), the critical path
 * (outlined ops, arrows where an op waited for another rank's output; render/shapes.ts
 * arrowPath) and the first op where the closest built-in schedule departs. The op under the
 * pointer is outlined on both charts: op i is the same op in each.
 */
import { memo, type ReactNode } from 'react';
import type { CriticalOp, OpComparison } from '../../measured/index.ts';
import { gutterLabels } from '../../render/figure.ts';
import type { Layout } from '../../render/layout.ts';
import type { Rows } from '../../render/rows.ts';
import { MICROSECONDS_AS_MS, type TimeScale } from '../../render/scales.ts';
import { BAND, arrowPath, box, outlinePx } from '../../render/shapes.ts';

export interface OverlayMarks {
  /** measured chart only: ops whose range holds a wait */
  waits: readonly OpComparison[] | null;
  /** measured chart only: the critical path (layout rect indices) */
  critical: { op: number; next: CriticalOp['next'] }[] | null;
  /** layout rect index of the first departure from the closest schedule, or -1 */
  firstDifference: number;
}

interface Props {
  chart: 0 | 1;
  layout: Layout;
  rows: Rows;
  x: TimeScale;
  width: number;
  idle: number[];
  marks: OverlayMarks;
  hoverOp: number;
}

const Marks = memo(function Marks({ chart, layout, rows, x, marks }: Omit<Props, 'width' | 'idle' | 'hoverOp'>) {
  const { buf } = layout;
  const clip = `measured-clip-${chart}`;
  const marker = `measured-arrow-${chart}`;
  const hatch = `measured-wait-${chart}`;
  const tmp = box();
  const outline = (op: number, cls: string, key?: number) => {
    const b = outlinePx(buf.start[op], buf.end[op], buf.rank[op], x, rows);
    return b ? <rect key={key} className={cls} x={b.x} y={b.y} width={b.w} height={b.h} /> : null;
  };
  const waits: ReactNode[] = [];
  if (marks.waits)
    marks.waits.forEach((o, i) => {
      if (o.wait <= 0 || o.computeStart < x.start || o.start > x.end) return;
      const lane = rows.rows[buf.rank[i]].compute;
      const a = x.clampedPx(o.start);
      const b = x.clampedPx(o.computeStart);
      if (b - a < 0.5) return;
      waits.push(<rect key={i} className="wait-mark" x={a} y={lane.y} width={b - a} height={lane.h} fill={`url(#${hatch})`} data-op={i} />);
    });
  const path = marks.critical ?? [];
  return (
    <>
      <defs>
        <clipPath id={clip}>
          <rect x={x.left} y={0} width={x.width} height={rows.height} />
        </clipPath>
        <pattern id={hatch} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="5" height="5" className="wait-bg" />
          <line x1="0" y1="0" x2="0" y2="5" className="wait-line" />
        </pattern>
        <marker id={marker} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L8,4 L0,8 z" className="critical-head" />
        </marker>
      </defs>
      <g clipPath={`url(#${clip})`}>
        <g className="waits" data-testid={chart === 0 ? 'wait-marks' : undefined}>
          {waits}
        </g>
        {path.length ? (
          <g className="critical-path" data-testid="critical-path">
            {path.map((s, k) => outline(s.op, 'critical-outline', k))}
            {path.map((s, k) => {
              const n = path[k + 1];
              if (!n || s.next !== 'input') return null;
              const d = arrowPath(
                {
                  t0: buf.end[s.op],
                  t1: buf.start[n.op],
                  rank0: buf.rank[s.op],
                  rank1: buf.rank[n.op],
                  band0: BAND.compute,
                  band1: BAND.compute,
                  from: s.op,
                  to: n.op,
                },
                x,
                rows,
                tmp,
              );
              return d ? <path key={`a${k}`} d={d} markerEnd={`url(#${marker})`} className="critical-arrow" /> : null;
            })}
          </g>
        ) : null}
        {marks.firstDifference >= 0 ? (
          <g data-testid="first-difference">{outline(marks.firstDifference, 'first-difference-outline')}</g>
        ) : null}
      </g>
    </>
  );
});

export function MeasuredOverlay({ chart, layout, rows, x, width, idle, marks, hoverOp }: Props) {
  const hover =
    hoverOp >= 0 && hoverOp < layout.count
      ? outlinePx(layout.buf.start[hoverOp], layout.buf.end[hoverOp], layout.buf.rank[hoverOp], x, rows)
      : null;
  return (
    <svg className="overlay" width={width} height={rows.height} aria-hidden="true">
      <g className="rank-labels">
        {gutterLabels(rows, idle, MICROSECONDS_AS_MS, x).map((l, k) => (
          <text key={k} x={l.x} y={l.y} className={l.className} textAnchor={l.anchor} dominantBaseline="central" fontSize={l.fontSize}>
            {l.text}
          </text>
        ))}
      </g>
      <Marks chart={chart} layout={layout} rows={rows} x={x} marks={marks} />
      {hover ? <rect className="hover-outline" x={hover.x} y={hover.y} width={hover.w} height={hover.h} /> : null}
    </svg>
  );
}
