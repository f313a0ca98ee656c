/**
 * The per-group scales of one method as a heatmap grid: log2 of each dequantization scale
 * (x ≈ decode(code)·scale), averaged over blocks of groups when the grid is larger than the picture
 * (e.g. 1×32 MX blocks of a 4096×4096 tensor are a 4096×128 grid). Mean of log2 = geometric mean
 * of the scales; groups whose scale is NaN (a NaN in the group) are left out of the mean and
 * counted; a block of only NaN scales is NaN. The cells also come as RGBA pixels (viridis over
 * [lo, hi], NaN transparent), made here in the worker so the page only hands them to a canvas.
 */
import { interpolateViridis, rgb } from 'd3';

export interface ScaleGrid {
  /** log2(scale) per cell, row-major [rows, cols]; NaN where no finite scale */
  values: Float32Array;
  rows: number;
  cols: number;
  /** groups per cell along each axis */
  blockRows: number;
  blockCols: number;
  /** the scale grid's own shape [group rows, group cols] */
  groups: [number, number];
  /** min / max of the cells' finite values (colour range); NaN when none */
  lo: number;
  hi: number;
  /** statistics of the individual scales (not the cell means) */
  stats: ScaleStats;
  /** the cells as RGBA pixels, row-major [rows, cols]: viridis over [lo, hi], NaN transparent */
  rgba: Uint8ClampedArray;
}

export interface ScaleStats {
  /** smallest, median and largest finite positive scale (NaN when none) */
  min: number;
  median: number;
  max: number;
  /** groups whose scale is NaN */
  nan: number;
  count: number;
}

export function scaleStats(scales: Float32Array): ScaleStats {
  const finite = scales.filter((s) => s > 0 && s < Infinity);
  finite.sort();
  const n = finite.length;
  return {
    min: n ? finite[0]! : NaN,
    median: n ? (n % 2 ? finite[(n - 1) / 2]! : Math.sqrt(finite[n / 2 - 1]! * finite[n / 2]!)) : NaN,
    max: n ? finite[n - 1]! : NaN,
    nan: scales.reduce((t, s) => t + (s !== s ? 1 : 0), 0),
    count: scales.length,
  };
}

/** Downsample a [gr, gc] scale grid to at most maxRows × maxCols cells. */
export function scaleGrid(scales: Float32Array, groups: readonly [number, number], maxRows = 256, maxCols = 256): ScaleGrid {
  const [gr, gc] = groups;
  if (scales.length !== gr * gc) throw new RangeError(`scaleGrid: ${scales.length} scales for a ${gr}x${gc} grid`);
  const blockRows = Math.max(1, Math.ceil(gr / maxRows));
  const blockCols = Math.max(1, Math.ceil(gc / maxCols));
  const rows = Math.ceil(gr / blockRows);
  const cols = Math.ceil(gc / blockCols);
  const sum = new Float64Array(rows * cols);
  const cnt = new Float64Array(rows * cols);
  for (let i = 0; i < gr; i++) {
    const ci = Math.floor(i / blockRows) * cols;
    for (let j = 0; j < gc; j++) {
      const s = scales[i * gc + j]!;
      if (!(s > 0 && s < Infinity)) continue;
      const c = ci + Math.floor(j / blockCols);
      sum[c]! += Math.log2(s);
      cnt[c]!++;
    }
  }
  const values = new Float32Array(rows * cols);
  let lo = Infinity;
  let hi = -Infinity;
  for (let c = 0; c < values.length; c++) {
    const v = cnt[c]! > 0 ? sum[c]! / cnt[c]! : NaN;
    values[c] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range: [number, number] = lo <= hi ? [lo, hi] : [NaN, NaN];
  return {
    values,
    rows,
    cols,
    blockRows,
    blockCols,
    groups: [gr, gc],
    lo: range[0],
    hi: range[1],
    stats: scaleStats(scales),
    rgba: viridisPixels(values, range[0], range[1]),
  };
}

let LUT: Uint8Array | null = null;
/** viridis as 256 RGB triples (d3's interpolateViridis, built once). */
export function viridisLut(): Uint8Array {
  if (!LUT) {
    LUT = new Uint8Array(256 * 3);
    for (let i = 0; i < 256; i++) {
      const c = rgb(interpolateViridis(i / 255));
      LUT.set([c.r, c.g, c.b], i * 3);
    }
  }
  return LUT;
}

/** RGBA of values on viridis over [lo, hi] (a single value: the middle colour); NaN transparent. */
export function viridisPixels(values: Float32Array, lo: number, hi: number): Uint8ClampedArray {
  const lut = viridisLut();
  const px = new Uint8ClampedArray(values.length * 4);
  const f = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0, o = 0; i < values.length; i++, o += 4) {
    const v = values[i]!;
    if (v !== v) continue; // transparent
    const k = (f > 0 ? Math.round((v - lo) * f) : 128) * 3;
    px[o] = lut[k]!;
    px[o + 1] = lut[k + 1]!;
    px[o + 2] = lut[k + 2]!;
    px[o + 3] = 255;
  }
  return px;
}
