/**
 * The accumulation sweep: exact statistics on hand-made numbers, and the model on sampled outputs
 * lands near the measured H200 Frobenius errors (same setup, fewer outputs).
 */
import { describe, expect, it } from 'vitest';
import { runToEnd } from './chunked.ts';
import { accumOperands, accumSweep, accumWork, errorStats, type AccumSpec } from './accum.ts';
import { H200_POINTS } from './h200Points.ts';

describe('errorStats', () => {
  it('relative Frobenius and max relative error over |R| ≥ rms', () => {
    const r = [1, -1, 0.1, 2];
    const c = [1.1, -1, 0.3, 2];
    const s = errorStats(c, r);
    expect(s.rel_fro).toBeCloseTo(Math.sqrt((0.01 + 0.04) / (1 + 1 + 0.01 + 4)), 12);
    // rms = sqrt(6.01/4) ≈ 1.226: only |R| = 2 qualifies
    expect(s.max_rel_ge_rms).toBe(0);
  });
});

describe('accumOperands', () => {
  it('llm: 1% of K-channels ×20 in A, B ~ N(0, 0.02²); uniform is positive; deterministic', () => {
    const { a, b } = accumOperands('llm', 64, 1000, 3);
    const colRms = (c: number) => Math.sqrt(Array.from({ length: 64 }, (_, i) => a[i * 1000 + c]! ** 2).reduce((x, y) => x + y) / 64);
    const big = Array.from({ length: 1000 }, (_, c) => colRms(c)).filter((v) => v > 8).length;
    expect(big).toBe(10);
    expect(Math.max(...Array.from(b, Math.abs))).toBeLessThan(0.2);
    expect(accumOperands('uniform', 4, 64, 1).a.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(accumOperands('gauss', 4, 64, 1).a).toEqual(accumOperands('gauss', 4, 64, 1).a);
  });
});

describe('accumSweep', () => {
  const measured = (dist: string, p: unknown, k: number) => H200_POINTS.find((r) => r[0] === dist && r[1] === p && r[2] === k)!;

  it('gauss, N_C = 128 vs never: near the H200 Frobenius errors; promotion helps at large K', () => {
    const spec: AccumSpec = { dist: 'gauss', promote: 128, outputs: 24, seed: 1, ks: [512, 4096] };
    let steps = 0;
    const g = accumSweep(spec);
    let r;
    for (;;) {
      const s = g.next();
      if (s.done) {
        r = s.value;
        break;
      }
      steps = s.value;
    }
    expect(steps).toBe(accumWork(spec));
    expect(r.chosen.map((p) => p.k)).toEqual([512, 4096]);
    for (const [i, k] of [512, 4096].entries()) {
      const m128 = measured('gauss', 128, k)[3];
      const mNever = measured('gauss', 'never', k)[3];
      expect(r.chosen[i]!.acc.rel_fro / m128).toBeGreaterThan(0.7);
      expect(r.chosen[i]!.acc.rel_fro / m128).toBeLessThan(1.4);
      expect(r.never![i]!.acc.rel_fro / mNever).toBeGreaterThan(0.7);
      expect(r.never![i]!.acc.rel_fro / mNever).toBeLessThan(1.4);
      // total error is dominated by the input quantization (~3.7%)
      expect(r.chosen[i]!.total.rel_fro).toBeGreaterThan(0.02);
    }
    expect(r.never![1]!.acc.rel_fro).toBeGreaterThan(5 * r.chosen[1]!.acc.rel_fro);
  });

  it('uniform, never: the systematic truncation loss grows with K', () => {
    const r = runToEnd(accumSweep({ dist: 'uniform', promote: 'never', outputs: 8, seed: 2, ks: [512, 4096] }));
    expect(r.never).toBeNull();
    expect(r.chosen[1]!.acc.rel_fro).toBeGreaterThan(3 * r.chosen[0]!.acc.rel_fro);
    expect(r.chosen[1]!.acc.rel_fro / measured('uniform', 'never', 4096)[3]).toBeGreaterThan(0.7);
  });
});
