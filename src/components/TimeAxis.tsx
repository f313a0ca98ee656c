/** The shared time axis (sticky at the top of the viewport): ticks from the scale, units named. */
import { axisTicks, axisUnits, type TimeScale, type Units } from '../render/scales.ts';

export function TimeAxis({ x, width, units }: { x: TimeScale; width: number; units: Units }) {
  const ticks = axisTicks(x, units);
  const shown = axisUnits(x, units);
  const { left, right } = x;
  return (
    <svg
      className="time-axis"
      data-testid="time-axis"
      width={width}
      height={26}
      aria-label={`${shown.title}: ${ticks[0]?.label ?? ''} to ${ticks[ticks.length - 1]?.label ?? ''}`}
      role="img"
    >
      <text className="axis-title" x={4} y={15}>
        {shown.short}
      </text>
      <line x1={left} x2={right} y1={24.5} y2={24.5} className="axis-line" />
      {ticks.map((t) => (
        <g key={t.value} transform={`translate(${Math.round(t.px) + 0.5},0)`}>
          <line y1={19} y2={24} className="axis-line" />
          <text
            y={15}
            textAnchor={t.px - left < 14 ? 'start' : right - t.px < 14 ? 'end' : 'middle'}
            dx={t.px - left < 14 ? -2 : 0}
            data-tick={t.value}
          >
            {t.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
