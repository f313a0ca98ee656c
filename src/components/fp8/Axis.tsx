/** Minimal axes for the FP8 charts: tick marks and labels from precomputed ticks, inline colours. */
import type { ChartColors } from './useColors.ts';

export interface Tick {
  pos: number;
  label: string;
}

export function XAxis({
  ticks,
  y,
  x0,
  x1,
  colors,
  title,
}: {
  ticks: Tick[];
  y: number;
  x0: number;
  x1: number;
  colors: ChartColors;
  title?: string;
}) {
  return (
    <g>
      <line x1={x0} x2={x1} y1={y} y2={y} stroke={colors.muted} strokeWidth={1} />
      {ticks.map((t) => (
        <g key={`${t.pos}-${t.label}`}>
          <line x1={t.pos} x2={t.pos} y1={y} y2={y + 3} stroke={colors.muted} />
          <text
            x={t.pos}
            y={y + 13}
            fontSize={9.5}
            textAnchor={t.pos > x1 - 10 ? 'end' : t.pos < x0 + 10 ? 'start' : 'middle'}
            fill={colors.muted}
          >
            {t.label}
          </text>
        </g>
      ))}
      {title ? (
        <text x={(x0 + x1) / 2} y={y + 25} fontSize={10} textAnchor="middle" fill={colors.muted} fontStyle="italic">
          {title}
        </text>
      ) : null}
    </g>
  );
}

export function YAxis({
  ticks,
  x,
  y0,
  y1,
  colors,
  title,
  grid,
}: {
  ticks: Tick[];
  x: number;
  y0: number;
  y1: number;
  colors: ChartColors;
  title?: string;
  grid?: number;
}) {
  return (
    <g>
      <line x1={x} x2={x} y1={y0} y2={y1} stroke={colors.muted} strokeWidth={1} />
      {ticks.map((t) => (
        <g key={`${t.pos}-${t.label}`}>
          {grid !== undefined ? <line x1={x} x2={grid} y1={t.pos} y2={t.pos} stroke={colors.grid} /> : null}
          <line x1={x - 3} x2={x} y1={t.pos} y2={t.pos} stroke={colors.muted} />
          <text x={x - 5} y={t.pos} fontSize={9.5} textAnchor="end" dominantBaseline="central" fill={colors.muted}>
            {t.label}
          </text>
        </g>
      ))}
      {title ? (
        <text
          transform={`translate(${x - 30},${(y0 + y1) / 2}) rotate(-90)`}
          fontSize={10}
          textAnchor="middle"
          fill={colors.muted}
          fontStyle="italic"
        >
          {title}
        </text>
      ) : null}
    </g>
  );
}
