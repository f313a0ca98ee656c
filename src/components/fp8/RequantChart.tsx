/**
 * The backward pass's re-quantization (DeepSeek-V3 §3.5.2): the forward pass stores activations as
 * FP8 1×128 tiles; the backward GEMM needs 128×1 tiles, so they are dequantized, transposed and
 * quantized again. Bars: SQNR of the forward 1×128 copy, of a 128×1 copy made directly from the
 * original, and of the 128×1 copy re-quantized from the FP8 forward copy; the gap between the last
 * two is the extra error of the second rounding.
 */
import { memo } from 'react';
import { scaleLinear } from 'd3';
import type { RequantResult } from '../../fp8panel/requant.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { db, pct } from './format.ts';
import type { ChartColors } from './useColors.ts';

const ROW = 24;
const M = { l: 92, r: 44, t: 6, b: 8 };

export const RequantChart = memo(function RequantChart({ r, colors }: { r: RequantResult; colors: ChartColors }) {
  const extraDb = r.direct.sqnr_db - r.requant.sqnr_db;
  const caption = (
    <>
      Re-quantizing the stored FP8 copy costs <b data-testid="fp8-requant-extra">{db(extraDb)} dB</b> SQNR against quantizing 128×1 tiles
      from the original (relative L2 {pct(r.direct.rel_err_l2)} → {pct(r.requant.rel_err_l2)}); the second rounding changed {pct(r.changed)}{' '}
      of the values.{r.ue8m0 ? ' Scales rounded up to powers of two (UE8M0).' : ''}
    </>
  );
  return (
    <ChartFrame id="requant" title="1×128 → 128×1 re-quantization (backward)" colors={colors} caption={caption}>
      {(w) => <RequantSvg width={w} r={r} colors={colors} />}
    </ChartFrame>
  );
});

function RequantSvg({ width, r, colors }: { width: number; r: RequantResult; colors: ChartColors }) {
  const rows = [
    { id: 'forward', label: 'forward 1×128', v: r.forward.sqnr_db, color: colors.muted },
    { id: 'direct', label: '128×1 from x', v: r.direct.sqnr_db, color: colors.accent },
    { id: 'requant', label: '128×1 from FP8', v: r.requant.sqnr_db, color: colors.warn },
  ];
  const max = Math.max(...rows.map((d) => (Number.isFinite(d.v) ? d.v : 0)), 1);
  const x = scaleLinear()
    .domain([0, max])
    .range([M.l, width - M.r]);
  const H = M.t + rows.length * ROW + M.b + 12;
  return (
    <svg width={width} height={H} role="img" aria-label="SQNR of the forward copy and of the two backward copies" data-testid="fp8-requant">
      {rows.map((d, i) => {
        const y = M.t + i * ROW;
        const v = Number.isFinite(d.v) ? Math.max(0, d.v) : max;
        return (
          <g key={d.id} data-row={d.id}>
            <text x={M.l - 6} y={y + ROW / 2} fontSize={10} textAnchor="end" dominantBaseline="central" fill={colors.fg}>
              {d.label}
            </text>
            <rect x={M.l} y={y + 4} width={Math.max(1, x(v) - M.l)} height={ROW - 8} fill={d.color} />
            <text x={x(v) + 4} y={y + ROW / 2} fontSize={10} dominantBaseline="central" fill={colors.fg}>
              {db(d.v)} dB
            </text>
          </g>
        );
      })}
      <text x={4} y={H - 4} fontSize={9} fill={colors.muted} fontStyle="italic">
        SQNR vs the original activation x, dB (higher is better)
      </text>
    </svg>
  );
}
