/**
 * Histogram of |x| on a log2 axis (4 bins per octave), with the FP8 range of one method drawn in
 * x's units: with a group scale s, codes cover [min subnormal·s, max·s]; |x| ≤ min subnormal·s/2
 * flushes to zero and |x| beyond the overflow threshold·s (464·s E4M3, 61440·s E5M2) saturates
 * (or becomes NaN/Inf without saturation). Per-tensor scaling has one s; grouped methods have one
 * per group, so the zones use the median group scale while the red and orange parts of the bars
 * count what each element actually did.
 */
import { scaleLinear, scaleLog, ticks as d3ticks, format } from 'd3';
import { useState, memo } from 'react';
import { formatSpec, type Fp8Method } from '../../fp8/index.ts';
import { BINS_PER_OCTAVE } from '../../fp8panel/histogram.ts';
import { METHOD_LABELS } from '../../fp8panel/inputs.ts';
import type { MethodResult, TensorResult } from '../../fp8panel/protocol.ts';
import { XAxis, YAxis, type Tick } from './Axis.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { num, pct, pow2Label } from './format.ts';
import type { ChartColors } from './useColors.ts';

const H = 170;
const M = { l: 40, r: 8, t: 16, b: 30 };
const LEGEND = 18;

export const HistogramChart = memo(function HistogramChart({
  result,
  colors,
  overflowLabel,
}: {
  result: TensorResult;
  colors: ChartColors;
  overflowLabel: string;
}) {
  const [focus, setFocus] = useState<Fp8Method | null>(null);
  const [logY, setLogY] = useState(true); // log counts: outlier and flushed tails stay visible
  const m = result.methods.find((x) => x.method === focus) ?? result.methods[0]!;
  const tools = (
    <>
      <select aria-label="Method shown in the histogram" value={m.method} onChange={(e) => setFocus(e.target.value as Fp8Method)}>
        {result.methods.map((x) => (
          <option key={x.method} value={x.method}>
            {METHOD_LABELS[x.method]}
          </option>
        ))}
      </select>
      <label className="fp8-check" title="logarithmic count axis">
        <input type="checkbox" checked={logY} onChange={(e) => setLogY(e.target.checked)} /> log
      </label>
    </>
  );
  const scale = m.grid.stats.median;
  const caption = (
    <>
      {m.grid.stats.count === 1
        ? `one scale s = ${num(scale)}`
        : `zones for the median group scale s = ${num(scale)} of ${m.grid.stats.count.toLocaleString('en-US')}`}
      {result.hist.zeros ? `; ${result.hist.zeros.toLocaleString('en-US')} zeros` : ''}
      {result.hist.nonfinite ? `; ${result.hist.nonfinite.toLocaleString('en-US')} NaN/Inf not shown` : ''}
    </>
  );
  return (
    <ChartFrame id="histogram" title="|x| histogram with the FP8 range" colors={colors} tools={tools} caption={caption}>
      {(w) => <HistogramSvg width={w} result={result} m={m} logY={logY} colors={colors} overflowLabel={overflowLabel} />}
    </ChartFrame>
  );
});

function HistogramSvg({
  width,
  result,
  m,
  logY,
  colors,
  overflowLabel,
}: {
  width: number;
  result: TensorResult;
  m: MethodResult;
  logY: boolean;
  colors: ChartColors;
  overflowLabel: string;
}) {
  const { lo, hi, counts } = result.hist;
  const f = formatSpec(m.format);
  const s = m.grid.stats.median;
  const log2s = Math.log2(s);
  const flushEdge = f.emin - f.mantBits - 1 + log2s; // |x| ≤ 2^(emin−M−1)·s → 0
  const subEdge = f.emin + log2s; // below: subnormal codes
  const maxEdge = Math.log2(f.max) + log2s;
  const ovfEdge = Math.log2(f.overflowTie) + log2s;
  const dataLo = lo / BINS_PER_OCTAVE;
  const dataHi = (hi + 1) / BINS_PER_OCTAVE;
  const finiteS = Number.isFinite(log2s);
  const x0 = Math.min(dataLo, finiteS ? Math.max(flushEdge - 1, dataLo - 4) : dataLo);
  const x1 = Math.max(dataHi, finiteS ? Math.min(ovfEdge + 1, dataHi + 4) : dataHi);
  const x = scaleLinear()
    .domain([x0, x1])
    .range([M.l, width - M.r]);
  const maxCount = Math.max(1, ...counts);
  const yBottom = H - M.b;
  const y = logY
    ? scaleLog()
        .domain([0.5, maxCount * 1.3])
        .range([yBottom, M.t])
        .clamp(true)
    : scaleLinear()
        .domain([0, maxCount * 1.05])
        .range([yBottom, M.t]);
  const base = y(logY ? 0.5 : 0);
  const xt: Tick[] = d3ticks(x0, x1, Math.max(3, Math.floor(width / 48)))
    .filter((k) => Number.isInteger(k))
    .map((k) => ({ pos: x(k), label: pow2Label(k) }));
  const yt: Tick[] = (
    logY
      ? (y as ReturnType<typeof scaleLog>).ticks(3).filter((v) => Math.log10(v) % 1 === 0)
      : (y as ReturnType<typeof scaleLinear>).ticks(3)
  ).map((v) => ({ pos: y(v), label: format('~s')(v) }));
  const clampX = (v: number) => Math.max(M.l, Math.min(width - M.r, x(v)));
  const zones = finiteS
    ? [
        { id: 'flush', a: x0, b: flushEdge, fill: colors.error, label: 'flush' },
        { id: 'subnormal', a: flushEdge, b: subEdge, fill: colors.muted, label: 'sub' },
        { id: 'normal', a: subEdge, b: maxEdge, fill: colors.accent, label: 'normal' },
        { id: 'overflow', a: ovfEdge, b: x1, fill: colors.warn, label: overflowLabel },
      ]
    : [];
  const flushedTotal = m.flushed.reduce((a, b) => a + b, 0);
  const overflowTotal = m.overflow.reduce((a, b) => a + b, 0);
  const n = result.shape[0] * result.shape[1];
  const bw = x(1 / BINS_PER_OCTAVE) - x(0);
  return (
    <svg
      width={width}
      height={H + LEGEND}
      role="img"
      aria-label={`Histogram of |x| with the FP8 range of ${METHOD_LABELS[m.method]}`}
      data-testid="fp8-histogram"
    >
      {zones.map((z) => {
        const a = clampX(z.a);
        const b = clampX(z.b);
        if (b - a < 0.5) return null;
        return (
          <g key={z.id} data-zone={z.id}>
            <rect x={a} y={M.t} width={b - a} height={yBottom - M.t} fill={z.fill} fillOpacity={colors.dark ? 0.16 : 0.09} />
            {b - a > 26 ? (
              <text x={(a + b) / 2} y={M.t - 4} fontSize={9} textAnchor="middle" fill={colors.muted}>
                {z.label}
              </text>
            ) : null}
          </g>
        );
      })}
      <YAxis ticks={yt} x={M.l} y0={M.t} y1={yBottom} colors={colors} title="count" grid={width - M.r} />
      {Array.from(counts, (c, i) => {
        if (c === 0) return null;
        const k = lo + i;
        const bx = x(k / BINS_PER_OCTAVE);
        const fl = m.flushed[i]!;
        const ov = m.overflow[i]!;
        const top = y(c);
        return (
          <g key={k}>
            <rect x={bx} y={top} width={Math.max(0.5, bw - 0.4)} height={Math.max(0, base - top)} fill={colors.fg} fillOpacity={0.45} />
            {fl > 0 ? (
              <rect
                x={bx}
                y={y(Math.max(fl, logY ? 0.5 : 0))}
                width={Math.max(0.5, bw - 0.4)}
                height={Math.max(0, base - y(fl))}
                fill={colors.error}
              />
            ) : null}
            {ov > 0 ? (
              <rect x={bx} y={y(ov)} width={Math.max(0.5, bw - 0.4)} height={Math.max(0, base - y(ov))} fill={colors.warn} />
            ) : null}
          </g>
        );
      })}
      <XAxis ticks={xt} y={yBottom} x0={M.l} x1={width - M.r} colors={colors} title="|x| (log scale)" />
      <g transform={`translate(${M.l},${H + 8})`} fontSize={9.5} fill={colors.fg}>
        <rect x={0} y={-7} width={8} height={8} fill={colors.error} />
        <text x={11} y={0}>
          flushed {pct(flushedTotal / n)}
        </text>
        <rect x={96} y={-7} width={8} height={8} fill={colors.warn} />
        <text x={107} y={0}>
          {overflowLabel} {pct(overflowTotal / n)}
        </text>
      </g>
    </svg>
  );
}
