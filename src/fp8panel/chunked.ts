/**
 * Quantize a tensor with one method in row chunks, so the worker can report progress and honour a
 * cancel between chunks, with results identical to one `quantize()` call of src/fp8:
 *
 *  - groups inside a row (per-row, 1×128, MX 1×32) and 128×128 blocks: the core's `quantize` on
 *    row slices (slices of whole 128-row bands for blocks), writing into views of the full output;
 *  - per-tensor: the scale needs the amax of the whole tensor, so the amax is taken first (float32
 *    bits, NaN wins as in the core) and the cast y = fp32(x·mult), code = encode(y),
 *    x̂ = fp32(decode(code)·scale) runs here, chunk by chunk, with the core's own tables
 *    (`encodeTable`, `decodeTable`) and scale rule (`groupScale`). chunked.test.ts checks codes,
 *    x̂, scales and counts bit for bit against `quantize`.
 *
 * The §4 metrics are summed chunk by chunk with the core's MetricsAccumulator (same blocks, same
 * order as `computeMetrics`).
 */
import {
  FP8_METHODS,
  Fp8InputError,
  METHOD_SPECS,
  MetricsAccumulator,
  decodeTable,
  encodeTable,
  encodeTableIndex,
  f32Bits,
  formatSpec,
  groupDims,
  groupScale,
  quantize,
  type Fp8Format,
  type Fp8Method,
  type Fp8Metrics,
  type OverflowMode,
} from '../fp8/index.ts';

/** Elements per chunk: ~10–20 ms of work. */
export const CHUNK_ELEMENTS = 1 << 19;

export interface MethodOutcome {
  method: Fp8Method;
  format: Fp8Format;
  metrics: Fp8Metrics;
  /** dequantization scale per group, row-major [scalesShape] */
  scales: Float32Array;
  scalesShape: [number, number];
  aboveMaxCount: number;
  overflowCount: number;
}

export interface ChunkBuffers {
  codes: Uint8Array;
  dequant: Float32Array;
}

/** Row boundaries of the chunks for a method on a [rows, cols] tensor. */
export function chunkRows(rows: number, cols: number, method: Fp8Method, chunk = CHUNK_ELEMENTS): number[] {
  const { grouping } = METHOD_SPECS[method];
  let step = Math.max(1, Math.round(chunk / cols));
  // 128×128 blocks: whole bands of block rows. Per-tensor is cast here, any rows will do.
  const [gh] = groupDims(grouping, rows, cols);
  if (grouping !== 'tensor' && gh > 1) step = Math.max(gh, Math.round(step / gh) * gh);
  const out = [0];
  for (let r = step; r < rows; r += step) out.push(r);
  out.push(rows);
  return out;
}

/**
 * Quantize x [rows, cols] with `method`; yields elements done. `onChunk(r0, r1)` runs after rows
 * [r0, r1) are cast (codes, x̂ and their scales are in place). Throws Fp8InputError like `quantize`.
 */
export function* quantizeChunked(
  x: Float32Array,
  shape: readonly [number, number],
  method: Fp8Method,
  overflow: OverflowMode,
  buf: ChunkBuffers,
  onChunk?: (r0: number, r1: number, scales: Float32Array) => void,
  chunk = CHUNK_ELEMENTS,
): Generator<number, MethodOutcome> {
  const ms = METHOD_SPECS[method];
  if (!ms) throw new Fp8InputError(`Unknown FP8 method "${String(method)}"; expected one of ${FP8_METHODS.join(', ')}.`);
  const [rows, cols] = shape;
  if (rows * cols !== x.length || buf.codes.length !== x.length || buf.dequant.length !== x.length) {
    throw new Fp8InputError(`The shape ${rows}x${cols} needs ${rows * cols} elements but the data has ${x.length}.`);
  }
  const acc = new MetricsAccumulator(ms.format);
  const bounds = chunkRows(rows, cols, method, chunk);
  const [gh, gw] = groupDims(ms.grouping, rows, cols);
  const gcols = Math.ceil(cols / gw);
  const scales = new Float32Array(Math.ceil(rows / gh) * gcols);
  let above = 0;
  let over = 0;

  if (ms.grouping === 'tensor') {
    const f = formatSpec(ms.format);
    const xi = new Int32Array(x.buffer, x.byteOffset, x.length);
    let amaxBits = 0;
    for (let c = 0; c + 1 < bounds.length; c++) {
      for (let p = bounds[c]! * cols, end = bounds[c + 1]! * cols; p < end; p++) {
        const v = xi[p]! & 0x7fffffff;
        if (v > amaxBits) amaxBits = v;
      }
      yield 0;
    }
    const amax = amaxBits > 0x7f800000 ? NaN : new Float32Array(new Uint32Array([amaxBits]).buffer)[0]!;
    const gs = groupScale(amax, ms.rule, f, { scale: 0, mult: 0, e8m0: -1 });
    scales[0] = gs.scale;
    const et = encodeTable(ms.format, overflow);
    const dt = decodeTable(ms.format);
    const maxBits = f32Bits(f.max);
    const ovfBits = f32Bits(f.overflowTie) - (f.name === 'e4m3' ? 0 : 1); // |y| bits above this overflow
    const y = new Float32Array(Math.min(x.length, (bounds[1] ?? rows) * cols));
    const yb = new Int32Array(y.buffer);
    const { codes, dequant } = buf;
    for (let c = 0; c + 1 < bounds.length; c++) {
      const base = bounds[c]! * cols;
      const len = bounds[c + 1]! * cols - base;
      for (let j = 0; j < len; j++) y[j] = x[base + j]! * gs.mult;
      for (let j = 0; j < len; j++) {
        const b = yb[j]!;
        const code = et[encodeTableIndex(b >>> 0)]!;
        codes[base + j] = code;
        dequant[base + j] = dt[code]! * gs.scale;
        const ab = b & 0x7fffffff;
        if (ab > maxBits && ab <= 0x7f800000) {
          above++;
          if (ab > ovfBits) over++;
        }
      }
      acc.add(x, base, dequant, codes, len);
      onChunk?.(bounds[c]!, bounds[c + 1]!, scales);
      yield base + len;
    }
    return {
      method,
      format: ms.format,
      metrics: acc.finish(x.length, { aboveMaxCount: above, overflowCount: over }),
      scales,
      scalesShape: [1, 1],
      aboveMaxCount: above,
      overflowCount: over,
    };
  }

  for (let c = 0; c + 1 < bounds.length; c++) {
    const r0 = bounds[c]!;
    const r1 = bounds[c + 1]!;
    const b0 = r0 * cols;
    const b1 = r1 * cols;
    let r;
    try {
      r = quantize(x.subarray(b0, b1), [r1 - r0, cols], method, {
        overflow,
        into: { codes: buf.codes.subarray(b0, b1), dequant: buf.dequant.subarray(b0, b1) },
      });
    } catch (e) {
      // A slice of only NaN is refused by the core although the tensor is not: do it in one call.
      if (e instanceof Fp8InputError && e.problem === 'all-nan') return quantizeWhole(x, shape, method, overflow, buf, onChunk);
      throw e;
    }
    scales.set(r.scales, (r0 / gh) * gcols);
    above += r.aboveMaxCount;
    over += r.overflowCount;
    acc.add(x, b0, buf.dequant, buf.codes, b1 - b0);
    onChunk?.(r0, r1, scales);
    yield b1;
  }
  return {
    method,
    format: ms.format,
    metrics: acc.finish(x.length, { aboveMaxCount: above, overflowCount: over }),
    scales,
    scalesShape: [Math.ceil(rows / gh), gcols],
    aboveMaxCount: above,
    overflowCount: over,
  };
}

function quantizeWhole(
  x: Float32Array,
  shape: readonly [number, number],
  method: Fp8Method,
  overflow: OverflowMode,
  buf: ChunkBuffers,
  onChunk?: (r0: number, r1: number, scales: Float32Array) => void,
): MethodOutcome {
  const r = quantize(x, shape, method, { overflow, metrics: true, into: { codes: buf.codes, dequant: buf.dequant } });
  onChunk?.(0, shape[0], r.scales);
  return {
    method,
    format: r.format,
    metrics: r.metrics!,
    scales: r.scales,
    scalesShape: r.scalesShape,
    aboveMaxCount: r.aboveMaxCount,
    overflowCount: r.overflowCount,
  };
}

/** Run a generator to its end (tests and small work). */
export function runToEnd<T>(g: Generator<unknown, T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}
