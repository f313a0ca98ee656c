/**
 * Bit-exact model of the Hopper (sm_90) FP8 tensor-core accumulation (docs/fp8.md §5.3), verified on an
 * H200 against cuBLAS `_scaled_mm` (fast accum ≡ never promoting, default ≡ promoting every 128)
 * and Triton kernels promoting every 32/64/128/256 elements.
 *
 * One k=32 step (one WGMMA k-slice) per output: align the 32 products and the running accumulator
 * to the largest operand-exponent SUM E (subnormal operands count as emin, zero operands are
 * skipped), keep 13 bits below 2^E (u = 2^(E−13)), truncate every term toward zero to a multiple of
 * u, add exactly, then truncate the sum toward zero to 14 significant bits. This is the DeepSeek-V3
 * report's "around 14 bits" (§3.3.2) and its §3.5.2 description made exact. Promotion (report
 * §3.3.2, N_C): every N_C elements the tensor-core partial sum is added into an fp32 register on
 * the CUDA cores and the tensor-core accumulator restarts at 0.
 *
 * Exactness in doubles: FP8 products are exact (≤ 8 significant bits), dividing by a power of two is
 * exact, and the integer sum of 33 terms stays below 2^21, so plain JS numbers reproduce the
 * hardware bit for bit. Units: the output is the raw fp32 accumulator times scaleA·scaleB.
 */
import { decodeTable, formatSpec, type Fp8Format } from './formats.ts';
import { Fp8InputError } from './errors.ts';

/** Promotion interval in elements of K, or 'never' (cuBLAS use_fast_accum=True). */
export type Promotion = 32 | 64 | 128 | 256 | 'never';
export const PROMOTIONS: readonly Promotion[] = ['never', 32, 64, 128, 256];

/**
 * Alignment exponent per code: max(floor(log2|v|), emin) for finite non-zero values. Zero gets
 * ZERO_EXP and NaN/Inf SPECIAL_EXP, chosen so that one int32 sum per product classifies it:
 * a sum ≥ 2^19 has a NaN/Inf operand (even times zero), a sum < −2^19 has a zero operand.
 */
const ZERO_EXP = -(1 << 20);
const SPECIAL_EXP = 1 << 22;
const NO_PRODUCT = -(1 << 19);
const HAS_SPECIAL = 1 << 19;
function exponentTable(fmt: Fp8Format): Int32Array {
  const t = decodeTable(fmt);
  const emin = formatSpec(fmt).emin;
  const out = new Int32Array(256);
  for (let c = 0; c < 256; c++) {
    const v = Math.abs(t[c]!);
    out[c] = v === 0 ? ZERO_EXP : !Number.isFinite(v) ? SPECIAL_EXP : Math.max(Math.floor(Math.log2(v)), emin);
  }
  return out;
}
const EXP_E4M3 = exponentTable('e4m3');
const EXP_E5M2 = exponentTable('e5m2');
function expTable(fmt: Fp8Format): Int32Array {
  return fmt === 'e4m3' ? EXP_E4M3 : EXP_E5M2;
}

// floor(log2 v) straight from the binary64 exponent field (v is always a normal double here: an
// accumulator value ≥ 2^−41), and 2^n from a table: both ran once per k-slice and Math.log2 /
// Math.pow were a visible share of the time.
const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // high word index (endianness)
function ilog2(v: number): number {
  F64[0] = v;
  return ((I32[HI]! >>> 20) & 0x7ff) - 1023;
}
const POW2_OFF = 256;
const POW2 = new Float64Array(2 * POW2_OFF + 1).map((_, i) => 2 ** (i - POW2_OFF));
function pow2(n: number): number {
  return n >= -POW2_OFF && n <= POW2_OFF ? POW2[n + POW2_OFF]! : 2 ** n;
}

/** Truncate the integer |S| < 2^31 toward zero to 14 significant bits, keeping the sign. */
function trunc14(S: number): number {
  const a = S < 0 ? -S : S;
  const drop = 18 - Math.clz32(a); // bit length − 14
  if (drop <= 0) return S;
  const t = (a >>> drop) << drop;
  return S < 0 ? -t : t;
}

/** One k-slice with tables resolved (the hot path of `mmaK32` and `dotHopper`). */
function step(
  c: number,
  a: Uint8Array,
  ia: number,
  b: Uint8Array,
  ib: number,
  len: number,
  va: Float64Array,
  vb: Float64Array,
  ea: Int32Array,
  eb: Int32Array,
): number {
  let E = -(1 << 30);
  for (let k = 0; k < len; k++) {
    const e = ea[a[ia + k]!]! + eb[b[ib + k]!]!;
    if (e > E) E = e;
  }
  if (E >= HAS_SPECIAL || c - c !== 0) {
    // NaN / Inf operands are outside the verified model: propagate IEEE-style.
    let s = c;
    for (let k = 0; k < len; k++) s += va[a[ia + k]!]! * vb[b[ib + k]!]!;
    return s;
  }
  if (E < NO_PRODUCT) {
    if (c === 0) return 0; // every product had a zero operand and nothing is accumulated
    E = ilog2(Math.abs(c));
  } else if (c !== 0) {
    E = Math.max(E, ilog2(Math.abs(c)));
  }
  const inv = pow2(13 - E); // 1/u
  let S = Math.trunc(c * inv);
  for (let k = 0; k < len; k++) S += Math.trunc(va[a[ia + k]!]! * vb[b[ib + k]!]! * inv);
  return trunc14(S) / inv;
}

/**
 * One k=32 MMA step: c (the running tensor-core accumulator, ≤ 14 significant bits) plus the
 * products a[i]·b[i] for i in [ia, ia+len), [ib, ib+len) of two code arrays.
 */
export function mmaK32(
  c: number,
  a: Uint8Array,
  ia: number,
  b: Uint8Array,
  ib: number,
  len: number,
  fmtA: Fp8Format = 'e4m3',
  fmtB: Fp8Format = 'e4m3',
): number {
  return step(c, a, ia, b, ib, len, decodeTable(fmtA), decodeTable(fmtB), expTable(fmtA), expTable(fmtB));
}

export interface GemmOptions {
  /** Element format of A's codes (default e4m3). */
  formatA?: Fp8Format;
  /** Element format of B's codes (default e4m3). */
  formatB?: Fp8Format;
  /** Promotion interval N_C (default 128 = cuBLAS default and DeepSeek-V3). */
  promote?: Promotion;
  /** Per-tensor dequantization scales applied in the epilogue (default 1.0 each). */
  scaleA?: number;
  scaleB?: number;
}

/** One output: dot product of A row `ia` and B row `ib` (length k) under the Hopper model. */
export function dotHopper(a: Uint8Array, ia: number, b: Uint8Array, ib: number, k: number, opts: GemmOptions = {}): number {
  const fa = opts.formatA ?? 'e4m3',
    fb = opts.formatB ?? 'e4m3';
  const nc = opts.promote ?? 128;
  const va = decodeTable(fa),
    vb = decodeTable(fb),
    ea = expTable(fa),
    eb = expTable(fb);
  const every = nc === 'never' ? 0 : nc;
  let c = 0;
  let acc = 0;
  for (let k0 = 0; k0 < k; k0 += 32) {
    c = step(c, a, ia + k0, b, ib + k0, k0 + 32 <= k ? 32 : k - k0, va, vb, ea, eb);
    if (every !== 0 && (k0 + 32) % every === 0) {
      acc = Math.fround(acc + c);
      c = 0;
    }
  }
  // K not a multiple of N_C: the last partial group is promoted too (kernel epilogue; inference).
  if (every !== 0 && c !== 0) acc = Math.fround(acc + c);
  const raw = every === 0 ? c : acc;
  return Math.fround(raw * Math.fround((opts.scaleA ?? 1) * (opts.scaleB ?? 1)));
}

/**
 * C = A·Bᵀ with A [rows, k] and B [cols, k] FP8 code matrices (row-major), under the Hopper model.
 * Returns C [rows, cols] as float32.
 */
export function gemmHopper(a: Uint8Array, b: Uint8Array, k: number, opts: GemmOptions = {}): Float32Array {
  if (!Number.isInteger(k) || k < 1) throw new Fp8InputError(`K must be a positive integer, got ${k}.`);
  if (a.length === 0 || b.length === 0) throw new Fp8InputError('The A and B operands must not be empty.');
  if (a.length % k !== 0) throw new Fp8InputError(`A has ${a.length} codes, which is not a multiple of K = ${k}.`);
  if (b.length % k !== 0) throw new Fp8InputError(`B has ${b.length} codes, which is not a multiple of K = ${k}.`);
  const p = opts.promote ?? 128;
  if (!PROMOTIONS.includes(p))
    throw new Fp8InputError(`The promotion interval must be one of 32, 64, 128, 256 or 'never', got ${String(p)}.`);
  const rows = a.length / k,
    cols = b.length / k;
  if (rows * cols > 2 ** 28) throw new Fp8InputError(`The output ${rows}x${cols} has more than 2^28 elements.`);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = dotHopper(a, i * k, b, j * k, k, opts);
  }
  return out;
}
