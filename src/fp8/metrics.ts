/**
 * Error metrics of a quantized tensor (docs/fp8.md §4), computed in float64 over the elements of one
 * tensor: x = float32 input, x̂ = float32 dequantized value, codes = the FP8 codes, y = the scaled
 * value before the cast (only its two counts enter, from `QuantizeResult`). Names are those of the
 * golden `metrics` objects, so values compare 1:1.
 *
 * Conventions for non-finite data (none occur in the golden sets): elements whose input is NaN or
 * ±Inf, and outputs that are NaN, are left out of the error sums; NaN outputs from finite inputs
 * are counted in `frac_nan_out`. Fractions are over all n elements; means over the summed ones.
 */
import { formatSpec, type Fp8Format } from './formats.ts';
import type { QuantizeResult } from './methods.ts';
import { Fp8InputError } from './errors.ts';

export interface Fp8Metrics {
  /** ‖x̂−x‖₂ / ‖x‖₂ (dimensionless). */
  rel_err_l2: number;
  /** 10·log10(Σx² / Σ(x̂−x)²) in dB (torchao `compute_error`). */
  sqnr_db: number;
  /** max |x̂−x| (units of x). */
  max_abs_err: number;
  /** mean |x̂−x|. */
  mean_abs_err: number;
  /** √(mean (x̂−x)²). */
  rmse: number;
  /** max |x̂−x|/|x| over x ≠ 0 (a flushed element counts 1.0). */
  max_rel_err_nonzero: number;
  /** mean |x̂−x|/|x| over x ≠ 0. */
  mean_rel_err_nonzero: number;
  /** #(x = 0) / n. */
  frac_input_zero: number;
  /** #(x ≠ 0 and x̂ = 0) / n. */
  frac_flushed_to_zero: number;
  /** #(|y| > FMAX) / n. */
  frac_above_max_before_cast: number;
  /** #(|y| > 464) / n (E4M3) or #(|y| ≥ 61440) / n (E5M2): clamped by a saturating cast. */
  frac_overflow_saturated: number;
  /** NaN outputs from finite inputs / n. */
  frac_nan_out: number;
  /** codes with exponent field 0 and mantissa ≠ 0, / n. */
  frac_subnormal_codes: number;
  /** codes equal to ±max, / n. */
  frac_max_codes: number;
  /** Σxx̂ / √(Σx²·Σx̂²). */
  cosine: number;
  /** 1 − 2Σxx̂ / (Σx² + Σx̂²) (DeepGEMM `calc_diff`). */
  deepgemm_calc_diff: number;
}

export const METRIC_NAMES: readonly (keyof Fp8Metrics)[] = [
  'rel_err_l2',
  'sqnr_db',
  'max_abs_err',
  'mean_abs_err',
  'rmse',
  'max_rel_err_nonzero',
  'mean_rel_err_nonzero',
  'frac_input_zero',
  'frac_flushed_to_zero',
  'frac_above_max_before_cast',
  'frac_overflow_saturated',
  'frac_nan_out',
  'frac_subnormal_codes',
  'frac_max_codes',
  'cosine',
  'deepgemm_calc_diff',
];

/** Counts from the cast that the metrics need besides x, x̂ and the codes. */
export interface CastCounts {
  aboveMaxCount: number;
  overflowCount: number;
}

/** Elements per block of the cascaded sums (numpy's pairwise leaf is 128 too). */
const BLOCK = 128;

/** Per-code class for the counts: bit 0 = subnormal code, bit 1 = ±max code. */
function classTable(format: Fp8Format): Uint8Array {
  const f = formatSpec(format);
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) {
    const mag = c & 0x7f;
    t[c] = mag === f.maxCode ? 2 : mag !== 0 && mag >>> f.mantBits === 0 ? 1 : 0;
  }
  return t;
}

/**
 * Accumulates the §4 sums run by run (so `quantize` can fold them in while a run is in cache), then
 * `finish` turns them into metrics (call it once). Runs must arrive in element order without gaps
 * (both quantize paths do): the float sums are cascaded in blocks of BLOCK elements at fixed
 * positions of the flattened tensor, so the result does not depend on how the tensor was cut into
 * runs — fused and separate metrics are bit-identical.
 */
export class MetricsAccumulator {
  // Cascaded float64 sums of x², x̂², x·x̂, e², |e|, |e|/|x| (see addChunk): block → mid → top.
  private readonly blk = new Float64Array(6);
  private readonly mid = new Float64Array(6);
  private readonly top = new Float64Array(6);
  private midBlocks = 0;
  private maxAe = 0;
  private maxRel = 0;
  private summed = 0;
  private zeros = 0;
  private flushed = 0;
  private nanOut = 0;
  private sub = 0;
  private maxc = 0;
  private readonly cls: Uint8Array;

  constructor(format: Fp8Format) {
    this.cls = classTable(format);
  }

  /** Add len elements: x[xBase..], x̂ = dequant[xBase..], codes[xBase..]. */
  add(x: Float32Array, xBase: number, dequant: Float32Array, codes: Uint8Array, len: number): void {
    this.addSpan(x, xBase, dequant, null, 0, codes, len);
  }

  /**
   * Add a run quantized with one group scale, computing x̂ = fp32(decode(code)·scale) on the fly
   * (`decodeTable` in dt) — the quantize pass needs no x̂ buffer for its metrics.
   */
  addRun(x: Float32Array, xBase: number, codes: Uint8Array, len: number, dt: Float64Array, scale: number): void {
    this.addSpan(x, xBase, null, dt, scale, codes, len);
  }

  /** Cut [xBase, xBase+len) at multiples of BLOCK of the element index. */
  private addSpan(
    x: Float32Array,
    xBase: number,
    dequant: Float32Array | null,
    dt: Float64Array | null,
    scale: number,
    codes: Uint8Array,
    len: number,
  ): void {
    const end = xBase + len;
    for (let pos = xBase; pos < end;) {
      const stop = Math.min(end, pos - (pos % BLOCK) + BLOCK);
      this.addChunk(x, pos, dequant, dt, scale, codes, stop - pos);
      if (stop % BLOCK === 0) this.flushBlock();
      pos = stop;
    }
  }

  /**
   * Elements of one block (or its part): sums run left to right inside the block, then cascade
   * (block → mid → top), which keeps the summation error near numpy's pairwise sum. That matters for
   * `deepgemm_calc_diff`, a 1 − (≈1) cancellation: plain left-to-right sums were 2e-10 relative
   * off the golden, cascaded ones ~4e-12.
   */
  private addChunk(
    x: Float32Array,
    xBase: number,
    dequant: Float32Array | null,
    dt: Float64Array | null,
    scale: number,
    codes: Uint8Array,
    len: number,
  ): void {
    const cls = this.cls;
    const bk = this.blk;
    let sxx = bk[0]!,
      shh = bk[1]!,
      sxh = bk[2]!,
      see = bk[3]!,
      sae = bk[4]!,
      srel = bk[5]!;
    let maxAe = this.maxAe,
      maxRel = this.maxRel;
    let skipped = 0,
      zeros = 0,
      flushed = 0,
      nanOut = 0,
      sub = 0,
      maxc = 0;
    const end = xBase + len;
    for (let i = xBase; i < end; i++) {
      const code = codes[i]!;
      const c = cls[code]!;
      sub += c & 1;
      maxc += c >>> 1;
      const xv = x[i]!;
      const d = dequant !== null ? dequant[i]! : Math.fround(dt![code]! * scale);
      const e = d - xv;
      if (e - e !== 0) {
        // Rare: non-finite input (left out), NaN output (counted), or ±Inf output (kept: Inf error).
        if (xv - xv !== 0) {
          skipped++;
          continue;
        }
        if (d !== d) {
          nanOut++;
          skipped++;
          continue;
        }
      }
      sxx += xv * xv;
      shh += d * d;
      sxh += xv * d;
      see += e * e;
      const ae = Math.abs(e);
      sae += ae;
      if (ae > maxAe) maxAe = ae;
      if (xv !== 0) {
        const rel = ae / Math.abs(xv); // a flushed element gives exactly 1
        srel += rel;
        if (rel > maxRel) maxRel = rel;
        if (d === 0) flushed++;
      } else {
        zeros++;
      }
    }
    bk[0] = sxx;
    bk[1] = shh;
    bk[2] = sxh;
    bk[3] = see;
    bk[4] = sae;
    bk[5] = srel;
    this.maxAe = maxAe;
    this.maxRel = maxRel;
    this.summed += len - skipped;
    this.zeros += zeros;
    this.flushed += flushed;
    this.nanOut += nanOut;
    this.sub += sub;
    this.maxc += maxc;
  }

  private flushBlock(): void {
    for (let k = 0; k < 6; k++) {
      this.mid[k] += this.blk[k]!;
      this.blk[k] = 0;
    }
    if (++this.midBlocks === BLOCK) this.flushMid();
  }

  private flushMid(): void {
    for (let k = 0; k < 6; k++) {
      this.top[k] += this.mid[k]!;
      this.mid[k] = 0;
    }
    this.midBlocks = 0;
  }

  /** Metrics over n elements in total, with the cast counts of `QuantizeResult`. */
  finish(n: number, counts: CastCounts): Fp8Metrics {
    this.flushBlock();
    this.flushMid();
    const [sxx, shh, sxh, see, sae, srel] = this.top as unknown as [number, number, number, number, number, number];
    const summed = this.summed;
    const nonzero = summed - this.zeros;
    return {
      rel_err_l2: Math.sqrt(see) / Math.sqrt(sxx),
      sqnr_db: 10 * Math.log10(sxx / see),
      max_abs_err: this.maxAe,
      mean_abs_err: sae / summed,
      rmse: Math.sqrt(see / summed),
      max_rel_err_nonzero: nonzero > 0 ? this.maxRel : NaN,
      mean_rel_err_nonzero: nonzero > 0 ? srel / nonzero : NaN,
      frac_input_zero: this.zeros / n,
      frac_flushed_to_zero: this.flushed / n,
      frac_above_max_before_cast: counts.aboveMaxCount / n,
      frac_overflow_saturated: counts.overflowCount / n,
      frac_nan_out: this.nanOut / n,
      frac_subnormal_codes: this.sub / n,
      frac_max_codes: this.maxc / n,
      cosine: sxh / Math.sqrt(sxx * shh),
      deepgemm_calc_diff: 1 - (2 * sxh) / (sxx + shh),
    };
  }
}

/** Metrics of x̂ against x with the given codes (all three row-major, same length). */
export function computeMetrics(
  x: Float32Array,
  dequant: Float32Array,
  codes: Uint8Array,
  format: Fp8Format,
  counts: CastCounts,
): Fp8Metrics {
  const acc = new MetricsAccumulator(format);
  acc.add(x, 0, dequant, codes, x.length);
  return acc.finish(x.length, counts);
}

/**
 * Metrics of a `quantize()` result against its input: `q.metrics` when it was computed in the
 * quantize pass, otherwise from `q.dequant` (a result without either cannot be measured).
 */
export function quantizeMetrics(x: Float32Array, q: QuantizeResult): Fp8Metrics {
  if (q.metrics) return q.metrics;
  if (!q.dequant) throw new Fp8InputError('This result has no dequantized tensor: quantize with dequant: true or metrics: true.');
  return computeMetrics(x, q.dequant, q.codes, q.format, q);
}
