/**
 * Per-group scale rules (docs/fp8.md §3). Input: the exact amax of one group (a float32 value, or NaN /
 * Inf when the group holds one). Output: the float32 *dequantization* scale s (x ≈ decode(q)·s),
 * the multiplier applied to x before the cast (y = fp32(x·mult)) and, for MX, the E8M0 byte.
 *
 *   - DeepGEMM / DeepSeek-V3 (report §3.3.2, DeepGEMM `per_token_cast_to_fp8`,
 *     `per_block_cast_to_fp8`): a = max(amax, fp32(1e-4)); s = fp32(a/FMAX); optional UE8M0 round-up
 *     (`ceil_to_ue8m0`, report §3.3.3 power-of-two scales); mult = fp32(1/s) — DeepGEMM multiplies
 *     by the reciprocal rather than dividing.
 *   - OCP MX v1.0 §6.3 FLOOR (torchao default, microsoft/microxcaling): X = floor(log2 amax) −
 *     emax_elem read from the fp32 exponent field, clamped to [−127, 127].
 *   - RCEIL (cuBLAS/cuDNN "quantize_round_up", TE MXFP8, JAX `cast_to_e8m0_with_rounding_up`):
 *     E8M0 = 2^ceil(log2(fp32(amax/FMAX))) by the bit rule of docs/fp8.md §3.2.
 *
 * Why double arithmetic is exact here: a/FMAX and 1/s are single IEEE operations on float32
 * operands, and rounding the double result to float32 equals the float32 operation (53 ≥ 2·24+2).
 */
import { f32Bits, type Fp8FormatSpec } from './formats.ts';

/** The group scale rules. */
export type ScaleRule = 'deepgemm' | 'deepgemm_ue8m0' | 'mx_floor' | 'mx_rceil';

/** DeepGEMM's amax clamp, fp32(1e-4) = 0x38D1B717. */
export const AMAX_FLOOR = Math.fround(1e-4);

/** One group's scale. */
export interface GroupScale {
  /** float32 dequantization scale (x ≈ decode(code)·scale). */
  scale: number;
  /** y = fp32(x·mult) is what gets cast. */
  mult: number;
  /** MX only: biased E8M0 exponent byte (scale = 2^(e8m0−127), 0xFF = NaN); −1 otherwise. */
  e8m0: number;
}

// 2^(e−127) and its reciprocal for every E8M0 byte: MX blocks are 32 elements, so Math.pow per
// block was a visible cost.
const POW2 = new Float64Array(256);
const POW2_INV = new Float64Array(256);
for (let e = 0; e < 255; e++) {
  POW2[e] = 2 ** (e - 127);
  POW2_INV[e] = 2 ** (127 - e);
}
POW2[255] = NaN;
POW2_INV[255] = NaN;

/** 2^ceil(log2 s) on the fp32 bits, exponent clamped to [1, 254] (DeepGEMM `ceil_to_ue8m0`). */
export function ceilToUe8m0(s: number): number {
  if (!Number.isFinite(s)) return s; // torch's pow(2, ceil(log2(NaN/Inf))) keeps NaN / Inf
  const bits = f32Bits(s);
  let e = ((bits >>> 23) & 0xff) + ((bits & 0x7fffff) !== 0 ? 1 : 0);
  e = Math.min(254, Math.max(1, e));
  return POW2[e]!;
}

/** OCP MX FLOOR: biased E8M0 byte for a block with maximum |x| = amax. */
export function e8m0Floor(amax: number, f: Fp8FormatSpec): number {
  if (!Number.isFinite(amax)) return 0xff;
  // floor(log2 amax) from the exponent field: amax = 0 or an fp32 subnormal gives −127.
  const e = ((f32Bits(amax) >>> 23) & 0xff) - 127;
  const x = Math.min(127, Math.max(-127, e - f.emaxElem));
  return x + 127;
}

/** RCEIL: biased E8M0 byte = ceil(log2(fp32(amax/FMAX))) by JAX's bit rule. */
export function e8m0Rceil(amax: number, f: Fp8FormatSpec): number {
  if (!Number.isFinite(amax)) return 0xff;
  const bits = f32Bits(amax / f.max);
  const ef = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  // Round up unless exact, unless it would reach the NaN code, and not for fp32 subnormals that
  // are ≤ half of 2^−126 (those round to 2^−127 = e 0).
  const up = mant !== 0 && ef !== 0xfe && !(ef === 0 && mant <= 0x400000);
  return ef + (up ? 1 : 0);
}

/** Compute the scale of one group with maximum |x| = amax. */
export function groupScale(amax: number, rule: ScaleRule, f: Fp8FormatSpec, out: GroupScale): GroupScale {
  if (rule === 'deepgemm' || rule === 'deepgemm_ue8m0') {
    const a = amax > AMAX_FLOOR || amax !== amax ? amax : AMAX_FLOOR; // NaN propagates like torch.clamp
    let s = Math.fround(a / f.max);
    if (rule === 'deepgemm_ue8m0') s = ceilToUe8m0(s);
    out.scale = s;
    out.mult = Math.fround(1 / s);
    out.e8m0 = -1;
    return out;
  }
  const e = rule === 'mx_floor' ? e8m0Floor(amax, f) : e8m0Rceil(amax, f);
  out.e8m0 = e;
  // Powers of two (NaN for 0xFF): x·2^−X is exact in doubles and, after the fp32 store, equals the
  // fp32 division x / 2^X that torch and JAX perform.
  out.scale = POW2[e]!;
  out.mult = POW2_INV[e]!;
  return out;
}
