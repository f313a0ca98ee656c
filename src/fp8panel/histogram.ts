/**
 * Histogram of |x| on a log2 axis, and where each method's cast sends every bin: flushed to zero
 * (x ≠ 0, x̂ = 0) or overflowing (|y| beyond the format's overflow threshold: clamped to ±max by a
 * saturating cast, NaN/Inf by a non-saturating one). Bins are BINS_PER_OCTAVE per power of two:
 * bin k holds 2^(k/4) ≤ |x| < 2^((k+1)/4), exactly.
 *
 * Speed: the bin comes from the float32 bits — exponent field plus a 1024-entry table on the top
 * ten mantissa bits; only the three table slices per octave that straddle a bin edge call
 * Math.log2. The bin of every element is kept (Int16Array) so each method's pass reuses it.
 */
import { f32FromBits, formatSpec, overflows, type Fp8Format } from '../fp8/index.ts';

export const BINS_PER_OCTAVE = 4;
/** Bin index of |x| = 0 and of NaN / ±Inf in the per-element Int16Array. */
export const ZERO_BIN = -32768;
export const NONFINITE_BIN = 32767;
/** Bins of finite non-zero float32 magnitudes lie in [MIN_BIN, MAX_BIN]. */
export const MIN_BIN = -149 * BINS_PER_OCTAVE;
export const MAX_BIN = 128 * BINS_PER_OCTAVE - 1;
const OFFSET = -MIN_BIN;
export const BIN_COUNT = MAX_BIN - MIN_BIN + 1;

/** Quarter-octave of each mantissa slice [1 + t/1024, 1 + (t+1)/1024), or −1 when a bin edge is inside. */
const SLICE_BIN = (() => {
  const t = new Int8Array(1024);
  const edges = [1, 2, 3].map((k) => 2 ** (k / BINS_PER_OCTAVE));
  for (let s = 0; s < 1024; s++) {
    const lo = 1 + s / 1024;
    const hi = 1 + (s + 1) / 1024;
    t[s] = edges.some((e) => lo < e && e < hi) ? -1 : Math.floor(BINS_PER_OCTAVE * Math.log2(lo));
  }
  return t;
})();

/** Bin of a float32 given by its bit pattern (sign ignored). */
export function binOfBits(bits: number): number {
  const a = bits & 0x7fffffff;
  if (a === 0) return ZERO_BIN;
  if (a >= 0x7f800000) return NONFINITE_BIN;
  const e = a >>> 23;
  if (e === 0) return Math.floor(BINS_PER_OCTAVE * Math.log2(f32FromBits(a))); // float32 subnormal
  const q = SLICE_BIN[(a >>> 13) & 0x3ff]!;
  return BINS_PER_OCTAVE * (e - 127) + (q >= 0 ? q : Math.floor(BINS_PER_OCTAVE * Math.log2(1 + (a & 0x7fffff) / 8388608)));
}

/** Lower edge of bin k (|x| units). */
export function binLow(k: number): number {
  return 2 ** (k / BINS_PER_OCTAVE);
}

/** Counts of |x| per bin plus zeros and non-finite elements. */
export interface AbsHistogram {
  /** counts[k − MIN_BIN] */
  counts: Float64Array;
  zeros: number;
  nonfinite: number;
}

export function emptyHistogram(): AbsHistogram {
  return { counts: new Float64Array(BIN_COUNT), zeros: 0, nonfinite: 0 };
}

/** Bin x[start, end) into `bins` (per element) and `h` (counts). */
export function binRange(x: Float32Array, start: number, end: number, bins: Int16Array, h: AbsHistogram): void {
  const xi = new Int32Array(x.buffer, x.byteOffset, x.length);
  const counts = h.counts;
  for (let i = start; i < end; i++) {
    const k = binOfBits(xi[i]!);
    bins[i] = k;
    if (k === ZERO_BIN) h.zeros++;
    else if (k === NONFINITE_BIN) h.nonfinite++;
    else counts[k + OFFSET]!++;
  }
}

/** Per-bin outcome of one method: flushed and overflowing element counts (indexed like counts). */
export interface OutcomeBins {
  flushed: Float64Array;
  overflow: Float64Array;
}

export function emptyOutcome(): OutcomeBins {
  return { flushed: new Float64Array(BIN_COUNT), overflow: new Float64Array(BIN_COUNT) };
}

/**
 * Outcomes for rows [r0, r1) of a [rows, cols] tensor quantized with groups gh×gw and the given
 * dequantization scales (row-major groups). The multiplier of a group is fp32(1/scale) — what
 * every scale rule of src/fp8 uses (for the power-of-two rules it is exact) — so y = fp32(x·mult) is
 * the value the cast saw, and overflow is decided as `overflows()` of formats.ts does.
 */
export function outcomeRows(
  x: Float32Array,
  dq: Float32Array,
  bins: Int16Array,
  cols: number,
  r0: number,
  r1: number,
  gh: number,
  gw: number,
  scales: Float32Array,
  format: Fp8Format,
  out: OutcomeBins,
): void {
  const f = formatSpec(format);
  const gcols = Math.ceil(cols / gw);
  const { flushed, overflow } = out;
  for (let i = r0; i < r1; i++) {
    const gRow = Math.floor(i / gh) * gcols;
    for (let j0 = 0, g = gRow; j0 < cols; j0 += gw, g++) {
      const mult = Math.fround(1 / scales[g]!);
      const end = i * cols + Math.min(cols, j0 + gw);
      for (let p = i * cols + j0; p < end; p++) {
        const k = bins[p]!;
        if (k === ZERO_BIN || k === NONFINITE_BIN) continue;
        if (dq[p] === 0) flushed[k + OFFSET]!++;
        else if (overflows(Math.abs(Math.fround(x[p]! * mult)), f)) overflow[k + OFFSET]!++;
      }
    }
  }
}

/** The occupied bin range [lo, hi] of a histogram (null when every element is 0 or non-finite). */
export function occupiedRange(counts: Float64Array): [number, number] | null {
  let lo = -1;
  let hi = -1;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! > 0) {
      if (lo < 0) lo = i;
      hi = i;
    }
  }
  return lo < 0 ? null : [lo + MIN_BIN, hi + MIN_BIN];
}

/** Counts of bins [lo, hi] as a compact array (what the worker sends to the page). */
export function sliceBins(counts: Float64Array, lo: number, hi: number): Float64Array {
  return counts.slice(lo - MIN_BIN, hi - MIN_BIN + 1);
}
