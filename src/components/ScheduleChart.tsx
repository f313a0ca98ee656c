/**
 * Static Gantt chart of one timeline: a row per rank, one <rect> per op coloured by kind and
 * labelled with its micro-batch when it fits. d3-scale does the math, React owns the SVG.
 * Each op element carries data-rank/kind/stage/microbatch (FB: data-backward-*) for tests and
 * users' scripts.
 */
import { scaleBand, scaleLinear } from 'd3';
import { KIND_COLORS, KIND_NAMES, type Layout } from '../render/layout.ts';

const ROW = 26;
const LEFT = 56;
const TOP = 8;
const AXIS = 28;

export function ScheduleChart({ layout, width }: { layout: Layout; width: number }) {
  const height = TOP + layout.ranks * ROW + AXIS;
  const x = scaleLinear().domain([0, Math.max(layout.makespan, 1e-9)]).range([LEFT, width - 12]);
  const y = scaleBand<number>().domain(Array.from({ length: layout.ranks }, (_, r) => r)).range([TOP, TOP + layout.ranks * ROW]).paddingInner(0.15);
  const ticks = x.ticks(Math.max(2, Math.floor(width / 90)));
  return (
    <svg data-testid="gantt" className="gantt" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Timeline of ${layout.ranks} ranks, ${layout.rects.length} ops`}>
      {Array.from({ length: layout.ranks }, (_, r) => (
        <text key={r} className="rank-label" x={LEFT - 8} y={(y(r) ?? 0) + y.bandwidth() / 2} dy="0.35em" textAnchor="end">
          rank {r}
        </text>
      ))}
      {layout.rects.map((o) => {
        const x0 = x(o.start);
        const w = Math.max(0.5, x(o.end) - x0);
        const label = o.kind === 'FB' ? `${o.microbatch}|${o.backwardMicrobatch}` : String(o.microbatch);
        return (
          <g key={`${o.rank}:${o.index}`}>
            <rect
              className={`op op-${o.kind}${o.direction ? ' dir-1' : ''}`}
              x={x0}
              y={y(o.rank)}
              width={w}
              height={y.bandwidth()}
              fill={KIND_COLORS[o.kind]}
              data-rank={o.rank}
              data-kind={o.kind}
              data-stage={o.stage}
              data-microbatch={o.microbatch}
              data-backward-stage={o.backwardStage}
              data-backward-microbatch={o.backwardMicrobatch}
            >
              <title>{`${KIND_NAMES[o.kind]} · stage ${o.stage} · micro-batch ${o.microbatch}${o.kind === 'FB' ? ` + backward stage ${o.backwardStage} mb ${o.backwardMicrobatch}` : ''} · ${o.start}–${o.end}`}</title>
            </rect>
            {w > label.length * 7 + 4 ? (
              <text className="op-label" x={x0 + w / 2} y={(y(o.rank) ?? 0) + y.bandwidth() / 2} dy="0.35em" textAnchor="middle">
                {label}
              </text>
            ) : null}
          </g>
        );
      })}
      <g className="axis" transform={`translate(0, ${TOP + layout.ranks * ROW + 4})`}>
        <line x1={LEFT} x2={width - 12} y1={0} y2={0} />
        {ticks.map((t) => (
          <g key={t} transform={`translate(${x(t)}, 0)`}>
            <line y2={5} />
            <text y={16} textAnchor="middle">
              {t}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
