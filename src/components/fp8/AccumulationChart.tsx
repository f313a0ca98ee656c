/**
 * Relative error of an FP8 GEMM against K on log–log axes (docs/fp8.md §5): the bit-exact Hopper model
 * (worker, S×S sampled outputs) for the chosen promotion interval N_C and for no promotion (fast
 * accumulation), with the H200 measurements of h200_accumulation.json (1024×1024 outputs) as
 * markers. Error against the fp64 product of the dequantized operands (accumulation only) or of
 * the fp32 operands (total, dominated by the input quantization).
 */
import { format, scaleLog } from 'd3';
import { useState, memo } from 'react';
import { PROMOTIONS, type Promotion } from '../../fp8/index.ts';
import { ACCUM_DISTS, type AccumDist, type AccumPoint, type AccumResult } from '../../fp8panel/accum.ts';
import { H200_POINTS, H200_SOURCE } from '../../fp8panel/h200Points.ts';
import { ACCUM_OUTPUTS, type AccumOutputs } from '../../fp8panel/inputs.ts';
import { useAppStore } from '../../hooks/useAppStore.ts';
import { XAxis, YAxis, type Tick } from './Axis.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { pct } from './format.ts';
import type { RunState } from './controller.ts';
import type { ChartColors } from './useColors.ts';

type Metric = 'rel_fro' | 'max_rel_ge_rms';
type Reference = 'acc' | 'total';

const H = 190;
const M = { l: 46, r: 10, t: 10, b: 30 };
const LEGEND = 30;
const DIST_LABELS: Record<AccumDist, string> = { gauss: 'A, B ~ N(0,1)', uniform: 'A, B ~ U(0,1)', llm: 'LLM-like (outlier channels)' };
const promoLabel = (p: Promotion) => (p === 'never' ? 'never (fast accum)' : `every ${p}`);

function measuredOf(dist: AccumDist, p: Promotion, metric: Metric, ref: Reference): { k: number; v: number }[] {
  const col = (ref === 'acc' ? 3 : 5) + (metric === 'rel_fro' ? 0 : 1);
  return H200_POINTS.filter((r) => r[0] === dist && r[1] === p).map((r) => ({ k: r[2], v: r[col] as number }));
}

export const AccumulationChart = memo(function AccumulationChart({ run, colors }: { run: RunState<AccumResult>; colors: ChartColors }) {
  const fp8 = useAppStore((s) => s.fp8);
  const setFp8 = useAppStore((s) => s.setFp8);
  const [metric, setMetric] = useState<Metric>('rel_fro');
  const [ref, setRef] = useState<Reference>('acc');
  const r = run.result;
  const controls = (
    <div className="fp8-grid2 fp8-accum-controls">
      <label>
        <span>operands</span>
        <select value={fp8.accDist} onChange={(e) => setFp8({ accDist: e.target.value as AccumDist })}>
          {ACCUM_DISTS.map((d) => (
            <option key={d} value={d}>
              {DIST_LABELS[d]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>
          promote every N<sub>C</sub>
        </span>
        <select
          aria-label="Promotion interval"
          value={String(fp8.promote)}
          onChange={(e) => setFp8({ promote: (e.target.value === 'never' ? 'never' : Number(e.target.value)) as Promotion })}
        >
          {PROMOTIONS.map((p) => (
            <option key={String(p)} value={String(p)}>
              {p === 'never' ? 'never (fast accum)' : p === 128 ? '128 (DeepSeek)' : String(p)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>metric</span>
        <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
          <option value="rel_fro">rel. Frobenius</option>
          <option value="max_rel_ge_rms">max rel., |C| ≥ rms</option>
        </select>
      </label>
      <label>
        <span>error against</span>
        <select value={ref} onChange={(e) => setRef(e.target.value as Reference)}>
          <option value="acc">FP8 operands: accumulation only</option>
          <option value="total">fp32 inputs: total</option>
        </select>
      </label>
      <label>
        <span>model outputs</span>
        <select value={String(fp8.accOutputs)} onChange={(e) => setFp8({ accOutputs: Number(e.target.value) as AccumOutputs })}>
          {ACCUM_OUTPUTS.map((s) => (
            <option key={s} value={s}>
              {s}×{s}
            </option>
          ))}
        </select>
      </label>
      <div className="fp8-accum-status" aria-live="polite">
        {run.status === 'running' ? (
          `computing… ${Math.round(run.fraction * 100)}%`
        ) : run.status === 'error' ? (
          <span className="fp8-error-text">{run.error}</span>
        ) : null}
      </div>
    </div>
  );
  const caption = (
    <>
      Model: bit-exact Hopper FP8 MMA (14-bit accumulator) on {fp8.accOutputs}×{fp8.accOutputs} outputs per K, operands per-tensor E4M3.
      Markers: {H200_SOURCE}. Max-type errors grow with the number of outputs, so the model's sample sits below the measured maxima.
    </>
  );
  return (
    <section className="fp8-section" aria-label="Accumulation error">
      <ChartFrame id="accumulation" title="GEMM error vs K (accumulation)" colors={colors} controls={controls} caption={caption}>
        {(w) =>
          r ? (
            <AccumSvg width={w} result={r} metric={metric} reference={ref} colors={colors} />
          ) : (
            <div className="fp8-placeholder">{run.status === 'running' ? 'Computing the sweep…' : 'No result yet.'}</div>
          )
        }
      </ChartFrame>
    </section>
  );
});

function AccumSvg({
  width,
  result,
  metric,
  reference,
  colors,
}: {
  width: number;
  result: AccumResult;
  metric: Metric;
  reference: Reference;
  colors: ChartColors;
}) {
  const { dist, promote } = result.spec;
  const val = (p: AccumPoint) => p[reference][metric];
  const lines = [
    {
      id: 'chosen',
      label: `model, ${promoLabel(promote)}`,
      pts: result.chosen.map((p) => ({ k: p.k, v: val(p) })),
      color: colors.accent,
      dash: undefined as string | undefined,
      measured: measuredOf(dist, promote, metric, reference),
      hollow: false,
    },
    ...(result.never
      ? [
          {
            id: 'never',
            label: 'model, never (fast accum)',
            pts: result.never.map((p) => ({ k: p.k, v: val(p) })),
            color: colors.muted,
            dash: '4 3',
            measured: measuredOf(dist, 'never', metric, reference),
            hollow: true,
          },
        ]
      : []),
  ];
  const all = lines
    .flatMap((l) => [...l.pts, ...l.measured])
    .map((p) => p.v)
    .filter((v) => v > 0 && Number.isFinite(v));
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const x = scaleLog()
    .base(2)
    .domain([result.spec.ks[0]!, result.spec.ks[result.spec.ks.length - 1]!])
    .range([M.l, width - M.r]);
  const y = scaleLog()
    .domain([lo / 1.6, hi * 1.6])
    .range([H - M.b, M.t])
    .nice();
  const xt: Tick[] = result.spec.ks
    .filter((_, i) => width > 340 || i % 2 === 0)
    .map((k) => ({ pos: x(k), label: k >= 1024 ? `${k / 1024}k` : String(k) }));
  const yt: Tick[] = y
    .ticks(4)
    .filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9)
    .map((v) => ({ pos: y(v), label: pct(v) }));
  const path = (pts: { k: number; v: number }[]) =>
    pts
      .filter((p) => p.v > 0)
      .map((p, i) => `${i ? 'L' : 'M'}${x(p.k).toFixed(1)},${y(p.v).toFixed(1)}`)
      .join('');
  return (
    <svg width={width} height={H + LEGEND} role="img" aria-label="Relative error of the FP8 GEMM against K" data-testid="fp8-accum">
      <YAxis ticks={yt} x={M.l} y0={M.t} y1={H - M.b} colors={colors} grid={width - M.r} />
      <XAxis ticks={xt} y={H - M.b} x0={M.l} x1={width - M.r} colors={colors} title="K (inner dimension)" />
      {lines.map((l) => (
        <g key={l.id} data-series={l.id}>
          <path d={path(l.pts)} fill="none" stroke={l.color} strokeWidth={1.8} strokeDasharray={l.dash} />
          {l.pts.map((p) => (
            <circle key={`m${p.k}`} cx={x(p.k)} cy={y(p.v)} r={1.8} fill={l.color} />
          ))}
          {l.measured.map((p) => (
            <rect
              key={`h${p.k}`}
              data-h200={p.k}
              x={x(p.k) - 3.5}
              y={y(p.v) - 3.5}
              width={7}
              height={7}
              fill={l.hollow ? colors.bg : l.color}
              stroke={l.color}
              strokeWidth={1.4}
              transform={`rotate(45 ${x(p.k)} ${y(p.v)})`}
            >
              <title>{`H200, K = ${p.k}: ${format('.3~%')(p.v)}`}</title>
            </rect>
          ))}
        </g>
      ))}
      <g transform={`translate(${M.l},${H + 4})`} fontSize={9.5} fill={colors.fg}>
        {lines.map((l, i) => (
          <g key={l.id} transform={`translate(0,${i * 13})`}>
            <line x1={0} x2={16} y1={0} y2={0} stroke={l.color} strokeWidth={1.8} strokeDasharray={l.dash} />
            <rect x={24} y={-3} width={6} height={6} transform="rotate(45 27 0)" fill={l.hollow ? colors.bg : l.color} stroke={l.color} />
            <text x={36} y={3.5}>
              {l.label} · ◆ H200
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
