/**
 * Ops that push their rank past its memory limit (render/overLimit.ts; the limit per rank from
 * pipeline/memoryLimit.ts rankLimitsOf: a typed limit, or each rank's HBM budget with model costs),
 * marked on the chart as the exported figure marks them (render/shapes.ts memoryMarkPx).
 * Pointer-transparent, above either view (SVG or canvas), clipped to the plot.
 */
import { memo, useMemo } from 'react';
import { rankLimitsOf } from '../../pipeline/memoryLimit.ts';
import type { EngineOk } from '../../pipeline/runEngine.ts';
import { overLimitOps } from '../../render/overLimit.ts';
import type { Rows } from '../../render/rows.ts';
import type { TimeScale } from '../../render/scales.ts';
import { memoryMarkPx, type Box } from '../../render/shapes.ts';

interface Props {
  chart: 0 | 1;
  result: EngineOk;
  rows: Rows;
  x: TimeScale;
  width: number;
  limit: number | null;
  fill: string;
}

export const MemoryMarks = memo(function MemoryMarks({ chart, result, rows, x, width, limit, fill }: Props) {
  const over = useMemo(
    () => overLimitOps(result.timeline, result.layout, rankLimitsOf(result, result.layout.ranks, limit)),
    [result, limit],
  );
  if (over.length === 0) return null;
  const { buf } = result.layout;
  const clip = `mem-clip-${chart}`;
  const marks: Box[] = [];
  for (const i of over) {
    const m = memoryMarkPx(buf.start[i]!, buf.end[i]!, buf.rank[i]!, x, rows);
    if (m) marks.push(m);
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
      <g clipPath={`url(#${clip})`} fill={fill}>
        {marks.map((m, k) => (
          <rect key={k} x={m.x} y={m.y} width={m.w} height={m.h} />
        ))}
      </g>
    </svg>
  );
});
