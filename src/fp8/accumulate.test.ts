/**
 * Hopper accumulation model (docs/fp8.md §5.3) against real H200 outputs (accum_h200_subset.json): every
 * kernel output of every case must match bit for bit. Plus hand-computed steps.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Fp8InputError, dotHopper, encode, gemmHopper, mmaK32, f32Bits, type Fp8Format, type Promotion } from './index.ts';

const GOLDEN = new URL('../../fixtures/golden/fp8/', import.meta.url);
const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

interface AccumCase {
  K: number;
  A_format: string;
  B_format: string;
  A_codes_b64: string;
  B_codes_b64: string;
  A_shape: [number, number];
  B_shape: [number, number];
  outputs_f32_b64: Record<string, string>;
}
const golden = JSON.parse(readFileSync(new URL('accum_h200_subset.json', GOLDEN), 'utf8')) as { data: Record<string, AccumCase> };
const fmt = (s: string): Fp8Format => (s === 'e5m2' ? 'e5m2' : 'e4m3');

/** Kernel name → promotion interval of the model (docs/fp8.md §5.2 identities). */
function promotionOf(kernel: string): Promotion {
  if (kernel === 'cublas_fast' || kernel === 'triton_never') return 'never';
  if (kernel === 'cublas_default') return 128;
  const m = /^triton_promote_(\d+)$/.exec(kernel);
  if (!m) throw new Error(`unknown kernel ${kernel}`);
  return Number(m[1]) as Promotion;
}

describe.each(Object.keys(golden.data))('accum %s', (name) => {
  const c = golden.data[name]!;
  const a = b64(c.A_codes_b64);
  const b = b64(c.B_codes_b64);
  it.each(Object.keys(c.outputs_f32_b64))('%s bit for bit', (kernel) => {
    const want = b64(c.outputs_f32_b64[kernel]!);
    const got = gemmHopper(a, b, c.K, { formatA: fmt(c.A_format), formatB: fmt(c.B_format), promote: promotionOf(kernel) });
    expect(got.length).toBe(c.A_shape[0] * c.B_shape[0]);
    const gotBytes = new Uint8Array(got.buffer);
    let mismatches = 0;
    for (let i = 0; i < want.length; i += 4) {
      if (gotBytes[i] !== want[i] || gotBytes[i + 1] !== want[i + 1] || gotBytes[i + 2] !== want[i + 2] || gotBytes[i + 3] !== want[i + 3])
        mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});

describe('hand-computed steps', () => {
  const codes = (vals: number[], f: Fp8Format = 'e4m3'): Uint8Array => Uint8Array.from(vals.map((v) => encode(v, f)));
  it('exact when all terms fit in 14 bits', () => {
    const a = codes([1, 2, 3, 4]);
    const b = codes([1, 1, 1, 1]);
    expect(mmaK32(0, a, 0, b, 0, 4)).toBe(10);
  });
  it('small products below 2^(E−13) are truncated away', () => {
    // E = 8+0 = 8 (256·1); 2^-6·2^-6 = 2^-12 < u = 2^(8−13): dropped entirely.
    const a = codes([256, 2 ** -6]);
    const b = codes([1, 2 ** -6]);
    expect(mmaK32(0, a, 0, b, 0, 2)).toBe(256);
  });
  it('the result is truncated toward zero to 14 significant bits', () => {
    // 32 products 448·1.75 = 784 (E = 8 + 0): sum 25088 exact; add 1.875 → truncated.
    const a = codes([...Array(31).fill(448), 1.875]);
    const b = codes([...Array(31).fill(1.75), 1]);
    const r = mmaK32(0, a, 0, b, 0, 32);
    expect(r).toBe(31 * 784); // 24304 + 1.875: 14 bits at 2^14 scale keep multiples of 2 → 24304
    expect(f32Bits(r) & 0x3ff).toBe(0);
  });
  it('promotion every N_C restores precision of same-sign sums', () => {
    const k = 4096;
    const a = new Uint8Array(k).fill(encode(1.125, 'e4m3'));
    const b = new Uint8Array(k).fill(encode(1.125, 'e4m3'));
    const exact = k * 1.265625;
    const never = dotHopper(a, 0, b, 0, k, { promote: 'never' });
    const p32 = dotHopper(a, 0, b, 0, k, { promote: 32 });
    expect(p32).toBe(exact);
    expect(never).toBeLessThan(exact); // truncation always loses magnitude
  });
  it('validates its input', () => {
    expect(() => gemmHopper(new Uint8Array(10), new Uint8Array(8), 4)).toThrow(Fp8InputError);
    expect(() => gemmHopper(new Uint8Array(8), new Uint8Array(8), 0)).toThrow(/K must be a positive integer/);
  });
});

describe('non-finite operands (outside the verified model)', () => {
  it('propagate IEEE-style, also NaN·0 and Inf·0', () => {
    const a = Uint8Array.from([0x7f, 0x38]); // NaN, 1
    const b = Uint8Array.from([0x00, 0x38]); // 0, 1
    expect(dotHopper(a, 0, b, 0, 2)).toBeNaN();
    const inf = Uint8Array.from([0x7c, 0x3c]); // e5m2 +Inf, 1
    const one = Uint8Array.from([0x3c, 0x3c]);
    expect(dotHopper(inf, 0, one, 0, 2, { formatA: 'e5m2', formatB: 'e5m2', promote: 'never' })).toBe(Infinity);
  });
});
