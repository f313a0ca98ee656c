/**
 * Activation memory over time, per rank, for the strip under the Gantt chart. Units: activation
 * units A (one micro-batch through one model part, metrics.ts). The step series come from the
 * engine (activationSteps); this reduces one to at most one value per px column — the column's
 * maximum, so a peak never disappears when zoomed out — and writes it as a compact step path.
 */
import { activationRule, rankActivationSteps, timelineColumns, type Timeline } from '../engine/index.ts';
import type { TimeScale } from './scales.ts';
import { partitionPoint } from './search.ts';

export interface ActivationData {
  /** per rank: [t0, v0, t1, v1, ...] step points, v holding from t_k to t_{k+1} */
  series: Float64Array[];
  peak: number[];
  max: number;
}

/**
 * The engine's activation steps per rank, read from its timeline columns (memory.ts: allocations at an op's start, releases at
 * their end, released at W; Seq1F1B chunks and a costs file's memory model weigh them).
 */
export function activationData(t: Timeline): ActivationData {
  const rule = activationRule(t);
  const cols = timelineColumns(t);
  const series = Array.from({ length: cols.ops.ranks }, (_, r) => rankActivationSteps(cols, r, rule));
  const peak = series.map((s) => {
    let m = 0;
    for (let k = 1; k < s.length; k += 2) if (s[k] > m) m = s[k];
    return m;
  });
  return { series, peak, max: Math.max(1, ...peak) };
}

/**
 * Column maxima of one step series over the scale's plot range: cols[c] = max value alive in
 * px column c (−1 = none). O(points in window + columns).
 */
export function columnMax(s: Float64Array, x: TimeScale, end: number): Float64Array {
  const r0 = x.left;
  const n = Math.max(1, Math.ceil(x.width));
  const cols = new Float64Array(n).fill(-1);
  const { start: t0, end: t1 } = x;
  const pts = s.length >> 1;
  // from the last point at or before t0
  for (let k = Math.max(0, partitionPoint(0, pts, (j) => s[2 * j] > t0) - 1); k < pts; k++) {
    const a = s[2 * k];
    if (a > t1) break;
    const b = k + 1 < pts ? s[2 * k + 2] : end;
    const v = s[2 * k + 1];
    const c0 = Math.max(0, Math.floor(x.px(Math.max(a, t0)) - r0));
    const c1 = Math.min(n - 1, Math.floor(x.px(Math.min(b, t1)) - r0 - 1e-9));
    for (let c = c0; c <= Math.max(c0, c1) && c < n; c++) if (v > cols[c]) cols[c] = v;
  }
  return cols;
}

/** SVG path of the columns as a filled step area in a box [y, y + h], value max at the top. */
export function stepAreaPath(cols: Float64Array, x0: number, y: number, h: number, max: number): string {
  const yOf = (v: number) => y + h - (h * Math.max(0, v)) / max;
  let d = '';
  let c = 0;
  while (c < cols.length && cols[c] < 0) c++;
  if (c === cols.length) return '';
  const first = c;
  d += `M${x0 + c},${y + h}V${yOf(cols[c]).toFixed(1)}`;
  let prev = cols[c];
  for (c++; c < cols.length; c++) {
    const v = cols[c];
    if (v < 0) break;
    if (v !== prev) {
      d += `H${x0 + c}V${yOf(v).toFixed(1)}`;
      prev = v;
    }
  }
  d += `H${x0 + c}V${y + h}H${x0 + first}Z`;
  return d;
}

/** Vertical layout of the strip: one row per rank, px; labels on every `every`-th row. */
export interface ActivationRows {
  y: number[];
  rowH: number;
  height: number;
  every: number;
  font: number;
}

export function activationRowsOf(ranks: number): ActivationRows {
  const rowH = Math.max(3, Math.min(18, Math.floor(150 / ranks)));
  const gap = rowH >= 8 ? 2 : 1;
  const y = Array.from({ length: ranks }, (_, r) => 5 + r * (rowH + gap));
  return { y, rowH, height: ranks * (rowH + gap) + 8, every: Math.ceil(10 / (rowH + gap)), font: Math.min(10, Math.max(7, rowH)) };
}

/** The canvas version of the strip: row backgrounds, then every rank's area in one path. */
export function paintActivation(
  ctx: Pick<CanvasRenderingContext2D, 'beginPath' | 'rect' | 'moveTo' | 'lineTo' | 'closePath' | 'fill'> & {
    fillStyle: unknown;
    globalAlpha: number;
  },
  data: ActivationData,
  end: number,
  x: TimeScale,
  rows: ActivationRows,
  colors: { fill: string; row: string; background: string },
  width: number,
): void {
  const { left: r0, width: plotW } = x;
  ctx.fillStyle = colors.background;
  ctx.beginPath();
  ctx.rect(0, 0, width, rows.height);
  ctx.fill();
  ctx.fillStyle = colors.row;
  ctx.beginPath();
  for (const y of rows.y) ctx.rect(r0, y, plotW, rows.rowH);
  ctx.fill();
  ctx.fillStyle = colors.fill;
  ctx.globalAlpha = 0.75;
  ctx.beginPath();
  data.series.forEach((s, r) => {
    const cols = columnMax(s, x, end);
    const y = rows.y[r];
    const h = rows.rowH;
    let c = 0;
    while (c < cols.length) {
      while (c < cols.length && cols[c] <= 0) c++;
      if (c >= cols.length) break;
      const first = c;
      ctx.moveTo(r0 + c, y + h);
      while (c < cols.length && cols[c] > 0) {
        const v = cols[c];
        const top = y + h - (h * v) / data.max;
        ctx.lineTo(r0 + c, top);
        while (c < cols.length && cols[c] === v) c++;
        ctx.lineTo(r0 + c, top);
      }
      ctx.lineTo(r0 + c, y + h);
      ctx.lineTo(r0 + first, y + h);
      ctx.closePath();
    }
  });
  ctx.fill();
  ctx.globalAlpha = 1;
}
