/**
 * Accumulation sweep for the panel's chart (docs/fp8.md §5.4): relative error of an FP8 GEMM against K
 * under the bit-exact Hopper model (src/fp8 `dotHopper`), for a promotion interval N_C and, for
 * comparison, for no promotion (cuBLAS fast accumulation).
 *
 * Setup as in the H200 measurement (§5.2) so the measured points can sit on the same axes: A
 * [S, K] and B [S, K] drawn from `gauss` (both N(0,1)), `uniform` (both U(0,1): every product
 * positive) or `llm` (A ~ N(0,1) with 1% of K-channels ×20, B ~ N(0, 0.02²)); each quantized per
 * tensor to E4M3 (`per_tensor_e4m3`); C = A·Bᵀ. Errors against two fp64 references: the product of
 * the dequantized operands (accumulation only) and of the fp32 operands (total). Only an S×S block of
 * outputs is computed (the measurement used 1024×1024), so max-type metrics, which grow with the
 * number of outputs, come out somewhat lower than measured; Frobenius errors compare directly.
 *
 * The sweep is a generator yielding the number of outputs done, so the worker can run it in slices.
 */
import { decodeTable, dotHopper, quantize, type Promotion } from '../fp8/index.ts';
import { Rng } from './prng.ts';
import { pickChannels } from './sources.ts';

export type AccumDist = 'gauss' | 'uniform' | 'llm';
export const ACCUM_DISTS: readonly AccumDist[] = ['gauss', 'uniform', 'llm'];
/** K values of the model curve; the H200 measured 512 … 16384. */
export const ACCUM_KS: readonly number[] = [128, 256, 512, 1024, 2048, 4096, 8192, 16384];

export interface AccumSpec {
  dist: AccumDist;
  promote: Promotion;
  /** S: the model computes S×S outputs per K */
  outputs: number;
  seed: number;
  ks: readonly number[];
}

/** Error of the modelled GEMM against one reference. */
export interface AccumStats {
  /** ‖C − R‖_F / ‖R‖_F */
  rel_fro: number;
  /** max |C − R| / |R| over outputs with |R| ≥ rms(R) */
  max_rel_ge_rms: number;
}

export interface AccumPoint {
  k: number;
  /** against the fp64 product of the dequantized operands (accumulation only) */
  acc: AccumStats;
  /** against the fp64 product of the unquantized fp32 operands (quantization + accumulation) */
  total: AccumStats;
}

export interface AccumResult {
  spec: AccumSpec;
  /** the chosen promotion interval */
  chosen: AccumPoint[];
  /** no promotion (fast accumulation), null when that is the chosen one */
  never: AccumPoint[] | null;
}

/** Operands A, B [S, K] of one sweep point (deterministic from seed and K). */
export function accumOperands(dist: AccumDist, s: number, k: number, seed: number): { a: Float32Array; b: Float32Array } {
  const ra = new Rng((Math.imul(seed, 0x9e3779b1) + k * 2 + 1) >>> 0);
  const rb = new Rng((Math.imul(seed, 0x9e3779b1) + k * 2 + 2) >>> 0);
  const a = new Float32Array(s * k);
  const b = new Float32Array(s * k);
  if (dist === 'uniform') {
    for (let i = 0; i < a.length; i++) a[i] = ra.uniform();
    for (let i = 0; i < b.length; i++) b[i] = rb.uniform();
  } else if (dist === 'gauss') {
    for (let i = 0; i < a.length; i++) a[i] = ra.normal();
    for (let i = 0; i < b.length; i++) b[i] = rb.normal();
  } else {
    const factor = new Float64Array(k).fill(1);
    for (const c of pickChannels(k, Math.max(1, Math.round(k / 100)), seed + k)) factor[c] = 20;
    for (let i = 0; i < a.length; i++) a[i] = ra.normal() * factor[i % k]!;
    for (let i = 0; i < b.length; i++) b[i] = rb.normal() * 0.02;
  }
  return { a, b };
}

/** Error statistics of outputs c against references r (float64, same length). */
export function errorStats(c: ArrayLike<number>, r: ArrayLike<number>): AccumStats {
  let see = 0;
  let srr = 0;
  for (let i = 0; i < r.length; i++) {
    const e = c[i]! - r[i]!;
    see += e * e;
    srr += r[i]! * r[i]!;
  }
  const rms = Math.sqrt(srr / r.length);
  let maxRel = 0;
  for (let i = 0; i < r.length; i++) {
    const ar = Math.abs(r[i]!);
    if (ar >= rms && ar > 0) maxRel = Math.max(maxRel, Math.abs(c[i]! - r[i]!) / ar);
  }
  return { rel_fro: Math.sqrt(see / srr), max_rel_ge_rms: maxRel };
}

/** Total units of work the sweep yields (outputs × K/32 steps, summed). */
export function accumWork(spec: AccumSpec): number {
  const lines = spec.promote === 'never' ? 1 : 2;
  return spec.ks.reduce((t, k) => t + spec.outputs * spec.outputs * Math.ceil(k / 32) * lines, 0);
}

/** Run the sweep; yields the work done so far (see accumWork). */
export function* accumSweep(spec: AccumSpec): Generator<number, AccumResult> {
  const s = spec.outputs;
  const promotions: Promotion[] = spec.promote === 'never' ? ['never'] : [spec.promote, 'never'];
  const points: AccumPoint[][] = promotions.map(() => []);
  const dt = decodeTable('e4m3');
  let done = 0;
  for (const k of spec.ks) {
    const { a, b } = accumOperands(spec.dist, s, k, spec.seed);
    const qa = quantize(a, [s, k], 'per_tensor_e4m3', { dequant: false });
    const qb = quantize(b, [s, k], 'per_tensor_e4m3', { dequant: false });
    const sa = qa.scales[0]!;
    const sb = qb.scales[0]!;
    const refAcc = new Float64Array(s * s);
    const refTrue = new Float64Array(s * s);
    for (let i = 0; i < s; i++) {
      for (let j = 0; j < s; j++) {
        let acc = 0;
        let tru = 0;
        for (let t = 0; t < k; t++) {
          acc += dt[qa.codes[i * k + t]!]! * dt[qb.codes[j * k + t]!]!;
          tru += a[i * k + t]! * b[j * k + t]!;
        }
        refAcc[i * s + j] = acc * sa * sb;
        refTrue[i * s + j] = tru;
      }
      yield done; // a slice boundary (the references are not counted as work)
    }
    for (let p = 0; p < promotions.length; p++) {
      const c = new Float64Array(s * s);
      const opts = { promote: promotions[p]!, scaleA: sa, scaleB: sb };
      for (let i = 0; i < s; i++) {
        for (let j = 0; j < s; j++) c[i * s + j] = dotHopper(qa.codes, i * k, qb.codes, j * k, k, opts);
        done += s * Math.ceil(k / 32);
        yield done;
      }
      points[p]!.push({ k, acc: errorStats(c, refAcc), total: errorStats(c, refTrue) });
    }
  }
  return { spec, chosen: points[0]!, never: promotions.length > 1 ? points[1]! : null };
}
