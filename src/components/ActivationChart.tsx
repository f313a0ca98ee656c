/**
 * Activation memory per rank over time, under the Gantt chart and on its time axis: one small
 * step-area row per rank, scaled to the highest peak, the rank's peak at the right. Each px column
 * shows the column's maximum, so zooming out never hides a peak (render/activation.ts). Drawn in
 * SVG or on a canvas, following the Gantt chart's renderer; the labels do not move with zoom and
 * are not re-rendered by it.
 */
import { memo, useRef } from 'react';
import { activationOf, type EngineOk } from '../pipeline/runEngine.ts';
import { useCanvasPaint } from '../hooks/useCanvasPaint.ts';
import { activationRowsOf, columnMax, paintActivation, stepAreaPath, type ActivationRows } from '../render/activation.ts';
import type { Palette } from '../render/palette.ts';
import type { TimeScale } from '../render/scales.ts';

interface Props {
  result: EngineOk;
  x: TimeScale;
  width: number;
  palette: Palette;
  mode: 'svg' | 'canvas';
}

const Labels = memo(function Labels({
  rows,
  peak,
  width,
  left,
  right,
  limits,
}: {
  rows: ActivationRows;
  peak: string[];
  width: number;
  left: number;
  right: number;
  /** per rank, the memory limit as a fraction of the row's height (costs from the model: HBM − static) */
  limits?: number[];
}) {
  return (
    <svg className="overlay" width={width} height={rows.height} aria-hidden="true">
      {rows.y.map((y, r) =>
        r % rows.every === 0 ? (
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
            <text x={right + 6} y={y + rows.rowH / 2} dominantBaseline="central" className="bubble-value" fontSize={rows.font}>
              {peak[r]}
            </text>
          </g>
        ) : null,
      )}
      {limits?.map((f, r) => {
        const y = rows.y[r] + rows.rowH * (1 - Math.min(1, Math.max(0, f)));
        return <line key={`limit-${r}`} x1={left} x2={right} y1={y} y2={y} className="memory-limit" data-rank={r} />;
      })}
    </svg>
  );
});

function ActivationCanvas({ result, x, width, palette, rows, label }: Props & { rows: ActivationRows; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const size = useCanvasPaint(ref, width, rows.height, (ctx) =>
    paintActivation(
      ctx,
      { ...activationOf(result), max: scaleOf(result) },
      result.layout.makespan,
      x,
      rows,
      { fill: palette.fill.F[0], row: palette.rowBackground, background: palette.background },
      width,
    ),
  );
  return <canvas ref={ref} className="gantt-canvas" {...size} role="img" aria-label={label} />;
}

/** The strip's full scale: the highest peak, or with a memory limit the higher of it and the largest limit. */
function scaleOf(result: EngineOk): number {
  const { max } = activationOf(result);
  const limits = result.memory?.limitBytes ?? [];
  return Math.max(max, ...limits);
}

export function ActivationChart(props: Props) {
  const { result, x, width, palette, mode } = props;
  const { series, peak, max } = activationOf(result);
  const rows = activationRowsOf(series.length);
  const { left, right } = x;
  const mem = result.memory;
  const scale = scaleOf(result);
  const amount = (v: number) => (mem ? `${(v / mem.bytesPerUnit).toFixed(1)} ${mem.unit}` : `${v} A`);
  const label = `Activation memory of ${series.length} ranks, highest peak ${amount(max)}`;
  return (
    <section className="activation" aria-label="Activation memory per rank" data-testid="activation" data-unit={mem ? mem.unit : 'A'}>
      <h2 className="chart-title">
        <span className="name">Activation memory</span>
        <span className="muted">
          {mem
            ? `per rank over time, GB; dashed: the HBM left beside weights, gradients and optimizer state (${(mem.hbmBytes / 1e9).toFixed(0)} GB − static); peak ${amount(max)}`
            : `per rank over time, in A = one micro-batch through one model part; peak ${amount(max)}`}
        </span>
      </h2>
      <div className="plot" style={{ height: rows.height }}>
        {mode === 'canvas' ? (
          <ActivationCanvas {...props} rows={rows} label={label} />
        ) : (
          <svg width={width} height={rows.height} role="img" aria-label={label}>
            {series.map((s, r) => (
              <g key={r} data-rank={r}>
                <rect x={left} y={rows.y[r]} width={x.width} height={rows.rowH} className="activation-bg" />
                <path
                  d={stepAreaPath(columnMax(s, x, result.layout.makespan), left, rows.y[r], rows.rowH, scale)}
                  fill={palette.fill.F[0]}
                  fillOpacity={0.75}
                />
              </g>
            ))}
          </svg>
        )}
        <Labels
          rows={rows}
          peak={peak.map(amount)}
          width={width}
          left={left}
          right={right}
          limits={mem?.limitBytes.map((l) => l / scale)}
        />
      </div>
    </section>
  );
}
