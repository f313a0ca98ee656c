/**
 * Activation memory per rank over time, under the Gantt chart and on its time axis: one small
 * step-area row per rank, scaled to the highest peak, the rank's peak at the right. Each px column
 * shows the column's maximum, so zooming out never hides a peak (render/activation.ts).
 */
import { columnMax, stepAreaPath } from '../render/activation.ts';
import type { EngineOk } from '../hooks/runEngine.ts';
import type { Palette } from '../render/palette.ts';
import type { TimeScale } from '../render/scales.ts';

export function ActivationChart({ result, x, width, palette }: { result: EngineOk; x: TimeScale; width: number; palette: Palette }) {
  const { series, peak, max } = result.activation;
  const P = series.length;
  const rowH = Math.max(3, Math.min(18, Math.floor(150 / P)));
  const gap = rowH >= 8 ? 2 : 1;
  const [left, right] = x.range();
  const height = P * (rowH + gap) + 8;
  const every = Math.ceil(10 / (rowH + gap));
  return (
    <section className="activation" aria-label="Activation memory per rank" data-testid="activation">
      <h2 className="chart-title">
        <span className="name">Activation memory</span>
        <span className="muted">per rank over time, in A = one micro-batch through one model part; peak {max} A</span>
      </h2>
      <svg width={width} height={height} role="img" aria-label={`Activation memory of ${P} ranks, highest peak ${max} A`}>
        {series.map((s, r) => {
          const y = 5 + r * (rowH + gap);
          const d = stepAreaPath(columnMax(s, x, result.layout.makespan), left, y, rowH, max);
          return (
            <g key={r} data-rank={r}>
              <rect x={left} y={y} width={Math.max(0, right - left)} height={rowH} className="activation-bg" />
              <path d={d} fill={palette.fill.F[0]} fillOpacity={0.75} />
              {r % every === 0 ? (
                <>
                  <text x={left - 8} y={y + rowH / 2} textAnchor="end" dominantBaseline="central" className="rank-label" fontSize={Math.min(10, Math.max(7, rowH))}>
                    r{r}
                  </text>
                  <text x={right + 6} y={y + rowH / 2} dominantBaseline="central" className="bubble-value" fontSize={Math.min(10, Math.max(7, rowH))}>
                    {peak[r]} A
                  </text>
                </>
              ) : null}
            </g>
          );
        })}
      </svg>
    </section>
  );
}
