/**
 * Colour keys of the measured page: the diverging difference scale (diffScale.ts) as a gradient
 * with its ends and middle in ms, or the op kinds when the page colours by kind.
 */
import { Legend } from '../Legend.tsx';
import { kindsOf } from '../../render/figure.ts';
import type { Layout } from '../../render/layout.ts';
import type { Palette } from '../../render/palette.ts';
import { MICROSECONDS_AS_MS, formatTime } from '../../render/scales.ts';
import type { DiffScale } from './diffScale.ts';
import type { ColourBy } from './sideBySide.ts';

const STOPS = 9;

export function DiffLegend({ scale, by }: { scale: DiffScale; by: Exclude<ColourBy, 'kind'> }) {
  const lim = formatTime(scale.limit, MICROSECONDS_AS_MS);
  const what = by === 'duration' ? 'compute time' : 'start';
  const id = `diff-gradient-${by}`;
  return (
    <div
      className="diff-legend"
      data-testid="diff-legend"
      aria-label={`Colour key: simulated − measured ${what}, from −${lim} (blue) to +${lim} (red)`}
    >
      <span className="muted">simulated − measured {what}</span>
      <span className="diff-scale">
        <span className="diff-end">≤ −{lim}</span>
        <svg width="112" height="12" aria-hidden="true">
          <defs>
            <linearGradient id={id}>
              {Array.from({ length: STOPS }, (_, k) => (
                <stop
                  key={k}
                  offset={`${(100 * k) / (STOPS - 1)}%`}
                  stopColor={scale.fill(-scale.limit + (2 * scale.limit * k) / (STOPS - 1))}
                />
              ))}
            </linearGradient>
          </defs>
          <rect x="0.5" y="0.5" width="111" height="11" fill={`url(#${id})`} className="diff-ramp" />
          <line x1="56" x2="56" y1="0" y2="12" className="diff-zero" />
        </svg>
        <span className="diff-end">≥ +{lim}</span>
      </span>
      <span className="muted small">(blue: the replay is shorter or earlier; middle line 0)</span>
    </div>
  );
}

export function KindLegend({ palette, layout }: { palette: Palette; layout: Layout }) {
  return <Legend palette={palette} kinds={kindsOf([layout])} dual={layout.dual} detailed={false} />;
}
