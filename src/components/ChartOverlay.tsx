/**
 * What sits above either view, in one pointer-transparent SVG: rank (and lane) labels, each
 * rank's simulated bubble in the right gutter, the highlighted micro-batch's transfer arrows,
 * and outlines for the hovered op and the keyboard cursor.
 */
import { memo } from 'react';
import type { MicrobatchPath } from '../render/deps.ts';
import type { Layout } from '../render/layout.ts';
import type { Palette } from '../render/palette.ts';
import type { Rows } from '../render/rows.ts';
import { formatCompact, type TimeScale, type Units } from '../render/scales.ts';

/** Rank and lane labels and per-rank bubbles: they do not move with zoom, so pans skip them. */
const RankLabels = memo(function RankLabels({
  rows,
  bubble,
  units,
  left,
  right,
}: {
  rows: Rows;
  bubble: number[];
  units: Units;
  left: number;
  right: number;
}) {
  return (
    <g className="rank-labels">
      {rows.rows.map((row) => (
        <g key={row.rank}>
          <text
            x={left - 8}
            y={row.compute.y + row.compute.h / 2}
            className="rank-label"
            textAnchor="end"
            dominantBaseline="central"
            fontSize={Math.min(11, Math.max(7, row.compute.h - 1))}
          >
            {rows.unit >= 8 || row.rank % Math.ceil(8 / rows.unit) === 0 ? `r${row.rank}` : ''}
          </text>
          {row.comm && rows.unit >= 12 ? (
            <text x={left - 8} y={row.comm.y + row.comm.h / 2} className="lane-label" textAnchor="end" dominantBaseline="central">
              a2a
            </text>
          ) : null}
          {row.pp && rows.unit >= 16 ? (
            <text x={left - 8} y={row.pp.y + row.pp.h / 2} className="lane-label" textAnchor="end" dominantBaseline="central">
              pp
            </text>
          ) : null}
          {rows.unit >= 8 || row.rank % Math.ceil(8 / rows.unit) === 0 ? (
            <text
              x={right + 6}
              y={row.compute.y + row.compute.h / 2}
              className="bubble-value"
              dominantBaseline="central"
              fontSize={Math.min(10, Math.max(7, row.compute.h - 1))}
            >
              {formatCompact(bubble[row.rank] ?? 0, units)}
            </text>
          ) : null}
        </g>
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
  path: MicrobatchPath | null;
  hoverOp: number;
  cursorOp: number;
}

export function ChartOverlay({ chart, layout, bubble, rows, x, width, palette: pal, units, path, hoverOp, cursorOp }: Props) {
  const [left, right] = x.range();
  const clampX = (v: number) => Math.max(left, Math.min(right, v));
  const yMid = (op: number, half: 0 | 1) => {
    const lane = rows.rows[layout.rects[op].rank].compute;
    return layout.buf.kind[op] === 4 ? lane.y + (half === 0 ? lane.h / 4 : (3 * lane.h) / 4) : lane.y + lane.h / 2;
  };
  const outline = (op: number, cls: string) => {
    if (op < 0 || op >= layout.rects.length) return null;
    const o = layout.rects[op];
    const lane = rows.rows[o.rank].compute;
    const a = clampX(x(o.start));
    const b = clampX(x(o.end));
    if (b <= left || a >= right) return null;
    return <rect className={cls} x={a - 1.5} y={lane.y - 1.5} width={Math.max(2, b - a) + 3} height={lane.h + 3} />;
  };
  const marker = `arrowhead-${chart}`;
  const clip = `plot-clip-${chart}`;
  return (
    <svg className="overlay" width={width} height={rows.height} aria-hidden="true">
      <defs>
        <clipPath id={clip}>
          <rect x={left} y={0} width={Math.max(0, right - left)} height={rows.height} />
        </clipPath>
        <marker id={marker} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L8,4 L0,8 z" fill={pal.highlight} />
        </marker>
      </defs>
      <RankLabels rows={rows} bubble={bubble} units={units} left={left} right={right} />
      {path ? (
        <g className="arrows" stroke={pal.highlight} fill="none" clipPath={`url(#${clip})`}>
          {path.arrows.map(({ from, to }, k) => {
            // unclamped and clipped: an arrow leaving the window must not pile up at its edge
            const x1 = x(layout.buf.end[from.op]);
            const x2 = x(layout.buf.start[to.op]);
            if (Math.max(x1, x2) < left || Math.min(x1, x2) > right) return null;
            const y1 = yMid(from.op, from.half);
            const y2 = yMid(to.op, to.half);
            const dx = Math.max(6, Math.abs(x2 - x1) / 2);
            return (
              <path
                key={k}
                d={`M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`}
                markerEnd={`url(#${marker})`}
                data-arrow={`${from.op}-${to.op}`}
              />
            );
          })}
          {path.members.map((m) => (
            <g key={`${m.op}.${m.half}`}>{outline(m.op, 'path-outline')}</g>
          ))}
        </g>
      ) : null}
      {outline(hoverOp, 'hover-outline')}
      {outline(cursorOp, 'cursor-outline')}
    </svg>
  );
}
