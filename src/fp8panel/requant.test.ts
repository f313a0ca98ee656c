import { describe, expect, it } from 'vitest';
import { quantize, quantizeMetrics } from '../fp8/index.ts';
import { runToEnd } from './chunked.ts';
import { requantize, requantWork, transposeRows } from './requant.ts';
import { generateTensor } from './sources.ts';

function transposed(x: Float32Array, r: number, c: number): Float32Array {
  const t = new Float32Array(x.length);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = x[i * c + j]!;
  return t;
}

describe('requantize (1x128 forward → 128x1 backward)', () => {
  it('transposeRows is a transpose', () => {
    const x = Float32Array.from({ length: 70 * 130 }, (_, i) => i);
    const t = new Float32Array(x.length);
    transposeRows(x, t, 70, 130, 0, 70);
    expect(t).toEqual(transposed(x, 70, 130));
  });

  it.each([false, true])('ue8m0=%s: the three errors match direct core calls; requantizing costs extra', (ue8m0) => {
    const [r, c] = [200, 300];
    const x = generateTensor({ kind: 'outliers', rows: r, cols: c, seed: 5, channels: 6, magnitude: 30, nu: 1, sigma: 1 });
    const n = x.length;
    const buf = { codes: new Uint8Array(n), dequant: new Float32Array(n) };
    const gen = requantize(x, [r, c], ue8m0, buf, new Float32Array(n), new Float32Array(n));
    let last = 0;
    let res;
    for (;;) {
      const s = gen.next();
      if (s.done) {
        res = s.value;
        break;
      }
      expect(s.value).toBeGreaterThanOrEqual(last);
      last = s.value;
    }
    expect(last).toBe(requantWork(n));
    const method = ue8m0 ? 'tile1x128_e4m3_ue8m0' : 'tile1x128_e4m3';
    const fwd = quantize(x, [r, c], method, { metrics: true });
    expect(res.forward).toEqual(quantizeMetrics(x, fwd));
    const xT = transposed(x, r, c);
    const direct = quantize(xT, [c, r], method, { metrics: true });
    expect(res.direct.sqnr_db).toBeCloseTo(direct.metrics!.sqnr_db, 9);
    const hatT = transposed(fwd.dequant!, r, c);
    const again = quantize(hatT, [c, r], method);
    let see = 0;
    let sxx = 0;
    let changed = 0;
    for (let i = 0; i < n; i++) {
      see += (again.dequant![i]! - xT[i]!) ** 2;
      sxx += xT[i]! ** 2;
      if (again.dequant![i] !== hatT[i]) changed++;
    }
    expect(res.requant.rel_err_l2).toBeCloseTo(Math.sqrt(see / sxx), 12);
    expect(res.changed).toBe(changed / n);
    expect(res.requant.sqnr_db).toBeLessThan(res.direct.sqnr_db);
  });

  it('runs to the end through runToEnd', () => {
    const x = generateTensor({ kind: 'gauss', rows: 3, cols: 5, seed: 1, channels: 0, magnitude: 1, nu: 1, sigma: 1 });
    const r = runToEnd(
      requantize(
        x,
        [3, 5],
        false,
        { codes: new Uint8Array(15), dequant: new Float32Array(15) },
        new Float32Array(15),
        new Float32Array(15),
      ),
    );
    expect(r.forward.sqnr_db).toBeGreaterThan(20);
  });
});
