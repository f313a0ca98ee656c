/**
 * Per-group dequantization scales of one method as a heatmap over the tensor (rows = tokens down,
 * columns = K across), colour = log2(scale) on viridis. Large grids arrive downsampled by the
 * worker (scaleGrid.ts: ≤ 256×256 cells, geometric mean per cell); the cells are painted into a small
 * canvas once and shown as an SVG <image> (pixelated), so the exported SVG carries the same picture.
 */
import { interpolateViridis, scaleLinear, ticks as d3ticks } from 'd3';
import { useEffect, useState, memo } from 'react';
import type { Fp8Method } from '../../fp8/index.ts';
import { METHOD_LABELS } from '../../fp8panel/inputs.ts';
import type { MethodResult, TensorResult } from '../../fp8panel/protocol.ts';
import type { ScaleGrid } from '../../fp8panel/scaleGrid.ts';
import { XAxis, YAxis, type Tick } from './Axis.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { num, pow2Label } from './format.ts';
import type { ChartColors } from './useColors.ts';

const M = { l: 40, r: 10, t: 6, b: 30 };
const LEGEND_H = 34;

/** PNG data URL of the grid's pixels (made in the worker); null outside a browser. */
function gridImage(g: ScaleGrid): string | null {
  if (typeof document === 'undefined') return null;
  const canvas = document.createElement('canvas');
  canvas.width = g.cols;
  canvas.height = g.rows;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.putImageData(
    new ImageData(new Uint8ClampedArray(g.rgba.buffer as ArrayBuffer, g.rgba.byteOffset, g.rgba.length), g.cols, g.rows),
    0,
    0,
  );
  return canvas.toDataURL('image/png');
}

function scaleText(log2v: number): string {
  return Number.isInteger(log2v) ? pow2Label(log2v) : num(2 ** log2v);
}

export const ScaleHeatmap = memo(function ScaleHeatmap({ result, colors }: { result: TensorResult; colors: ChartColors }) {
  const [pick, setPick] = useState<Fp8Method | null>(null);
  const m = result.methods.find((x) => x.method === pick) ?? result.methods.find((x) => x.grid.stats.count > 1) ?? result.methods[0]!;
  const g = m.grid;
  const tools = (
    <select aria-label="Method shown in the scale heatmap" value={m.method} onChange={(e) => setPick(e.target.value as Fp8Method)}>
      {result.methods.map((x) => (
        <option key={x.method} value={x.method}>
          {METHOD_LABELS[x.method]}
        </option>
      ))}
    </select>
  );
  const [gr, gc] = g.groups;
  const caption = (
    <>
      {gr}×{gc} groups
      {g.blockRows * g.blockCols > 1 ? `, shown as ${g.rows}×${g.cols} cells (geometric mean of ${g.blockRows}×${g.blockCols})` : ''};
      scales {num(g.stats.min)} … {num(g.stats.max)}
      {g.stats.nan ? `; ${g.stats.nan} NaN (red)` : ''}
    </>
  );
  return (
    <ChartFrame id="scales" title="Per-group scales (log2)" colors={colors} tools={tools} caption={caption}>
      {(w) => <HeatmapSvg width={w} m={m} shape={result.shape} colors={colors} />}
    </ChartFrame>
  );
});

function HeatmapSvg({ width, m, shape, colors }: { width: number; m: MethodResult; shape: [number, number]; colors: ChartColors }) {
  const g = m.grid;
  // Painted in a task of its own after the chart is on screen (the previous picture stays until
  // then), so the results' arrival is not one long main-thread task.
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    const id = setTimeout(() => setHref(gridImage(g)), 0);
    return () => clearTimeout(id);
  }, [g]);
  const [rows, cols] = shape;
  const iw = width - M.l - M.r;
  const ih = Math.round(Math.max(48, Math.min(220, (iw * rows) / cols)));
  const x = scaleLinear()
    .domain([0, cols])
    .range([M.l, M.l + iw]);
  const y = scaleLinear()
    .domain([0, rows])
    .range([M.t, M.t + ih]);
  const tick = (s: typeof x, n: number): Tick[] => d3ticks(0, s.domain()[1]!, n).map((v) => ({ pos: s(v), label: String(v) }));
  const H = M.t + ih + M.b + LEGEND_H;
  const ly = M.t + ih + M.b + 4;
  const stops = Array.from({ length: 11 }, (_, i) => i / 10);
  const gradId = `fp8-viridis-${m.method}`;
  const single = !(g.hi > g.lo);
  return (
    <svg width={width} height={H} role="img" aria-label={`Scale heatmap of ${METHOD_LABELS[m.method]}`} data-testid="fp8-heatmap">
      <defs>
        <linearGradient id={gradId} x1="0" x2="1" y1="0" y2="0">
          {stops.map((t) => (
            <stop key={t} offset={t} stopColor={interpolateViridis(t)} />
          ))}
        </linearGradient>
      </defs>
      <rect x={M.l} y={M.t} width={iw} height={ih} fill={colors.error} />
      {href ? (
        <image href={href} x={M.l} y={M.t} width={iw} height={ih} preserveAspectRatio="none" style={{ imageRendering: 'pixelated' }} />
      ) : null}
      <rect x={M.l} y={M.t} width={iw} height={ih} fill="none" stroke={colors.border} />
      <YAxis ticks={tick(y, ih > 120 ? 4 : 2)} x={M.l} y0={M.t} y1={M.t + ih} colors={colors} title="rows" />
      <XAxis ticks={tick(x, Math.max(2, Math.floor(iw / 60)))} y={M.t + ih} x0={M.l} x1={M.l + iw} colors={colors} title="columns (K)" />
      <g transform={`translate(${M.l},${ly})`}>
        <rect x={0} y={0} width={single ? 14 : iw} height={9} fill={single ? interpolateViridis(0.5) : `url(#${gradId})`} />
        {Number.isFinite(g.lo) ? (
          single ? (
            <text x={18} y={8} fontSize={9.5} fill={colors.fg}>
              scale {num(2 ** g.lo)} (log2 = {g.lo.toFixed(2)})
            </text>
          ) : (
            <>
              <text x={0} y={21} fontSize={9.5} fill={colors.fg}>
                {scaleText(g.lo)}
              </text>
              <text x={iw / 2} y={21} fontSize={9.5} textAnchor="middle" fill={colors.muted}>
                scale (log colour)
              </text>
              <text x={iw} y={21} fontSize={9.5} textAnchor="end" fill={colors.fg}>
                {scaleText(g.hi)}
              </text>
            </>
          )
        ) : null}
      </g>
    </svg>
  );
}
