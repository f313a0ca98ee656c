/**
 * Scaled quantization against the golden quant_*.json sets (docs/fp8.md §3, §4): codes and dequantized
 * values by SHA-256, scales bit for bit, metrics to 1e-9 relative. Plus input validation.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FP8_METHODS, METRIC_NAMES, Fp8InputError, quantize, quantizeMetrics, f32Bits, type Fp8Method } from './index.ts';

const GOLDEN = new URL('../../fixtures/golden/fp8/', import.meta.url);
const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const sha = (a: ArrayBufferView): string =>
  createHash('sha256')
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest('hex');

type MetricValue = number | 'NaN' | 'Infinity' | '-Infinity';
interface QuantMethod {
  format: string;
  scales_f32_b64?: string;
  scales_e8m0_b64?: string;
  scales_shape: [number, number];
  codes_sha256: string;
  dequant_f32_sha256: string;
  metrics: Record<string, MetricValue>;
}
interface QuantGolden {
  name: string;
  shape: [number, number];
  input_f32_b64: string;
  input_sha256: string;
  methods: Record<string, QuantMethod>;
}

const files = readdirSync(fileURLToPath(GOLDEN))
  .filter((f) => /^quant_.*\.json$/.test(f))
  .sort();
const num = (v: MetricValue): number => (typeof v === 'number' ? v : Number(v));

/** Relative closeness: equal (incl. both NaN / same Inf), or |a−b| ≤ 1e-9·max(|a|,|b|). */
function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

describe.each(files)('%s', (file) => {
  const g = JSON.parse(readFileSync(new URL(file, GOLDEN), 'utf8')) as QuantGolden;
  const raw = b64(g.input_f32_b64);
  const x = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
  it('input decodes to the stated SHA-256', () => {
    expect(sha(x)).toBe(g.input_sha256);
  });
  it('golden covers all ten methods', () => {
    expect(Object.keys(g.methods).sort()).toEqual([...FP8_METHODS].sort());
  });
  describe.each(Object.keys(g.methods))('%s', (method) => {
    const gm = g.methods[method]!;
    const q = quantize(x, g.shape, method as Fp8Method);
    const metrics = quantizeMetrics(x, q);
    it('codes', () => expect(sha(q.codes)).toBe(gm.codes_sha256));
    it('scales', () => {
      expect(q.scalesShape).toEqual(gm.scales_shape);
      if (gm.scales_e8m0_b64 !== undefined) {
        expect(q.scalesE8m0).toEqual(b64(gm.scales_e8m0_b64));
      } else {
        const want = b64(gm.scales_f32_b64!);
        expect(new Uint8Array(q.scales.buffer)).toEqual(want);
      }
    });
    it('dequantized values', () => expect(sha(q.dequant!)).toBe(gm.dequant_f32_sha256));
    it('metrics', () => {
      const bad = Object.entries(gm.metrics)
        .filter(([k, v]) => !close(metrics[k as keyof typeof metrics], num(v)))
        .map(([k, v]) => `${k}: got ${metrics[k as keyof typeof metrics]} want ${v}`);
      expect(bad).toEqual([]);
      expect(Object.keys(gm.metrics).sort()).toEqual([...METRIC_NAMES].sort());
    });
    it('fused pass (metrics: true, dequant: false) gives the same codes, scales and metrics', () => {
      const fq = quantize(x, g.shape, method as Fp8Method, { metrics: true, dequant: false });
      expect(fq.dequant).toBeUndefined();
      expect(sha(fq.codes)).toBe(gm.codes_sha256);
      expect(fq.scales).toEqual(q.scales);
      for (const k of METRIC_NAMES) expect(close(fq.metrics![k], num(gm.metrics[k]!)), k).toBe(true);
    });
  });
});

describe('scale rules by hand', () => {
  it('DeepGEMM clamps amax at fp32(1e-4) and multiplies by the reciprocal', () => {
    const q = quantize(new Float32Array(128), [1, 128], 'tile1x128_e4m3');
    expect(f32Bits(q.scales[0]!)).toBe(f32Bits(Math.fround(Math.fround(1e-4) / 448)));
    expect(q.codes.every((c) => c === 0)).toBe(true);
  });
  it('UE8M0 rounds the scale up to a power of two', () => {
    const x = new Float32Array(128).fill(1);
    const q = quantize(x, [1, 128], 'tile1x128_e4m3_ue8m0');
    expect(q.scales[0]).toBe(2 ** -8); // 1/448 → 2^-8
    expect(q.dequant![0]).toBe(1);
  });
  it('MX FLOOR saturates block maxima above 448', () => {
    const x = new Float32Array(32).fill(1);
    x[0] = 1.99; // E = 0, X = −8: y = 1.99·256 = 509 → clamped to 448
    const q = quantize(x, [1, 32], 'mx32_e4m3_floor');
    expect(q.scalesE8m0![0]).toBe(127 - 8);
    expect(q.codes[0]).toBe(0x7e);
    expect(q.aboveMaxCount).toBe(1);
    expect(q.overflowCount).toBe(1);
    const t = quantize(x, [1, 32], 'mx32_e4m3_floor', { overflow: 'nonsaturate' });
    expect(t.codes[0]).toBe(0x7f); // teaching toggle: torch eager gives NaN
    expect(quantizeMetrics(x, t).frac_nan_out).toBe(1 / 32);
  });
  it('partial groups at the edges get their own scales', () => {
    const x = new Float32Array(3 * 130).map((_, i) => (i % 7) - 3);
    const q = quantize(x, [3, 130], 'tile1x128_e4m3');
    expect(q.scalesShape).toEqual([3, 2]);
    const b = quantize(x, [3, 130], 'block128x128_e4m3');
    expect(b.scalesShape).toEqual([1, 2]);
    const mx = quantize(x, [3, 130], 'mx32_e4m3_rceil');
    expect(mx.scalesShape).toEqual([3, 5]);
  });
});

describe('input validation', () => {
  const err = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(Fp8InputError);
      return (e as Error).message;
    }
    throw new Error('no error thrown');
  };
  it('rejects bad input with specific messages', () => {
    expect(err(() => quantize(new Float32Array(0), [0, 0], 'per_tensor_e4m3'))).toMatch(/empty/);
    expect(err(() => quantize(new Float32Array(6), [2, 4], 'per_tensor_e4m3'))).toMatch(/2x4 needs 8 elements but the data has 6/);
    expect(err(() => quantize(new Float32Array(4).fill(NaN), [2, 2], 'per_tensor_e4m3'))).toMatch(/entirely NaN/);
    expect(err(() => quantize(new Float32Array(1), [0, 0], 'per_tensor_e4m3'))).toMatch(/0x0/);
    expect(err(() => quantize(new Float32Array(1), [100000, 100000], 'per_tensor_e4m3'))).toMatch(/limit/);
    expect(err(() => quantize(new Float32Array(1), [1.5, 2], 'per_tensor_e4m3'))).toMatch(/rows must be a positive integer/);
    expect(err(() => quantize(new Float32Array(4), [2, 2], 'fp4' as Fp8Method))).toMatch(/Unknown FP8 method "fp4"/);
  });
  it('accepts isolated NaN and reports them', () => {
    const x = new Float32Array(256).map((_, i) => Math.sin(i));
    x[3] = NaN;
    const q = quantize(x, [2, 128], 'tile1x128_e4m3');
    expect(Number.isNaN(q.scales[0])).toBe(true); // NaN poisons its group like torch's amax
    expect(Number.isNaN(q.scales[1])).toBe(false);
    const m = quantizeMetrics(x, q);
    expect(m.frac_nan_out).toBe(127 / 256);
    expect(Number.isFinite(m.sqnr_db)).toBe(true);
  });
});
