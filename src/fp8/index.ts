/**
 * Public surface of the pure FP8 core (spec: docs/fp8.md). No DOM, no node: imports, so
 * the UI can run it in a web worker and the CLI in Node.
 *
 *   formats.ts    E4M3FN / E5M2 encode (RNE, subnormals, saturating or not) and decode; E8M0.
 *   scales.ts     per-group scale rules (DeepGEMM, UE8M0, OCP MX FLOOR, RCEIL)        §3
 *   methods.ts    the ten recipes and the quantize kernel                               §3
 *   metrics.ts    error metrics with the golden names                                  §4
 *   accumulate.ts Hopper FP8 MMA accumulation model, promotion every N_C or never      §5.3
 */
export {
  E4M3,
  E5M2,
  DECODE_E4M3,
  DECODE_E5M2,
  encodeTable,
  encodeTableIndex,
  formatSpec,
  encode,
  encodeBits,
  encodeArray,
  decode,
  decodeArray,
  decodeTable,
  decodeE8M0,
  classifyCode,
  overflows,
  ulpAt,
  f32Bits,
  f32FromBits,
} from './formats.ts';
export type { Fp8Format, Fp8FormatSpec, OverflowMode, CodeClass } from './formats.ts';
export { AMAX_FLOOR, ceilToUe8m0, e8m0Floor, e8m0Rceil, groupScale } from './scales.ts';
export type { ScaleRule, GroupScale } from './scales.ts';
export { FP8_METHODS, METHOD_SPECS, isFp8Method, groupDims, quantize } from './methods.ts';
export type { Fp8Method, Grouping, MethodSpec, QuantizeOptions, QuantizeResult } from './methods.ts';
export { METRIC_NAMES, MetricsAccumulator, computeMetrics, quantizeMetrics } from './metrics.ts';
export type { Fp8Metrics, CastCounts } from './metrics.ts';
export { PROMOTIONS, mmaK32, dotHopper, gemmHopper } from './accumulate.ts';
export type { Promotion, GemmOptions } from './accumulate.ts';
export { Fp8InputError, MAX_ELEMENTS, checkShape, checkTensor } from './errors.ts';
