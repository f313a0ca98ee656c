/**
 * Chunked quantization equals one `quantize()` call bit for bit (codes, x̂, scales, counts) and its
 * metrics equal `computeMetrics`, for all ten methods, on the golden tensors and on shapes with
 * partial groups; the histogram outcomes add up to the metrics' flushed and overflow counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FP8_METHODS, computeMetrics, quantize, type OverflowMode } from '../fp8/index.ts';
import { quantizeChunked, runToEnd } from './chunked.ts';
import { MIN_BIN, NONFINITE_BIN, ZERO_BIN, binRange, emptyHistogram, emptyOutcome, outcomeRows } from './histogram.ts';
import { groupDims, METHOD_SPECS } from '../fp8/index.ts';
import { generateTensor } from './sources.ts';
import { goldenTensors } from './testing/golden.ts';

const bitsEqual = (a: Float32Array, b: Float32Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function compare(x: Float32Array, shape: [number, number], overflow: OverflowMode, chunk: number) {
  for (const method of FP8_METHODS) {
    const ref = quantize(x, shape, method, { overflow });
    const buf = { codes: new Uint8Array(x.length), dequant: new Float32Array(x.length) };
    const out = runToEnd(quantizeChunked(x, shape, method, overflow, buf, undefined, chunk));
    expect(Buffer.from(buf.codes).equals(Buffer.from(ref.codes)), `${method} codes`).toBe(true);
    expect(bitsEqual(buf.dequant, ref.dequant!), `${method} x̂`).toBe(true);
    expect(bitsEqual(out.scales, ref.scales), `${method} scales`).toBe(true);
    expect(out.scalesShape).toEqual(ref.scalesShape);
    expect([out.aboveMaxCount, out.overflowCount]).toEqual([ref.aboveMaxCount, ref.overflowCount]);
    expect(out.metrics).toEqual(computeMetrics(x, ref.dequant!, ref.codes, ref.format, ref));
  }
}

describe('quantizeChunked', () => {
  for (const g of goldenTensors()) {
    it(`${g.name}: every method, chunks of 1000 elements, saturating and not`, () => {
      compare(g.x, g.shape, 'saturate', 1000);
      compare(g.x, g.shape, 'nonsaturate', 1000);
    });
  }

  it('partial groups and odd chunk sizes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.nat(1000),
        (r, c, chunk, seed) => {
          const x = generateTensor({ kind: 'student', rows: r, cols: c, seed, channels: 0, magnitude: 1, nu: 2, sigma: 1 });
          compare(x, [r, c], seed % 2 ? 'saturate' : 'nonsaturate', chunk);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('a NaN row, Inf and a chunk of only NaN: same as the core', () => {
    const x = generateTensor({ kind: 'gauss', rows: 300, cols: 40, seed: 1, channels: 0, magnitude: 1, nu: 1, sigma: 1 });
    x.fill(NaN, 0, 40 * 130);
    x[9000] = Infinity;
    compare(x, [300, 40], 'saturate', 40 * 128);
    compare(x, [300, 40], 'nonsaturate', 40 * 128);
  });
});

describe('histogram outcomes', () => {
  for (const g of goldenTensors()) {
    it(`${g.name}: flushed and overflow bins add up to the metrics`, () => {
      const n = g.x.length;
      const bins = new Int16Array(n);
      const h = emptyHistogram();
      binRange(g.x, 0, n, bins, h);
      expect(h.counts.reduce((a, b) => a + b, 0) + h.zeros + h.nonfinite).toBe(n);
      for (const method of FP8_METHODS) {
        for (const overflow of ['saturate', 'nonsaturate'] as const) {
          const q = quantize(g.x, g.shape, method, { overflow, metrics: true });
          const o = emptyOutcome();
          const [gh, gw] = groupDims(METHOD_SPECS[method].grouping, ...g.shape);
          outcomeRows(g.x, q.dequant!, bins, g.shape[1], 0, g.shape[0], gh, gw, q.scales, q.format, o);
          const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
          expect(sum(o.flushed) / n, `${method} flushed`).toBe(q.metrics!.frac_flushed_to_zero);
          expect(sum(o.overflow), `${method} overflow`).toBe(q.overflowCount);
        }
      }
    });
  }

  it('special bins', () => {
    const x = new Float32Array([0, -0, NaN, Infinity, 1, 2 ** -149]);
    const bins = new Int16Array(x.length);
    const h = emptyHistogram();
    binRange(x, 0, x.length, bins, h);
    expect(Array.from(bins)).toEqual([ZERO_BIN, ZERO_BIN, NONFINITE_BIN, NONFINITE_BIN, 0, MIN_BIN]);
    expect([h.zeros, h.nonfinite]).toEqual([2, 2]);
  });
});

describe('chunkRows', () => {
  it('per-tensor and row groups split anywhere, 128×128 blocks on 128-row bands', async () => {
    const { chunkRows } = await import('./chunked.ts');
    expect(chunkRows(4096, 4096, 'per_tensor_e4m3')).toHaveLength(33); // 128-row chunks of 2^19 elements
    expect(chunkRows(4096, 4096, 'tile1x128_e4m3')).toHaveLength(33);
    expect(chunkRows(1000, 4096, 'block128x128_e4m3').every((r, i, a) => i === a.length - 1 || r % 128 === 0)).toBe(true);
    expect(chunkRows(100, 10, 'block128x128_e4m3')).toEqual([0, 100]);
    expect(chunkRows(3, 2 ** 22, 'per_row_e4m3')).toEqual([0, 1, 2, 3]);
  });
});
