/**
 * Activation memory per rank over time, under the Gantt chart and on its time axis: one small
 * step-area row per rank, scaled to the highest peak (or the memory limit), the rank's peak at the
 * right. Each px column shows the column's maximum, so zooming out never hides a peak
 * (render/activation.ts). Drawn in SVG or on a canvas, following the Gantt chart's renderer; the
 * labels and the limit line do not move with zoom and are not re-rendered by it.
 *
 * Memory limit (per rank, pipeline/memoryLimit.ts): a dashed cap line on every row, a rank whose
 * peak passes it marked in its label. Amounts go through a MemoryUnit: A of the cost basis, or GB
 * when the costs come from the model (docs/model.md §10), whose limit is the HBM each rank has
 * left beside weights, gradients and optimizer state — a different line per rank.
 */
import { memo, useRef } from 'react';
import { activationOf, type EngineOk } from '../pipeline/runEngine.ts';
import { formatMemory, memoryUnitOf, rankLimitsOf, type MemoryUnit } from '../pipeline/memoryLimit.ts';
import { useCanvasPaint } from '../hooks/useCanvasPaint.ts';
import {
  activationRowsOf,
  columnMax,
  paintActivation,
  stepAreaPath,
  type ActivationData,
  type ActivationRows,
} from '../render/activation.ts';
import { pastLimit } from '../render/overLimit.ts';
import type { Palette } from '../render/palette.ts';
import type { TimeScale } from '../render/scales.ts';
import { scheduleLabel } from '../store/params.ts';

interface Props {
  result: EngineOk;
  x: TimeScale;
  width: number;
  palette: Palette;
  mode: 'svg' | 'canvas';
  /** activation limit per rank, A; null = none */
  limit?: number | null;
  /** how amounts are shown (default: A of the result's cost basis, GB with model costs) */
  unit?: MemoryUnit;
  /** the comparison schedule's strip (its own heading and test id) */
  compare?: boolean;
}

/** The strip's vertical scale: the highest peak, or the limit when it lies up to twice above it. */
export function stripMax(peakMax: number, limit: number | null): number {
  if (limit === null || limit <= peakMax) return peakMax;
  return limit <= 2 * peakMax ? limit * 1.04 : peakMax;
}

const Labels = memo(function Labels({
  rows,
  peak,
  width,
  left,
  right,
  limits,
  max,
  unit,
}: {
  rows: ActivationRows;
  peak: number[];
  width: number;
  left: number;
  right: number;
  /** per rank, in the strip's amounts; null = no limit */
  limits: number[] | null;
  max: number;
  unit: MemoryUnit;
}) {
  const lineY = (y: number, l: number) => y + rows.rowH - (rows.rowH * l) / max;
  return (
    <svg className="overlay" width={width} height={rows.height} aria-hidden="true">
      {limits && limits.some((l) => l <= max) ? (
        <g className="mem-limit" data-testid="mem-limit-lines">
          {rows.y.map((y, r) =>
            limits[r]! <= max ? (
              <line
                key={r}
                x1={left}
                x2={right}
                y1={lineY(y, limits[r]!)}
                y2={lineY(y, limits[r]!)}
                className="memory-limit"
                data-rank={r}
              />
            ) : null,
          )}
        </g>
      ) : null}
      {rows.y.map((y, r) => {
        const over = limits !== null && pastLimit(peak[r]!, limits[r]!);
        return r % rows.every === 0 || over ? (
          <g key={r}>
            <text
              x={left - 8}
              y={y + rows.rowH / 2}
              textAnchor="end"
              dominantBaseline="central"
              className="rank-label"
              fontSize={rows.font}
            >
              r{r}
            </text>
            <text
              x={right + 6}
              y={y + rows.rowH / 2}
              dominantBaseline="central"
              className={over ? 'bubble-value over-limit' : 'bubble-value'}
              fontSize={rows.font}
              data-rank-peak={r}
            >
              {formatMemory(peak[r]!, unit)}
              {over ? ' ▲' : ''}
            </text>
          </g>
        ) : null;
      })}
    </svg>
  );
});

function ActivationCanvas({
  result,
  x,
  width,
  palette,
  rows,
  label,
  data,
}: Props & { rows: ActivationRows; label: string; data: ActivationData }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const size = useCanvasPaint(ref, width, rows.height, (ctx) =>
    paintActivation(
      ctx,
      data,
      result.layout.makespan,
      x,
      rows,
      { fill: palette.fill.F[0], row: palette.rowBackground, background: palette.background },
      width,
    ),
  );
  return <canvas ref={ref} className="gantt-canvas" {...size} role="img" aria-label={label} />;
}

export function ActivationChart(props: Props) {
  const { result, x, width, palette, mode, limit = null, compare = false } = props;
  const unit = props.unit ?? memoryUnitOf(result);
  const raw = activationOf(result);
  const { series, peak } = raw;
  const limits = rankLimitsOf(result, series.length, limit);
  const top = limits ? Math.max(...limits) : null;
  // model costs: the whole HBM budget stays in view; a typed limit only when near the peak
  const max = result.memory ? Math.max(raw.max, top ?? 0) : stripMax(raw.max, top);
  const data = max === raw.max ? raw : { ...raw, max };
  const rows = activationRowsOf(series.length);
  const { left, right } = x;
  const over = limits === null ? 0 : peak.filter((p, r) => pastLimit(p, limits[r]!)).length;
  const name = compare ? `${scheduleLabel(result.schedule)} activation memory` : 'Activation memory';
  const mem = result.memory;
  const limitText = mem
    ? `the HBM left beside weights, gradients and optimizer state (${(mem.hbmBytes / 1e9).toFixed(0)} GB − static), dashed`
    : limit !== null
      ? `limit ${formatMemory(limit, unit)}`
      : null;
  const label = `${name} of ${series.length} ranks, highest peak ${formatMemory(raw.max, unit)}${limitText !== null ? `, ${limitText}, ${over} rank(s) over it` : ''}`;
  return (
    <section
      className="activation"
      aria-label={compare ? `Activation memory per rank, ${scheduleLabel(result.schedule)}` : 'Activation memory per rank'}
      data-testid={compare ? 'activation-compare' : 'activation'}
      data-unit={unit.symbol}
    >
      <h2 className="chart-title">
        <span className="name">{name}</span>
        <span className="muted">
          {mem ? `per rank over time, ${unit.symbol}` : `per rank over time, in ${unit.symbol} = ${unit.meaning}`}; peak{' '}
          {formatMemory(raw.max, unit)}
          {limitText !== null ? (
            <>
              {' '}
              · {limitText}
              {over > 0 ? (
                <span className="over-limit" data-testid="over-limit-count">
                  {' '}
                  · {over} rank{over === 1 ? '' : 's'} over it
                </span>
              ) : (
                ' · every rank fits'
              )}
              {top !== null && top > max ? ' (above the strip)' : ''}
            </>
          ) : null}
        </span>
      </h2>
      <div className="plot" style={{ height: rows.height }}>
        {mode === 'canvas' ? (
          <ActivationCanvas {...props} rows={rows} label={label} data={data} />
        ) : (
          <svg width={width} height={rows.height} role="img" aria-label={label}>
            {series.map((s, r) => (
              <g key={r} data-rank={r}>
                <rect x={left} y={rows.y[r]} width={x.width} height={rows.rowH} className="activation-bg" />
                <path
                  d={stepAreaPath(columnMax(s, x, result.layout.makespan), left, rows.y[r]!, rows.rowH, max)}
                  fill={palette.fill.F[0]}
                  fillOpacity={0.75}
                />
              </g>
            ))}
          </svg>
        )}
        <Labels rows={rows} peak={peak} width={width} left={left} right={right} limits={limits} max={max} unit={unit} />
      </div>
    </section>
  );
}
