/**
 * The hot loops of scaled quantization (docs/fp8.md §3), shared by all ten recipes: the exact amax of a
 * run of elements, and the cast of a run with one group scale:
 *   y = fp32(x·mult);  code = encode(y);  x̂ = fp32(decode(code)·scale).
 *
 * Why it looks like this: a 4096×4096 tensor (64 MB of float32) does not fit in cache, so recipes
 * whose groups lie within one row (per-row, 1×128, MX) read each run once: amax, scale and cast
 * happen while the run is in L1 (`quantizeRowGroups`). y goes through a small Float32Array (the
 * store is the fp32 rounding) read back as bits, and the cast is one lookup in the 2^17-entry table
 * of formats.ts (`encodeTable`). Loops are flat with scalar locals: V8 measured markedly slower
 * when the same steps were spread over small helpers and state objects.
 */
import { f32Bits, f32FromBits, type Fp8FormatSpec } from './formats.ts';
import { AMAX_FLOOR, groupScale, type GroupScale, type ScaleRule } from './scales.ts';

/** Constants of the cast for one format and overflow mode. */
export interface CastTables {
  /** `encodeTable(format, overflow)`. */
  et: Uint8Array;
  /** `decodeTable(format)`. */
  dt: Float64Array;
  /** FMAX (448 / 57344). */
  max: number;
  /** float32 bits of FMAX; non-negative float32 bit patterns order like their values. */
  maxBits: number;
  /** |y| bits above this overflow (overflows() of formats.ts: E4M3 > 464, E5M2 ≥ 61440). */
  ovfBits: number;
}

export function castTables(f: Fp8FormatSpec, et: Uint8Array, dt: Float64Array): CastTables {
  return {
    et,
    dt,
    max: f.max,
    maxBits: f32Bits(f.max),
    ovfBits: f32Bits(f.overflowTie) - (f.name === 'e4m3' ? 0 : 1),
  };
}

/** Outputs of the cast and its scratch space. */
export interface CastTarget {
  codes: Uint8Array;
  /** Where x̂ goes (same indices as x); undefined when not wanted. */
  dq: Float32Array | undefined;
  /** Scratch y run and its bits view (length ≥ the longest run). */
  y: Float32Array;
  yb: Int32Array;
  /** [#(|y| > FMAX), #(|y| overflows)], accumulated. */
  counts: Int32Array;
}

/**
 * Max |x| over x[base .. base+len), computed on the float32 bits (`xi` = Int32Array view of x):
 * for non-negative floats the bit patterns order like the values, integer compares are ~1.5×
 * faster than float ones in V8, and NaN needs no extra test — its bits exceed +Inf's, so it wins
 * the max and the run's amax is NaN (torch amax semantics).
 */
export function amaxOf(xi: Int32Array, base: number, len: number): number {
  let a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0;
  const end = base + len;
  let j = base;
  for (; j + 3 < end; j += 4) {
    const v0 = xi[j]! & 0x7fffffff,
      v1 = xi[j + 1]! & 0x7fffffff,
      v2 = xi[j + 2]! & 0x7fffffff,
      v3 = xi[j + 3]! & 0x7fffffff;
    if (v0 > a0) a0 = v0;
    if (v1 > a1) a1 = v1;
    if (v2 > a2) a2 = v2;
    if (v3 > a3) a3 = v3;
  }
  for (; j < end; j++) {
    const v = xi[j]! & 0x7fffffff;
    if (v > a0) a0 = v;
  }
  if (a1 > a0) a0 = a1;
  if (a3 > a2) a2 = a3;
  if (a2 > a0) a0 = a2;
  return a0 > 0x7f800000 ? NaN : f32FromBits(a0);
}

/**
 * Cast x[base .. base+len) with multiplier `mult` and dequantization scale `scale`; `amax` is the
 * group's max |x|. y bits are read through an Int32Array view (Uint32 values ≥ 2^31 would leave
 * V8's int32 fast path) and the loops are unrolled by 4 (measured ~1.7× faster in V8).
 *
 * Overflow counting needs no per-element test: fp32 rounding is monotonic, so every
 * |y| = fp32(|x|·mult) ≤ fp32(amax·mult). Only when that bound exceeds FMAX (or is NaN) — rare for
 * the DeepGEMM recipes, common for MX FLOOR — is the run scanned.
 */
export function castRun(
  x: Float32Array,
  base: number,
  len: number,
  mult: number,
  scale: number,
  amax: number,
  t: CastTables,
  o: CastTarget,
): void {
  const y = o.y,
    yb = o.yb;
  let j = 0;
  for (; j + 3 < len; j += 4) {
    const i = base + j;
    y[j] = x[i]! * mult;
    y[j + 1] = x[i + 1]! * mult;
    y[j + 2] = x[i + 2]! * mult;
    y[j + 3] = x[i + 3]! * mult;
  }
  for (; j < len; j++) y[j] = x[base + j]! * mult;
  if (o.dq) castDq(yb, base, len, scale, t.et, t.dt, o.codes, o.dq);
  else castCodes(yb, base, len, t.et, o.codes);
  if (!(Math.fround(amax * mult) <= t.max)) countOverflows(yb, len, t, o.counts);
}

/** codes[base ..] = et[encodeTableIndex(y bits)] for a run, unrolled by 4. */
function castCodes(yb: Int32Array, base: number, len: number, et: Uint8Array, codes: Uint8Array): void {
  let j = 0;
  for (; j + 3 < len; j += 4) {
    const b0 = yb[j]!,
      b1 = yb[j + 1]!,
      b2 = yb[j + 2]!,
      b3 = yb[j + 3]!;
    const i = base + j;
    codes[i] = et[((b0 >>> 15) & 0x1fffe) | (((b0 & 0xffff) + 0xffff) >>> 16)]!;
    codes[i + 1] = et[((b1 >>> 15) & 0x1fffe) | (((b1 & 0xffff) + 0xffff) >>> 16)]!;
    codes[i + 2] = et[((b2 >>> 15) & 0x1fffe) | (((b2 & 0xffff) + 0xffff) >>> 16)]!;
    codes[i + 3] = et[((b3 >>> 15) & 0x1fffe) | (((b3 & 0xffff) + 0xffff) >>> 16)]!;
  }
  for (; j < len; j++) {
    const b = yb[j]!;
    codes[base + j] = et[((b >>> 15) & 0x1fffe) | (((b & 0xffff) + 0xffff) >>> 16)]!;
  }
}

/** As castCodes, and dq[base ..] = fp32(decode(code)·scale). */
function castDq(
  yb: Int32Array,
  base: number,
  len: number,
  scale: number,
  et: Uint8Array,
  dt: Float64Array,
  codes: Uint8Array,
  dq: Float32Array,
): void {
  let j = 0;
  for (; j + 1 < len; j += 2) {
    const b0 = yb[j]!,
      b1 = yb[j + 1]!;
    const i = base + j;
    const c0 = et[((b0 >>> 15) & 0x1fffe) | (((b0 & 0xffff) + 0xffff) >>> 16)]!;
    const c1 = et[((b1 >>> 15) & 0x1fffe) | (((b1 & 0xffff) + 0xffff) >>> 16)]!;
    codes[i] = c0;
    codes[i + 1] = c1;
    dq[i] = dt[c0]! * scale;
    dq[i + 1] = dt[c1]! * scale;
  }
  for (; j < len; j++) {
    const b = yb[j]!;
    const c = et[((b >>> 15) & 0x1fffe) | (((b & 0xffff) + 0xffff) >>> 16)]!;
    codes[base + j] = c;
    dq[base + j] = dt[c]! * scale;
  }
}

/** counts[0] += #(|y| > FMAX), counts[1] += #(|y| overflows) over a run of y bits (NaN: neither). */
function countOverflows(yb: Int32Array, len: number, t: CastTables, counts: Int32Array): void {
  for (let j = 0; j < len; j++) {
    const ab = yb[j]! & 0x7fffffff;
    if (ab > t.maxBits && ab <= 0x7f800000) {
      counts[0]++;
      if (ab > t.ovfBits) counts[1]++;
    }
  }
}

/**
 * Row-local recipes (per-row, 1×128, MX 1×32): for each run of `gw` elements of each row, amax,
 * group scale (scales.ts) and cast, while the run is in L1. Groups are numbered row-major
 * (row i, run k → i·ceil(n/gw) + k). `onRun(base, len, scale)` is called after each cast (metrics).
 */
export function quantizeRowGroups(
  x: Float32Array,
  m: number,
  n: number,
  gw: number,
  rule: ScaleRule,
  f: Fp8FormatSpec,
  t: CastTables,
  o: CastTarget,
  scales: Float32Array,
  e8m0: Uint8Array | undefined,
  onRun: ((base: number, len: number, scale: number) => void) | undefined,
): void {
  const xi = new Int32Array(x.buffer, x.byteOffset, x.length);
  const gs: GroupScale = { scale: 0, mult: 0, e8m0: -1 };
  const deepgemm = rule === 'deepgemm';
  const fmax = f.max;
  let g = 0;
  for (let i = 0; i < m; i++) {
    const rowBase = i * n;
    for (let j0 = 0; j0 < n; j0 += gw, g++) {
      const base = rowBase + j0;
      const len = j0 + gw <= n ? gw : n - j0;
      const amax = amaxOf(xi, base, len);
      let scale: number, mult: number;
      if (deepgemm) {
        // groupScale's DeepGEMM rule, inlined: this runs once per 128 elements.
        scale = Math.fround((amax > AMAX_FLOOR || amax !== amax ? amax : AMAX_FLOOR) / fmax);
        mult = Math.fround(1 / scale);
      } else {
        groupScale(amax, rule, f, gs);
        scale = gs.scale;
        mult = gs.mult;
        if (e8m0) e8m0[g] = gs.e8m0;
      }
      scales[g] = scale;
      castRun(x, base, len, mult, scale, amax, t, o);
      if (onRun) onRun(base, len, scale);
    }
  }
}

/**
 * Recipes whose groups span rows (whole tensor, 128×128 blocks): one amax pass over all groups,
 * the scales, then the casts run by run. Groups are gh×gw, numbered row-major.
 */
export function quantizeBlockGroups(
  x: Float32Array,
  m: number,
  n: number,
  gh: number,
  gw: number,
  rule: ScaleRule,
  f: Fp8FormatSpec,
  t: CastTables,
  o: CastTarget,
  scales: Float32Array,
  onRun: ((base: number, len: number, scale: number) => void) | undefined,
): void {
  const gcols = Math.ceil(n / gw);
  const xi = new Int32Array(x.buffer, x.byteOffset, x.length);
  const amax = new Float64Array(scales.length);
  for (let i = 0; i < m; i++) {
    const gBase = Math.floor(i / gh) * gcols;
    for (let gc = 0, j0 = 0; j0 < n; j0 += gw, gc++) {
      const a = amaxOf(xi, i * n + j0, j0 + gw <= n ? gw : n - j0);
      const prev = amax[gBase + gc]!;
      if (a > prev || a !== a) amax[gBase + gc] = prev !== prev ? prev : a;
    }
  }
  const gs: GroupScale = { scale: 0, mult: 0, e8m0: -1 };
  const mults = new Float64Array(scales.length);
  for (let g = 0; g < scales.length; g++) {
    groupScale(amax[g]!, rule, f, gs);
    scales[g] = gs.scale;
    mults[g] = gs.mult;
  }
  for (let i = 0; i < m; i++) {
    const gBase = Math.floor(i / gh) * gcols;
    for (let gc = 0, j0 = 0; j0 < n; j0 += gw, gc++) {
      const base = i * n + j0;
      const len = j0 + gw <= n ? gw : n - j0;
      castRun(x, base, len, mults[gBase + gc]!, scales[gBase + gc]!, amax[gBase + gc]!, t, o);
      if (onRun) onRun(base, len, scales[gBase + gc]!);
    }
  }
}
