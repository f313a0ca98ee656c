import { describe, expect, it } from 'vitest';
import { Rng } from './prng.ts';
import { LOGNORMAL_ZERO_FRACTION, generateTensor, pickChannels, tensorFiller, type GeneratorSpec } from './sources.ts';

const spec = (over: Partial<GeneratorSpec>): GeneratorSpec => ({
  kind: 'gauss',
  rows: 64,
  cols: 256,
  seed: 7,
  channels: 4,
  magnitude: 100,
  nu: 5,
  sigma: 2,
  ...over,
});

function moments(x: Float32Array): { mean: number; variance: number } {
  let s = 0;
  let ss = 0;
  for (const v of x) {
    s += v;
    ss += v * v;
  }
  const mean = s / x.length;
  return { mean, variance: ss / x.length - mean * mean };
}

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const xs = Array.from({ length: 8 }, () => a.u32());
    expect(Array.from({ length: 8 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 8 }, () => c.u32())).not.toEqual(xs);
  });

  it('uniforms lie in [0, 1) with mean 1/2; normals have mean 0, variance 1 and real tails', () => {
    const r = new Rng(3);
    let s = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = r.uniform();
      s += u;
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(s / 100_000).toBeCloseTo(0.5, 2);
    const z = Float32Array.from({ length: 200_000 }, () => r.normal());
    const m = moments(z);
    expect(m.mean).toBeCloseTo(0, 2);
    expect(m.variance).toBeCloseTo(1, 1);
    expect(z.filter((v) => Math.abs(v) > 4).length).toBeGreaterThan(0);
  });

  it('gamma and Student-t have their textbook moments', () => {
    const r = new Rng(4);
    for (const shape of [0.5, 1, 2.5, 9]) {
      const g = Float64Array.from({ length: 100_000 }, () => r.gamma(shape));
      const mean = g.reduce((a, b) => a + b, 0) / g.length;
      expect(mean / shape).toBeCloseTo(1, 1);
    }
    const t = Float32Array.from({ length: 200_000 }, () => r.studentT(6));
    expect(moments(t).variance).toBeCloseTo(6 / 4, 0); // ν/(ν−2)
  });
});

describe('tensor generators', () => {
  it.each(['gauss', 'outliers', 'student', 'lognormal'] as const)('%s: same tensor for any chunking, new seed → new tensor', (kind) => {
    const s = spec({ kind });
    const whole = generateTensor(s);
    const parts = new Float32Array(whole.length);
    const f = tensorFiller(s);
    for (const [a, b] of [
      [0, 1],
      [1, 999],
      [999, 5000],
      [5000, whole.length],
    ] as const)
      f.fill(parts, a, b);
    expect(parts).toEqual(whole);
    expect(generateTensor({ ...s, seed: 8 })).not.toEqual(whole);
    expect(whole.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('refuses out-of-order ranges', () => {
    const f = tensorFiller(spec({}));
    const out = new Float32Array(100);
    expect(() => f.fill(out, 10, 20)).toThrow(/expected start 0/);
  });

  it('outlier channels: the chosen columns carry the magnitude, the others are N(0,1)', () => {
    const s = spec({ kind: 'outliers', rows: 512, cols: 64, channels: 3, magnitude: 50 });
    const x = generateTensor(s);
    const chosen = tensorFiller(s).outlierChannels;
    expect(chosen).toHaveLength(3);
    expect(new Set(chosen).size).toBe(3);
    const col = (c: number) => Float32Array.from({ length: s.rows }, (_, i) => x[i * s.cols + c]!);
    for (const c of chosen) expect(Math.sqrt(moments(col(c)).variance)).toBeGreaterThan(35);
    const other = [...Array(s.cols).keys()].find((c) => !chosen.includes(c))!;
    expect(Math.sqrt(moments(col(other)).variance)).toBeLessThan(1.5);
  });

  it('pickChannels gives distinct sorted channels, all of them when asked for more than exist', () => {
    const c = pickChannels(1000, 50, 1);
    expect(c).toEqual([...c].sort((a, b) => a - b));
    expect(new Set(c).size).toBe(50);
    expect(c.every((v) => v >= 0 && v < 1000)).toBe(true);
    expect(pickChannels(5, 9, 1)).toEqual([0, 1, 2, 3, 4]);
  });

  it('log-normal: signed, about 1% exact zeros, ln|x| has the chosen σ', () => {
    const x = generateTensor(spec({ kind: 'lognormal', rows: 256, cols: 256, sigma: 3 }));
    const zeros = x.filter((v) => v === 0).length / x.length;
    expect(zeros).toBeGreaterThan(LOGNORMAL_ZERO_FRACTION * 0.7);
    expect(zeros).toBeLessThan(LOGNORMAL_ZERO_FRACTION * 1.3);
    expect(x.filter((v) => v < 0).length / x.length).toBeCloseTo(0.495, 1);
    const logs = Float32Array.from(
      x.filter((v) => v !== 0),
      (v) => Math.log(Math.abs(v)),
    );
    expect(Math.sqrt(moments(logs).variance)).toBeCloseTo(3, 1);
  });
});
