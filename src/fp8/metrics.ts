/**
 * Error metrics of a quantized tensor (fp8.md §4), computed in float64 over the elements of one
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
  'rel_err_l2', 'sqnr_db', 'max_abs_err', 'mean_abs_err', 'rmse', 'max_rel_err_nonzero',
  'mean_rel_err_nonzero', 'frac_input_zero', 'frac_flushed_to_zero', 'frac_above_max_before_cast',
  'frac_overflow_saturated', 'frac_nan_out', 'frac_subnormal_codes', 'frac_max_codes', 'cosine',
  'deepgemm_calc_diff',
];

/** Counts from the cast that the metrics need besides x, x̂ and the codes. */
export interface CastCounts {
  aboveMaxCount: number;
  overflowCount: number;
}

/** Metrics of x̂ against x with the given codes (all three row-major, same length). */
export function computeMetrics(
  x: Float32Array,
  dequant: Float32Array,
  codes: Uint8Array,
  format: Fp8Format,
  counts: CastCounts,
): Fp8Metrics {
  const f = formatSpec(format);
  const n = x.length;
  const M = f.mantBits;
  const maxCode = f.maxCode;
  let sxx = 0, shh = 0, sxh = 0, see = 0, sae = 0, srel = 0;
  let maxAe = 0, maxRel = 0;
  let summed = 0, nonzero = 0, zeros = 0, flushed = 0, nanOut = 0, sub = 0, maxc = 0;
  for (let i = 0; i < n; i++) {
    const mag = codes[i]! & 0x7f;
    if (mag === maxCode) maxc++;
    else if (mag !== 0 && mag >>> M === 0) sub++;
    const xv = x[i]!;
    const d = dequant[i]!;
    if (xv - xv !== 0) continue; // NaN or ±Inf input
    if (d !== d) { nanOut++; continue; }
    const e = d - xv;
    const ae = Math.abs(e);
    summed++;
    sxx += xv * xv;
    shh += d * d;
    sxh += xv * d;
    see += e * e;
    sae += ae;
    if (ae > maxAe) maxAe = ae;
    if (xv === 0) {
      zeros++;
    } else {
      nonzero++;
      const rel = ae / Math.abs(xv);
      srel += rel;
      if (rel > maxRel) maxRel = rel;
      if (d === 0) flushed++;
    }
  }
  const rel = Math.sqrt(see) / Math.sqrt(sxx);
  return {
    rel_err_l2: rel,
    sqnr_db: 10 * Math.log10(sxx / see),
    max_abs_err: maxAe,
    mean_abs_err: sae / summed,
    rmse: Math.sqrt(see / summed),
    max_rel_err_nonzero: nonzero > 0 ? maxRel : NaN,
    mean_rel_err_nonzero: nonzero > 0 ? srel / nonzero : NaN,
    frac_input_zero: zeros / n,
    frac_flushed_to_zero: flushed / n,
    frac_above_max_before_cast: counts.aboveMaxCount / n,
    frac_overflow_saturated: counts.overflowCount / n,
    frac_nan_out: nanOut / n,
    frac_subnormal_codes: sub / n,
    frac_max_codes: maxc / n,
    cosine: sxh / Math.sqrt(sxx * shh),
    deepgemm_calc_diff: 1 - (2 * sxh) / (sxx + shh),
  };
}

/** Metrics of a `quantize()` result against its input. */
export function quantizeMetrics(x: Float32Array, q: QuantizeResult): Fp8Metrics {
  return computeMetrics(x, q.dequant, q.codes, q.format, q);
}
