/**
 * FP8 element formats and their scale format: float32 → code (encode) and code → value (decode).
 *
 * Formats (spec docs/fp8.md §1, OCP "OCP 8-bit Floating Point Specification (OFP8)" and the OCP MX v1.0
 * spec §5.4 for E8M0):
 *   - E4M3FN  s.eeee.mmm, bias 7, max 448 (0x7E), no infinities, NaN = S.1111.111 (0x7F / 0xFF).
 *   - E5M2    s.eeeee.mm, bias 15, max 57344 (0x7B), ±Inf 0x7C / 0xFC, NaN 0x7D–0x7F / 0xFD–0xFF.
 *   - E8M0 (UE8M0) unsigned power-of-two scale 2^(e−127), 0xFF = NaN; used by the MX methods.
 *
 * Encoding is round-to-nearest, ties-to-even with gradual underflow, done on the IEEE binary32 bit
 * pattern with integer arithmetic only (docs/fp8.md §2.1): the input is always a float32, so every value
 * the encoder sees is exact and the rounding decision needs nothing but the dropped mantissa bits.
 * Overflow follows docs/fp8.md §2.2: "saturate" = PTX `cvt.rn.satfinite` (±max for finite overflow and
 * ±Inf, NaN → 0x7F); "nonsaturate" = torch 2.11 eager (E4M3 overflow → NaN, E5M2 → ±Inf, NaN keeps
 * its sign).
 *
 * Pure module: no DOM, no node: imports (runs in a web worker).
 */

/** The two FP8 element formats. */
export type Fp8Format = 'e4m3' | 'e5m2';
/** Overflow behaviour of a cast (docs/fp8.md §2.2). */
export type OverflowMode = 'saturate' | 'nonsaturate';

/** Static description of one FP8 element format. */
export interface Fp8FormatSpec {
  readonly name: Fp8Format;
  /** Name used by the golden files and torch/ml_dtypes (`e4m3fn`, `e5m2`). */
  readonly goldenName: 'e4m3fn' | 'e5m2';
  /** Exponent bits. */
  readonly expBits: number;
  /** Mantissa (fraction) bits, M. */
  readonly mantBits: number;
  /** Exponent bias b. */
  readonly bias: number;
  /** 1 − bias: exponent of the smallest normal (−6 / −14). */
  readonly emin: number;
  /** Exponent of the largest power of two (8 / 15): OCP MX `emax_elem`. */
  readonly emaxElem: number;
  /** Largest finite magnitude code (0x7E / 0x7B). */
  readonly maxCode: number;
  /** Largest finite value (448 / 57344). */
  readonly max: number;
  /**
   * Smallest |y| that a saturating cast clamps and a non-saturating cast turns into NaN/Inf:
   * E4M3 overflows for |y| > 464 (464 is a tie that rounds to 448), E5M2 for |y| ≥ 61440 (the tie
   * rounds up to the Inf code). See `overflows()`.
   */
  readonly overflowTie: number;
  /** What a non-saturating cast returns (magnitude part) on overflow: NaN 0x7F or Inf 0x7C. */
  readonly overflowCode: number;
}

export const E4M3: Fp8FormatSpec = {
  name: 'e4m3',
  goldenName: 'e4m3fn',
  expBits: 4,
  mantBits: 3,
  bias: 7,
  emin: -6,
  emaxElem: 8,
  maxCode: 0x7e,
  max: 448,
  overflowTie: 464,
  overflowCode: 0x7f,
};
export const E5M2: Fp8FormatSpec = {
  name: 'e5m2',
  goldenName: 'e5m2',
  expBits: 5,
  mantBits: 2,
  bias: 15,
  emin: -14,
  emaxElem: 15,
  maxCode: 0x7b,
  max: 57344,
  overflowTie: 61440,
  overflowCode: 0x7c,
};

export function formatSpec(fmt: Fp8Format): Fp8FormatSpec {
  return fmt === 'e4m3' ? E4M3 : E5M2;
}

/** True when a cast of |y| overflows (E4M3: |y| > 464; E5M2: |y| ≥ 61440), docs/fp8.md §2.1 / §4. */
export function overflows(absY: number, f: Fp8FormatSpec): boolean {
  return f.name === 'e4m3' ? absY > f.overflowTie : absY >= f.overflowTie;
}

// Scratch views to move between a float32 value and its bits (one shared buffer, no allocation).
const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** IEEE binary32 bit pattern of `x` rounded to float32. */
export function f32Bits(x: number): number {
  scratchF32[0] = x;
  return scratchU32[0]!;
}

/** The float32 whose bit pattern is `bits`. */
export function f32FromBits(bits: number): number {
  scratchU32[0] = bits >>> 0;
  return scratchF32[0]!;
}

/**
 * Encode one float32, given by its bit pattern, to an FP8 code (docs/fp8.md §2.1 pseudo-code).
 * Integer-only: normal results round the mantissa with the classic "add 0x7FF…+lsb" RNE trick on
 * the re-biased bits (a carry out of the mantissa correctly bumps the exponent, e.g. 0.96875 →
 * 1.0); FP8-subnormal results shift the 24-bit significand right with the same RNE rule.
 */
export function encodeBits(bits: number, f: Fp8FormatSpec, saturate: boolean): number {
  const s = (bits >>> 24) & 0x80;
  const a = bits & 0x7fffffff;
  if (a >= 0x7f800000) {
    if (a > 0x7f800000) return saturate ? 0x7f : 0x7f | s; // NaN (PTX drops the sign; torch keeps it)
    return (saturate ? f.maxCode : f.overflowCode) | s; // ±Inf
  }
  const M = f.mantBits;
  const exp = a >>> 23;
  let mag: number;
  if (exp < 127 + f.emin) {
    // Below the smallest normal: mag = RNE(a / 2^(emin−M)) with a = m24·2^(exp−150).
    const shift = 150 + f.emin - M - exp;
    if (shift > 24) return s; // < half the smallest subnormal (or an fp32 subnormal): ±0
    const m24 = (a & 0x7fffff) | 0x800000;
    mag = (m24 + (1 << (shift - 1)) - 1 + ((m24 >>> shift) & 1)) >>> shift;
  } else {
    const t = a - ((127 - f.bias) << 23); // re-bias the exponent field to the FP8 bias
    const drop = 23 - M;
    mag = (t + (1 << (drop - 1)) - 1 + ((t >>> drop) & 1)) >>> drop;
  }
  if (mag > f.maxCode) return (saturate ? f.maxCode : f.overflowCode) | s;
  return mag | s;
}

/**
 * Lookup-table encoder for bulk casts. Both formats keep at most 3 mantissa bits, so the rounding
 * position is always at fp32 bit 19 or higher: the code is a function of the top 16 bits of the
 * float32 (sign, exponent, 7 mantissa bits) plus one sticky flag "low 16 bits ≠ 0" (which also
 * tells NaN from Inf). Index = (bits >>> 16)·2 + sticky; 2^17 entries, built once per (format,
 * mode) from `encodeBits` itself, so it is exactly the same function, about 4× faster in V8.
 */
const tableCache = new Map<string, Uint8Array>();
export function encodeTable(fmt: Fp8Format, overflow: OverflowMode = 'saturate'): Uint8Array {
  const key = `${fmt}:${overflow}`;
  let t = tableCache.get(key);
  if (!t) {
    const f = formatSpec(fmt);
    const sat = overflow === 'saturate';
    t = new Uint8Array(1 << 17);
    for (let hi = 0; hi < 1 << 16; hi++) {
      t[hi << 1] = encodeBits((hi << 16) >>> 0, f, sat);
      t[(hi << 1) | 1] = encodeBits(((hi << 16) | 1) >>> 0, f, sat);
    }
    tableCache.set(key, t);
  }
  return t;
}

/** Table index of a float32 bit pattern for `encodeTable` (branch-free). */
export function encodeTableIndex(bits: number): number {
  return ((bits >>> 15) & 0x1fffe) | (((bits & 0xffff) + 0xffff) >>> 16);
}

/** Encode a number (first rounded to float32) to an FP8 code. */
export function encode(x: number, fmt: Fp8Format, overflow: OverflowMode = 'saturate'): number {
  return encodeBits(f32Bits(x), formatSpec(fmt), overflow === 'saturate');
}

/** Encode a whole float32 array (one code per element). */
export function encodeArray(
  x: Float32Array,
  fmt: Fp8Format,
  overflow: OverflowMode = 'saturate',
  out: Uint8Array = new Uint8Array(x.length),
): Uint8Array {
  const t = encodeTable(fmt, overflow);
  const bits = new Uint32Array(x.buffer, x.byteOffset, x.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    out[i] = t[((b >>> 15) & 0x1fffe) | (((b & 0xffff) + 0xffff) >>> 16)]!;
  }
  return out;
}

/** Decode by the formula of docs/fp8.md §1 (used to build the tables; `decode` reads the table). */
function decodeFormula(code: number, f: Fp8FormatSpec): number {
  const sign = code & 0x80 ? -1 : 1;
  const M = f.mantBits;
  const e = (code >>> M) & ((1 << f.expBits) - 1);
  const m = code & ((1 << M) - 1);
  const allOnes = (1 << f.expBits) - 1;
  if (f.name === 'e4m3') {
    if (e === allOnes && m === (1 << M) - 1) return NaN; // E4M3FN: only S.1111.111 is NaN
  } else if (e === allOnes) {
    return m === 0 ? sign * Infinity : NaN;
  }
  if (e === 0) return sign * m * 2 ** (1 - f.bias - M);
  return sign * (1 + m / (1 << M)) * 2 ** (e - f.bias);
}

function buildTable(f: Fp8FormatSpec): Float64Array {
  const t = new Float64Array(256);
  for (let c = 0; c < 256; c++) t[c] = decodeFormula(c, f);
  return t;
}

/** Value of each of the 256 codes (index = code). Float64Array, but every value is a float32. */
export const DECODE_E4M3: Float64Array = buildTable(E4M3);
export const DECODE_E5M2: Float64Array = buildTable(E5M2);

export function decodeTable(fmt: Fp8Format): Float64Array {
  return fmt === 'e4m3' ? DECODE_E4M3 : DECODE_E5M2;
}

/** Value of one FP8 code. */
export function decode(code: number, fmt: Fp8Format): number {
  return decodeTable(fmt)[code & 0xff]!;
}

/** Decode a code array to float32 values. */
export function decodeArray(codes: Uint8Array, fmt: Fp8Format, out = new Float32Array(codes.length)): Float32Array {
  const t = decodeTable(fmt);
  for (let i = 0; i < codes.length; i++) out[i] = t[codes[i]!]!;
  return out;
}

/** Code classification for display: 'zero' | 'subnormal' | 'normal' | 'max' | 'inf' | 'nan'. */
export type CodeClass = 'zero' | 'subnormal' | 'normal' | 'max' | 'inf' | 'nan';
export function classifyCode(code: number, fmt: Fp8Format): CodeClass {
  const f = formatSpec(fmt);
  const v = decode(code, fmt);
  const mag = code & 0x7f;
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return 'inf';
  if (mag === 0) return 'zero';
  if (mag === f.maxCode) return 'max';
  return mag >>> f.mantBits === 0 ? 'subnormal' : 'normal';
}

/** Value of a biased E8M0 scale byte: 2^(e−127); 0xFF = NaN (OCP MX v1.0 §5.4). */
export function decodeE8M0(e: number): number {
  return e === 0xff ? NaN : 2 ** ((e & 0xff) - 127);
}

/** float32 unit in the last place of the FP8 value grid around |v| (for tests and tooltips). */
export function ulpAt(absV: number, fmt: Fp8Format): number {
  const f = formatSpec(fmt);
  const e = absV < 2 ** f.emin ? f.emin : Math.floor(Math.log2(absV));
  return 2 ** (Math.max(e, f.emin) - f.mantBits);
}
