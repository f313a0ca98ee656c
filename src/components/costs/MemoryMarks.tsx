/**
 * Ops that push their rank past the memory limit (pipeline/memoryLimit.ts), marked on the chart: a
 * red bar along the top of each such op. Pointer-transparent, above either view (SVG or canvas),
 * clipped to the plot; the count is in the chart's accessible description.
 */
import { memo, useMemo } from 'react';
import { overLimitOps } from '../../pipeline/memoryLimit.ts';
import type { EngineOk } from '../../pipeline/runEngine.ts';
import type { Rows } from '../../render/rows.ts';
import type { TimeScale } from '../../render/scales.ts';

interface Props {
  chart: 0 | 1;
  result: EngineOk;
  rows: Rows;
  x: TimeScale;
  width: number;
  limit: number | null;
}

export const MemoryMarks = memo(function MemoryMarks({ chart, result, rows, x, width, limit }: Props) {
  const over = useMemo(() => overLimitOps(result.timeline, result.layout, limit), [result, limit]);
  if (over.length === 0) return null;
  const { buf } = result.layout;
  const clip = `mem-clip-${chart}`;
  const marks: { x: number; y: number; w: number }[] = [];
  for (const i of over) {
    const a = x.px(buf.start[i]!);
    const b = x.px(buf.end[i]!);
    if (b < x.left || a > x.right) continue;
    const row = rows.rows[buf.rank[i]!]!;
    marks.push({ x: a, y: row.y, w: Math.max(1.5, b - a) });
  }
  return (
    <svg
      className="overlay mem-marks"
      width={width}
      height={rows.height}
      aria-hidden="true"
      data-testid={`mem-marks-${chart}`}
      data-count={over.length}
    >
      <defs>
        <clipPath id={clip}>
          <rect x={x.left} y={0} width={x.width} height={rows.height} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clip})`}>
        {marks.map((m, k) => (
          <rect key={k} className="mem-over" x={m.x} y={m.y} width={m.w} height={3} />
        ))}
      </g>
    </svg>
  );
});
