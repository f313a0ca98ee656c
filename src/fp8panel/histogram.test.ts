import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { f32Bits, f32FromBits } from '../fp8/index.ts';
import { BINS_PER_OCTAVE, MAX_BIN, MIN_BIN, binLow, binOfBits, occupiedRange, sliceBins } from './histogram.ts';

/** The definition: floor(4·log2|x|), evaluated slowly and carefully. */
function slowBin(v: number): number {
  const a = Math.abs(v);
  let k = Math.floor(BINS_PER_OCTAVE * Math.log2(a));
  // guard against log2 rounding right at an edge: edges are 2^(k/4), compare directly
  while (binLow(k + 1) <= a) k++;
  while (binLow(k) > a) k--;
  return k;
}

describe('binOfBits: bin k holds 2^(k/4) ≤ |x| < 2^((k+1)/4)', () => {
  it('agrees with the definition on random float32 bit patterns', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0x7f7fffff }), fc.boolean(), (bits, neg) => {
        const b = neg ? (bits | 0x80000000) >>> 0 : bits;
        expect(binOfBits(b)).toBe(slowBin(f32FromBits(b)));
      }),
      { numRuns: 20000 },
    );
  });

  it('agrees next to every bin edge in the normal range', () => {
    for (let k = -500; k < 500; k++) {
      const edge = f32Bits(binLow(k));
      for (let d = -2; d <= 2; d++) {
        const bits = edge + d;
        if (bits <= 0 || bits >= 0x7f800000) continue;
        expect(binOfBits(bits)).toBe(slowBin(f32FromBits(bits)));
      }
    }
  });

  it('covers the float32 range: smallest subnormal and largest finite', () => {
    expect(binOfBits(1)).toBe(MIN_BIN);
    expect(binOfBits(0x7f7fffff)).toBe(MAX_BIN);
    expect(binOfBits(f32Bits(1))).toBe(0);
    expect(binOfBits(f32Bits(448))).toBe(slowBin(448));
  });

  it('occupiedRange and sliceBins', () => {
    const counts = new Float64Array(MAX_BIN - MIN_BIN + 1);
    counts[10] = 3;
    counts[20] = 1;
    expect(occupiedRange(counts)).toEqual([MIN_BIN + 10, MIN_BIN + 20]);
    expect(Array.from(sliceBins(counts, MIN_BIN + 10, MIN_BIN + 12))).toEqual([3, 0, 0]);
    expect(occupiedRange(new Float64Array(4))).toBeNull();
  });
});
