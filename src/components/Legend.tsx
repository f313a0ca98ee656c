/** Colour key for the current palette and mode: op kinds, F&B halves, direction, bubble, streams. */
import { memo, type ReactElement } from 'react';
import type { Palette } from '../render/palette.ts';

function Swatch({ fill, border, split }: { fill: string; border?: string; split?: string }) {
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

export const Legend = memo(function Legend({ palette: p, dual, detailed }: { palette: Palette; dual: boolean; detailed: boolean }) {
  const items: [string, ReactElement][] = [
    ['F forward', <Swatch fill={p.fill.F[0]} />],
    ['B backward', <Swatch fill={p.fill.B[0]} />],
    ['I backward (input)', <Swatch fill={p.fill.I[0]} />],
    ['W backward (weights)', <Swatch fill={p.fill.W[0]} />],
    ['F&B pair (top F, bottom B)', <Swatch fill={p.fill.F[0]} split={p.fill.B[0]} border={p.pairBorder} />],
  ];
  if (dual) items.push(['reverse direction (lighter)', <Swatch fill={p.fill.F[1]} split={p.fill.B[1]} />]);
  items.push(['bubble', <Swatch fill={p.bubble} border={p.bubbleStroke} />]);
  if (detailed) {
    items.push(['dispatch', <Swatch fill={p.dispatch} />], ['combine', <Swatch fill={p.combine} />], ['PP send', <Swatch fill={p.pp} />]);
  }
  return (
    <ul className="legend" aria-label="Legend">
      {items.map(([label, swatch]) => (
        <li key={label}>
          {swatch}
          {label}
        </li>
      ))}
    </ul>
  );
});
