/**
 * The ten scaled quantization recipes of docs/fp8.md §3 (names as in the golden files) and the kernel
 * that runs them on a row-major float32 matrix [M rows = tokens, N cols = channels = GEMM K].
 *
 * Every recipe is: group the tensor → exact amax per group → group scale (scales.ts) →
 * y = fp32(x·mult) → code = encode(y) (formats.ts) → x̂ = fp32(decode(code)·scale).
 * Groups: whole tensor, 1×N rows, 1×128 tiles (DeepSeek-V3 activations, report §3.3.2), 128×128
 * blocks (DeepSeek-V3 weights), 1×32 MX blocks (OCP MX v1.0). Partial groups at the right/bottom
 * edge are what DeepGEMM's zero padding gives: padding zeros never change an amax, so the amax is
 * taken over the real elements only and no padded copy is made.
 *
 * Speed (target ≥ 100 M elements/s): see kernel.ts; no per-element allocation, output buffers can
 * be reused via `opts.into`, and the metrics can be accumulated in the same pass (`opts.metrics`).
 */
import { formatSpec, encodeTable, decodeTable, type Fp8Format, type OverflowMode } from './formats.ts';
import { castTables, quantizeBlockGroups, quantizeRowGroups, type CastTarget } from './kernel.ts';
import { MetricsAccumulator, type Fp8Metrics } from './metrics.ts';
import type { ScaleRule } from './scales.ts';
import { checkTensorShape, Fp8InputError } from './errors.ts';

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

const spec = (name: Fp8Method, format: Fp8Format, grouping: Grouping, rule: ScaleRule, description: string): MethodSpec => ({
  name,
  format,
  grouping,
  rule,
  description,
});

export const METHOD_SPECS: Readonly<Record<Fp8Method, MethodSpec>> = {
  per_tensor_e4m3: spec('per_tensor_e4m3', 'e4m3', 'tensor', 'deepgemm', 'one fp32 scale max(amax,1e-4)/448 for the whole tensor'),
  per_tensor_e5m2: spec('per_tensor_e5m2', 'e5m2', 'tensor', 'deepgemm', 'one fp32 scale max(amax,1e-4)/57344 for the whole tensor'),
  per_row_e4m3: spec('per_row_e4m3', 'e4m3', 'row', 'deepgemm', 'per token: one fp32 scale per row'),
  tile1x128_e4m3: spec(
    'tile1x128_e4m3',
    'e4m3',
    'tile1x128',
    'deepgemm',
    'DeepSeek-V3 activations: one fp32 scale per row per 128 columns',
  ),
  block128x128_e4m3: spec('block128x128_e4m3', 'e4m3', 'block128x128', 'deepgemm', 'DeepSeek-V3 weights: one fp32 scale per 128x128 block'),
  tile1x128_e4m3_ue8m0: spec(
    'tile1x128_e4m3_ue8m0',
    'e4m3',
    'tile1x128',
    'deepgemm_ue8m0',
    '1x128 tiles, scale rounded up to a power of two (DeepGEMM use_ue8m0)',
  ),
  block128x128_e4m3_ue8m0: spec(
    'block128x128_e4m3_ue8m0',
    'e4m3',
    'block128x128',
    'deepgemm_ue8m0',
    '128x128 blocks, scale rounded up to a power of two',
  ),
  mx32_e4m3_floor: spec('mx32_e4m3_floor', 'e4m3', 'mx32', 'mx_floor', 'OCP MX v1.0: blocks of 32, E8M0 = floor(log2 amax) - 8, saturate'),
  mx32_e5m2_floor: spec(
    'mx32_e5m2_floor',
    'e5m2',
    'mx32',
    'mx_floor',
    'OCP MX v1.0, E5M2 elements: E8M0 = floor(log2 amax) - 15, saturate',
  ),
  mx32_e4m3_rceil: spec('mx32_e4m3_rceil', 'e4m3', 'mx32', 'mx_rceil', 'MXFP8 as cuBLAS/TE/JAX: E8M0 = ceil_pow2(amax/448), saturate'),
};

export function isFp8Method(name: string): name is Fp8Method {
  return (FP8_METHODS as readonly string[]).includes(name);
}

/** Group height and width for a method on an M×N tensor. */
export function groupDims(grouping: Grouping, m: number, n: number): [number, number] {
  switch (grouping) {
    case 'tensor':
      return [m, n];
    case 'row':
      return [1, n];
    case 'tile1x128':
      return [1, 128];
    case 'block128x128':
      return [128, 128];
    case 'mx32':
      return [1, 32];
  }
}

export interface QuantizeOptions {
  /**
   * Cast overflow mode (docs/fp8.md §2.2). Default 'saturate' (GPU `satfinite`, and the OCP MX clamp).
   * 'nonsaturate' is the torch-eager teaching toggle: the MX clamp is skipped, so overflowed E4M3
   * elements become NaN and E5M2 ±Inf. The DeepGEMM recipes never overflow, so it only matters for
   * MX FLOOR (and for Inf inputs).
   */
  overflow?: OverflowMode;
  /** Also compute the §4 metrics in the same pass (result.metrics); cheaper than a second pass. */
  metrics?: boolean;
  /** Produce the dequantized tensor (default true); false saves 4 bytes/element of output. */
  dequant?: boolean;
  /** Caller-owned output arrays (input length) to reuse across calls, e.g. in a web worker. */
  into?: { codes?: Uint8Array; dequant?: Float32Array };
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
  /** x̂ = fp32(decode(code)·scale), row-major; absent when `opts.dequant` was false. */
  dequant?: Float32Array;
  /** #(|y| > FMAX): elements above the format max before the cast (docs/fp8.md §4). */
  aboveMaxCount: number;
  /** #(|y| > 464) E4M3 / #(|y| ≥ 61440) E5M2: elements the cast clamps (or turns to NaN/Inf). */
  overflowCount: number;
  /** §4 metrics, when `opts.metrics` was set. */
  metrics?: Fp8Metrics;
}

/**
 * Quantize a row-major float32 matrix with one of the ten recipes. Throws `Fp8InputError` for an
 * empty or all-NaN tensor, a shape that does not match the data, or more than 2^28 elements.
 */
export function quantize(x: Float32Array, shape: readonly [number, number], method: Fp8Method, opts: QuantizeOptions = {}): QuantizeResult {
  checkTensorShape(x, shape);
  // All-NaN check: stops at the first non-NaN element, so it is O(1) on real data.
  let k = 0;
  while (k < x.length && x[k] !== x[k]) k++;
  if (k === x.length) throw new Fp8InputError(`The input tensor is entirely NaN (${k} elements), so no scale can be computed.`, 'all-nan');

  const ms = METHOD_SPECS[method];
  if (!ms) throw new Fp8InputError(`Unknown FP8 method "${String(method)}"; expected one of ${FP8_METHODS.join(', ')}.`);
  const f = formatSpec(ms.format);
  const [m, n] = shape;
  const [gh, gw] = groupDims(ms.grouping, m, n);
  const grows = Math.ceil(m / gh);
  const gcols = Math.ceil(n / gw);
  const scales = new Float32Array(grows * gcols);
  const e8m0 = ms.grouping === 'mx32' ? new Uint8Array(scales.length) : undefined;
  const runMax = Math.min(gw, n);
  const wantDequant = opts.dequant ?? true;
  const codes = opts.into?.codes ?? new Uint8Array(x.length);
  const dequant = wantDequant ? (opts.into?.dequant ?? new Float32Array(x.length)) : undefined;
  if (codes.length !== x.length || (dequant && dequant.length !== x.length)) {
    throw new Fp8InputError(`The output buffers must have ${x.length} elements, like the input.`);
  }
  const y = new Float32Array(runMax);
  const target: CastTarget = { codes, dq: dequant, y, yb: new Int32Array(y.buffer), counts: new Int32Array(2) };
  const tables = castTables(f, encodeTable(ms.format, opts.overflow ?? 'saturate'), decodeTable(ms.format));
  const acc = opts.metrics ? new MetricsAccumulator(ms.format) : undefined;
  const onRun = acc
    ? (base: number, len: number, scale: number): void => {
        if (dequant) acc.add(x, base, dequant, codes, len);
        else acc.addRun(x, base, codes, len, tables.dt, scale);
      }
    : undefined;
  if (gh === 1) quantizeRowGroups(x, m, n, gw, ms.rule, f, tables, target, scales, e8m0, onRun);
  else quantizeBlockGroups(x, m, n, gh, gw, ms.rule, f, tables, target, scales, onRun);

  const result: QuantizeResult = {
    method,
    format: ms.format,
    shape: [m, n],
    codes,
    scales,
    scalesShape: [grows, gcols],
    aboveMaxCount: target.counts[0]!,
    overflowCount: target.counts[1]!,
  };
  if (dequant) result.dequant = dequant;
  if (e8m0) result.scalesE8m0 = e8m0;
  if (acc) result.metrics = acc.finish(x.length, result);
  return result;
}
