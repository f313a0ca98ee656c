/**
 * The ten scaled quantization recipes of fp8.md §3 (names as in the golden files) and the kernel
 * that runs them on a row-major float32 matrix [M rows = tokens, N cols = channels = GEMM K].
 *
 * Every recipe is: group the tensor → exact amax per group → group scale (scales.ts) →
 * y = fp32(x·mult) → code = encode(y) (formats.ts) → x̂ = fp32(decode(code)·scale).
 * Groups: whole tensor, 1×N rows, 1×128 tiles (DeepSeek-V3 activations, report §3.3.2), 128×128
 * blocks (DeepSeek-V3 weights), 1×32 MX blocks (OCP MX v1.0). Partial groups at the right/bottom
 * edge are what DeepGEMM's zero padding gives: padding zeros never change an amax, so the amax is
 * taken over the real elements only and no padded copy is made.
 *
 * Speed: two passes over the data, no per-element allocation; y goes through a Float32Array row
 * buffer (the store is the fp32 rounding) and is read back as bits through a Uint32Array view, so
 * the cast is pure integer work (≈ 10 ns/element budget for 100 M elements/s).
 */
import { formatSpec, encodeBits, decodeTable, f32Bits, type Fp8Format, type OverflowMode } from './formats.ts';
import { groupScale, type GroupScale, type ScaleRule } from './scales.ts';
import { checkTensor } from './errors.ts';

export const FP8_METHODS = [
  'per_tensor_e4m3',
  'per_tensor_e5m2',
  'per_row_e4m3',
  'tile1x128_e4m3',
  'block128x128_e4m3',
  'tile1x128_e4m3_ue8m0',
  'block128x128_e4m3_ue8m0',
  'mx32_e4m3_floor',
  'mx32_e5m2_floor',
  'mx32_e4m3_rceil',
] as const;
export type Fp8Method = (typeof FP8_METHODS)[number];

/** How a method groups the tensor. */
export type Grouping = 'tensor' | 'row' | 'tile1x128' | 'block128x128' | 'mx32';

export interface MethodSpec {
  readonly name: Fp8Method;
  readonly format: Fp8Format;
  readonly grouping: Grouping;
  readonly rule: ScaleRule;
  /** One-line description for UI / --help. */
  readonly description: string;
}

const spec = (name: Fp8Method, format: Fp8Format, grouping: Grouping, rule: ScaleRule, description: string): MethodSpec =>
  ({ name, format, grouping, rule, description });

export const METHOD_SPECS: Readonly<Record<Fp8Method, MethodSpec>> = {
  per_tensor_e4m3: spec('per_tensor_e4m3', 'e4m3', 'tensor', 'deepgemm', 'one fp32 scale max(amax,1e-4)/448 for the whole tensor'),
  per_tensor_e5m2: spec('per_tensor_e5m2', 'e5m2', 'tensor', 'deepgemm', 'one fp32 scale max(amax,1e-4)/57344 for the whole tensor'),
  per_row_e4m3: spec('per_row_e4m3', 'e4m3', 'row', 'deepgemm', 'per token: one fp32 scale per row'),
  tile1x128_e4m3: spec('tile1x128_e4m3', 'e4m3', 'tile1x128', 'deepgemm', 'DeepSeek-V3 activations: one fp32 scale per row per 128 columns'),
  block128x128_e4m3: spec('block128x128_e4m3', 'e4m3', 'block128x128', 'deepgemm', 'DeepSeek-V3 weights: one fp32 scale per 128x128 block'),
  tile1x128_e4m3_ue8m0: spec('tile1x128_e4m3_ue8m0', 'e4m3', 'tile1x128', 'deepgemm_ue8m0', '1x128 tiles, scale rounded up to a power of two (DeepGEMM use_ue8m0)'),
  block128x128_e4m3_ue8m0: spec('block128x128_e4m3_ue8m0', 'e4m3', 'block128x128', 'deepgemm_ue8m0', '128x128 blocks, scale rounded up to a power of two'),
  mx32_e4m3_floor: spec('mx32_e4m3_floor', 'e4m3', 'mx32', 'mx_floor', 'OCP MX v1.0: blocks of 32, E8M0 = floor(log2 amax) - 8, saturate'),
  mx32_e5m2_floor: spec('mx32_e5m2_floor', 'e5m2', 'mx32', 'mx_floor', 'OCP MX v1.0, E5M2 elements: E8M0 = floor(log2 amax) - 15, saturate'),
  mx32_e4m3_rceil: spec('mx32_e4m3_rceil', 'e4m3', 'mx32', 'mx_rceil', 'MXFP8 as cuBLAS/TE/JAX: E8M0 = ceil_pow2(amax/448), saturate'),
};

export function isFp8Method(name: string): name is Fp8Method {
  return (FP8_METHODS as readonly string[]).includes(name);
}

/** Group height and width for a method on an M×N tensor. */
export function groupDims(grouping: Grouping, m: number, n: number): [number, number] {
  switch (grouping) {
    case 'tensor': return [m, n];
    case 'row': return [1, n];
    case 'tile1x128': return [1, 128];
    case 'block128x128': return [128, 128];
    case 'mx32': return [1, 32];
  }
}

export interface QuantizeOptions {
  /**
   * Cast overflow mode (fp8.md §2.2). Default 'saturate' (GPU `satfinite`, and the OCP MX clamp).
   * 'nonsaturate' is the torch-eager teaching toggle: the MX clamp is skipped, so overflowed E4M3
   * elements become NaN and E5M2 ±Inf. The DeepGEMM recipes never overflow, so it only matters for
   * MX FLOOR (and for Inf inputs).
   */
  overflow?: OverflowMode;
}

export interface QuantizeResult {
  method: Fp8Method;
  format: Fp8Format;
  /** [rows, cols] of the input. */
  shape: [number, number];
  /** One FP8 code per element, row-major like the input. */
  codes: Uint8Array;
  /** float32 dequantization scale per group, groups in row-major order (shape `scalesShape`). */
  scales: Float32Array;
  /** MX methods: biased E8M0 exponent per block (scale = 2^(e−127)); undefined otherwise. */
  scalesE8m0?: Uint8Array;
  /** [ceil(M / group height), ceil(N / group width)]. */
  scalesShape: [number, number];
  /** x̂ = fp32(decode(code)·scale), row-major. */
  dequant: Float32Array;
  /** #(|y| > FMAX): elements above the format max before the cast (fp8.md §4). */
  aboveMaxCount: number;
  /** #(|y| > 464) E4M3 / #(|y| ≥ 61440) E5M2: elements the cast clamps (or turns to NaN/Inf). */
  overflowCount: number;
}

/** Exact max |x| per group; a NaN anywhere in a group makes its amax NaN (torch amax semantics). */
function groupAmax(x: Float32Array, m: number, n: number, gh: number, gw: number, gcols: number, hasNaN: boolean): Float64Array {
  const amax = new Float64Array(Math.ceil(m / gh) * gcols);
  for (let i = 0; i < m; i++) {
    const rowBase = i * n;
    const gBase = Math.floor(i / gh) * gcols;
    for (let gc = 0; gc < gcols; gc++) {
      const j1 = Math.min(n, (gc + 1) * gw);
      let a = amax[gBase + gc]!;
      if (hasNaN) {
        for (let j = rowBase + gc * gw; j < rowBase + j1; j++) {
          const v = Math.abs(x[j]!);
          if (v > a || v !== v) a = a !== a ? a : v;
        }
      } else {
        for (let j = rowBase + gc * gw; j < rowBase + j1; j++) {
          const v = Math.abs(x[j]!);
          if (v > a) a = v;
        }
      }
      amax[gBase + gc] = a;
    }
  }
  return amax;
}

/**
 * Quantize a row-major float32 matrix with one of the ten recipes. Throws `Fp8InputError` for an
 * empty or all-NaN tensor, a shape that does not match the data, or more than 2^28 elements.
 */
export function quantize(x: Float32Array, shape: readonly [number, number], method: Fp8Method, opts: QuantizeOptions = {}): QuantizeResult {
  const nanCount = checkTensor(x, shape);
  const ms = METHOD_SPECS[method];
  const f = formatSpec(ms.format);
  const [m, n] = shape;
  const [gh, gw] = groupDims(ms.grouping, m, n);
  const grows = Math.ceil(m / gh);
  const gcols = Math.ceil(n / gw);
  const amax = groupAmax(x, m, n, gh, gw, gcols, nanCount > 0);

  const ngroups = grows * gcols;
  const scales = new Float32Array(ngroups);
  const mults = new Float64Array(ngroups);
  const isMx = ms.grouping === 'mx32';
  const e8m0 = isMx ? new Uint8Array(ngroups) : undefined;
  const gs: GroupScale = { scale: 0, mult: 0, e8m0: -1 };
  for (let g = 0; g < ngroups; g++) {
    groupScale(amax[g]!, ms.rule, f, gs);
    scales[g] = gs.scale;
    mults[g] = gs.mult;
    if (e8m0) e8m0[g] = gs.e8m0;
  }

  const sat = (opts.overflow ?? 'saturate') === 'saturate';
  const codes = new Uint8Array(x.length);
  const dequant = new Float32Array(x.length);
  const table = decodeTable(ms.format);
  // Thresholds on |y| bits: comparisons of non-negative float32 bit patterns order like the values.
  const maxBits = f32Bits(f.max);
  // |y| > ovfBits ⇔ overflows(|y|) of formats.ts (E4M3: > 464, E5M2: ≥ 61440).
  const ovfBits = f32Bits(f.overflowTie) - (f.name === 'e4m3' ? 0 : 1);
  const yRow = new Float32Array(n);
  const yBits = new Uint32Array(yRow.buffer);
  let above = 0;
  let over = 0;
  for (let i = 0; i < m; i++) {
    const rowBase = i * n;
    const gBase = Math.floor(i / gh) * gcols;
    for (let gc = 0; gc < gcols; gc++) {
      const g = gBase + gc;
      const r = mults[g]!;
      const s = scales[g]!;
      const j0 = gc * gw;
      const j1 = Math.min(n, j0 + gw);
      for (let j = j0; j < j1; j++) yRow[j] = x[rowBase + j]! * r;
      for (let j = j0; j < j1; j++) {
        const yb = yBits[j]!;
        const ab = yb & 0x7fffffff;
        if (ab > maxBits && ab <= 0x7f800000) {
          above++;
          if (ab > ovfBits) over++;
        }
        const c = encodeBits(yb, f, sat);
        codes[rowBase + j] = c;
        dequant[rowBase + j] = table[c]! * s;
      }
    }
  }
  const result: QuantizeResult = {
    method, format: ms.format, shape: [m, n], codes, scales, scalesShape: [grows, gcols], dequant,
    aboveMaxCount: above, overflowCount: over,
  };
  if (e8m0) result.scalesE8m0 = e8m0;
  return result;
}
