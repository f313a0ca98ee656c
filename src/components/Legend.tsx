/** Colour key of the shown charts (render/figure.ts legendEntries, the exported figure's too). */
import type { OpKind } from '../engine/index.ts';
import { memo } from 'react';
import { legendEntries, type LegendEntry } from '../render/figure.ts';
import type { Palette } from '../render/palette.ts';

function Swatch({ fill, border, split }: LegendEntry) {
  return (
    <svg width="16" height="12" aria-hidden="true" className="swatch">
      {split ? (
        <>
          <rect x="0.5" y="0.5" width="15" height="5.5" fill={fill} />
          <rect x="0.5" y="6" width="15" height="5.5" fill={split} />
        </>
      ) : (
        <rect x="0.5" y="0.5" width="15" height="11" fill={fill} />
      )}
      {border ? <rect x="0.5" y="0.5" width="15" height="11" fill="none" stroke={border} /> : null}
    </svg>
  );
}

export const Legend = memo(function Legend(props: { palette: Palette; kinds: ReadonlySet<OpKind>; dual: boolean; detailed: boolean }) {
  return (
    <ul className="legend" aria-label="Legend">
      {legendEntries(props.palette, props).map((e) => (
        <li key={e.label}>
          <Swatch {...e} />
          {e.label}
        </li>
      ))}
    </ul>
  );
});
