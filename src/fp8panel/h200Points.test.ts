/** The embedded H200 points are the ones in fixtures/golden/fp8/h200_accumulation.json. */
import { describe, expect, it } from 'vitest';
import { H200_POINTS } from './h200Points.ts';
import { goldenJson } from './testing/golden.ts';

interface Result {
  dist: string;
  M: number;
  K: number;
  method: string;
  vs_acc_ref: Record<string, number>;
  vs_true_ref: Record<string, number>;
}

describe('H200_POINTS', () => {
  const results = goldenJson<{ results: Result[] }>('h200_accumulation.json').results;
  const wanted = results.filter((r) => r.M === 1024 && /^triton_promote_(never|32|64|128|256)$/.test(r.method));

  it('has every triton_promote_* point at M = 1024, to 4 significant digits', () => {
    expect(H200_POINTS).toHaveLength(wanted.length);
    for (const r of wanted) {
      const p = r.method.replace('triton_promote_', '');
      const row = H200_POINTS.find((x) => x[0] === r.dist && String(x[1]) === p && x[2] === r.K);
      expect(row, `${r.dist} ${p} ${r.K}`).toBeDefined();
      const want = [
        r.vs_acc_ref.rel_fro,
        r.vs_acc_ref.max_rel_where_abs_ref_ge_rms,
        r.vs_true_ref.rel_fro,
        r.vs_true_ref.max_rel_where_abs_ref_ge_rms,
      ];
      row!.slice(3).forEach((v, i) => expect(Math.abs((v as number) / want[i]! - 1)).toBeLessThan(1e-3));
    }
  });

  it('agrees with the spec table (docs/fp8.md §5.2): fast accum 1.03%, promote-128 0.069% at K = 4096', () => {
    expect(H200_POINTS.find((x) => x[0] === 'gauss' && x[1] === 'never' && x[2] === 4096)![4]).toBeCloseTo(0.0103, 4);
    expect(H200_POINTS.find((x) => x[0] === 'gauss' && x[1] === 128 && x[2] === 4096)![4]).toBeCloseTo(0.00069, 5);
  });
});
