/**
 * The backward-pass re-quantization of DeepSeek-V3 (report §3.3.3 and §3.5.2): activations are
 * quantized in the forward pass as 1×128 tiles along K (rows = tokens) and stored in FP8; the
 * backward GEMM needs them transposed, so they are "read out, dequantized, transposed,
 * re-quantized into 128×1 tiles". The second rounding of already-rounded values costs extra error
 * compared with quantizing the original activation into 128×1 tiles directly. Computed here:
 *
 *   forward   x → 1×128 tiles → x̂₁                       (error of x̂₁ vs x)
 *   direct    x → 128×1 tiles → x̂_d                      (error vs x: what a transposed-quantize
 *                                                          from the bf16 copy would give)
 *   requant   x̂₁ → 128×1 tiles → x̂₂                       (error vs x: what DeepSeek's pipeline gets)
 *
 * 128×1 tiles of x [M, K] are 1×128 tiles of xᵀ [K, M]; the transposes are cache-blocked and
 * chunked. Metrics are permutation-invariant, so they are computed on the transposed tensors.
 * `ue8m0` uses power-of-two scales (DeepGEMM use_ue8m0) for both quantizations.
 */
import { MetricsAccumulator, type Fp8Method, type Fp8Metrics } from '../fp8/index.ts';
import { quantizeChunked, type ChunkBuffers } from './chunked.ts';

export interface RequantResult {
  ue8m0: boolean;
  forward: Fp8Metrics;
  direct: Fp8Metrics;
  requant: Fp8Metrics;
  /** share of elements whose value the second quantization changed (x̂₂ ≠ x̂₁) */
  changed: number;
}

/** Tile side of the blocked transpose (64×64 float32 = 16 KB per tile). */
const TILE = 64;

/** dst[j·rows + i] = src[i·cols + j] for rows [r0, r1). */
export function transposeRows(src: Float32Array, dst: Float32Array, rows: number, cols: number, r0: number, r1: number): void {
  for (let i0 = r0; i0 < r1; i0 += TILE) {
    const i1 = Math.min(r1, i0 + TILE);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(cols, j0 + TILE);
      for (let i = i0; i < i1; i++) {
        const s = i * cols;
        for (let j = j0; j < j1; j++) dst[j * rows + i] = src[s + j]!;
      }
    }
  }
}

function* transpose(src: Float32Array, dst: Float32Array, rows: number, cols: number): Generator<number, void> {
  const band = Math.max(TILE, Math.floor((1 << 19) / cols / TILE) * TILE);
  for (let r = 0; r < rows; r += band) {
    transposeRows(src, dst, rows, cols, r, Math.min(rows, r + band));
    yield Math.min(rows, r + band) * cols;
  }
}

/** Work units the generator yields in total (elements × 6 passes). */
export function requantWork(n: number): number {
  return 6 * n;
}

/**
 * The three errors for x [rows, cols]. `buf` is scratch (codes, x̂), `t1`, `t2` two more float32
 * buffers of x's size. Yields work done (see requantWork).
 */
export function* requantize(
  x: Float32Array,
  shape: readonly [number, number],
  ue8m0: boolean,
  buf: ChunkBuffers,
  t1: Float32Array,
  t2: Float32Array,
): Generator<number, RequantResult> {
  const [rows, cols] = shape;
  const n = x.length;
  const method: Fp8Method = ue8m0 ? 'tile1x128_e4m3_ue8m0' : 'tile1x128_e4m3';
  let base = 0;
  const stage = function* (g: Generator<number, unknown>): Generator<number, void> {
    for (let r = g.next(); !r.done; r = g.next()) yield base + (r.value as number);
    base += n;
  };
  // forward: x̂₁ lands in buf.dequant
  const fwd = quantizeChunked(x, shape, method, 'saturate', buf);
  let forward!: Fp8Metrics;
  for (let r = fwd.next(); ; r = fwd.next()) {
    if (r.done) {
      forward = r.value.metrics;
      break;
    }
    yield r.value;
  }
  base += n;
  yield* stage(transpose(buf.dequant, t1, rows, cols)); // t1 = x̂₁ᵀ
  yield* stage(transpose(x, t2, rows, cols)); // t2 = xᵀ
  const tShape: [number, number] = [cols, rows];
  let direct!: Fp8Metrics;
  const d = quantizeChunked(t2, tShape, method, 'saturate', buf);
  for (let r = d.next(); ; r = d.next()) {
    if (r.done) {
      direct = r.value.metrics;
      break;
    }
    yield base + r.value;
  }
  base += n;
  // requant: x̂₂ = quantize(x̂₁ᵀ); its metrics vs x̂₁ᵀ are not wanted, the ones vs xᵀ are below
  const q = quantizeChunked(t1, tShape, method, 'saturate', buf);
  let counts = { aboveMaxCount: 0, overflowCount: 0 };
  for (let r = q.next(); ; r = q.next()) {
    if (r.done) {
      counts = r.value;
      break;
    }
    yield base + r.value;
  }
  base += n;
  const acc = new MetricsAccumulator('e4m3');
  let changed = 0;
  const step = 1 << 19;
  for (let p = 0; p < n; p += step) {
    const len = Math.min(step, n - p);
    acc.add(t2, p, buf.dequant, buf.codes, len);
    for (let i = p; i < p + len; i++) if (buf.dequant[i] !== t1[i] && !(buf.dequant[i] !== buf.dequant[i] && t1[i] !== t1[i])) changed++;
    yield base + p + len;
  }
  return { ue8m0, forward, direct, requant: acc.finish(n, counts), changed: changed / n };
}
