/**
 * Casting and decoding: golden casts from real implementations (casts.json, docs/fp8.md §2), the 256-code
 * decode tables (§1), hand-computed cases and fast-check properties.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decode,
  decodeE8M0,
  encode,
  encodeArray,
  f32Bits,
  f32FromBits,
  formatSpec,
  ulpAt,
  classifyCode,
  type Fp8Format,
  type OverflowMode,
} from './index.ts';

const GOLDEN = new URL('../../fixtures/golden/fp8/', import.meta.url);
const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const f32 = (s: string): Float32Array => {
  const u = b64(s);
  return new Float32Array(u.buffer, u.byteOffset, u.length / 4);
};

interface Casts {
  n: number;
  inputs_f32_b64: string;
  labels: string[];
  codes_b64: Record<'e4m3fn' | 'e5m2', Record<string, string>>;
  decode_tables: Record<'e4m3fn' | 'e5m2' | 'e8m0fnu', { f32_bits_hex: string[] }>;
}
const casts = JSON.parse(readFileSync(new URL('casts.json', GOLDEN), 'utf8')) as Casts;
const inputs = f32(casts.inputs_f32_b64);

const FORMATS: [Fp8Format, 'e4m3fn' | 'e5m2'][] = [
  ['e4m3', 'e4m3fn'],
  ['e5m2', 'e5m2'],
];
const MODES: [OverflowMode, string][] = [
  ['nonsaturate', 'torch_cpu'],
  ['saturate', 'cuda_cvt_rn_satfinite'],
];

describe('casts.json: every input, both formats, both overflow modes', () => {
  it('has the advertised number of inputs', () => {
    expect(inputs.length).toBe(casts.n);
  });
  for (const [fmt, gname] of FORMATS) {
    for (const [mode, impl] of MODES) {
      it(`${fmt} ${mode} matches ${impl} on all ${casts.n} inputs`, () => {
        const want = b64(casts.codes_b64[gname][impl]!);
        const got = encodeArray(inputs, fmt, mode);
        const bad: string[] = [];
        for (let i = 0; i < want.length; i++) {
          if (got[i] !== want[i]) bad.push(`${i} ${casts.labels[i]} got 0x${got[i]!.toString(16)} want 0x${want[i]!.toString(16)}`);
        }
        expect(bad.slice(0, 10)).toEqual([]);
        // The scalar path agrees with the array path.
        for (let i = 0; i < inputs.length; i++) if (encode(inputs[i]!, fmt, mode) !== got[i]) throw new Error(`scalar ${i}`);
      });
    }
  }
});

describe('decode tables: all 256 codes as torch decodes them', () => {
  for (const [fmt, gname] of FORMATS) {
    it(`${fmt}`, () => {
      const want = casts.decode_tables[gname].f32_bits_hex;
      let match = 0;
      for (let c = 0; c < 256; c++) {
        const v = decode(c, fmt);
        const bits = Number.isNaN(v) ? null : f32Bits(v);
        const wantBits = parseInt(want[c]!, 16);
        const wantV = f32FromBits(wantBits);
        if (Number.isNaN(wantV) ? Number.isNaN(v) : bits === wantBits) match++;
      }
      expect(match).toBe(256);
    });
  }
  it('e8m0fnu', () => {
    const want = casts.decode_tables.e8m0fnu.f32_bits_hex;
    for (let e = 0; e < 256; e++) {
      const v = decodeE8M0(e);
      const w = f32FromBits(parseInt(want[e]!, 16));
      if (Number.isNaN(w)) expect(v).toBeNaN();
      else expect(f32Bits(v)).toBe(parseInt(want[e]!, 16));
    }
  });
});

describe('hand-computed cases', () => {
  it('max values and the first overflow', () => {
    expect(decode(0x7e, 'e4m3')).toBe(448);
    expect(decode(0x7b, 'e5m2')).toBe(57344);
    expect(encode(448, 'e4m3')).toBe(0x7e);
    expect(encode(464, 'e4m3', 'nonsaturate')).toBe(0x7e); // tie → 448 (mantissa 110 even)
    expect(encode(464.00003, 'e4m3', 'nonsaturate')).toBe(0x7f); // just above the tie → NaN
    expect(encode(-500, 'e4m3', 'saturate')).toBe(0xfe);
    expect(encode(61440, 'e5m2', 'nonsaturate')).toBe(0x7c); // tie rounds to even = Inf code
    expect(encode(61439.996, 'e5m2', 'nonsaturate')).toBe(0x7b);
    expect(encode(61440, 'e5m2', 'saturate')).toBe(0x7b);
    expect(encode(-Infinity, 'e5m2', 'nonsaturate')).toBe(0xfc);
    expect(encode(Infinity, 'e4m3', 'saturate')).toBe(0x7e);
    expect(encode(NaN, 'e4m3', 'saturate')).toBe(0x7f);
  });
  it('ties to even', () => {
    expect(encode(1.0625, 'e4m3')).toBe(0x38); // 1 + 1/16 halfway between 1 and 1.125 → 1 (even)
    expect(encode(1.1875, 'e4m3')).toBe(0x3a); // halfway between 1.125 and 1.25 → 1.25 (even)
    expect(encode(1.125, 'e5m2')).toBe(0x3c); // halfway between 1 and 1.25 → 1
    expect(encode(1.375, 'e5m2')).toBe(0x3e); // halfway between 1.25 and 1.5 → 1.5
    expect(encode(0.96875, 'e4m3')).toBe(0x38); // 0.9375 … 1: tie, mantissa carry into exponent
  });
  it('subnormals and underflow', () => {
    expect(decode(0x01, 'e4m3')).toBe(2 ** -9);
    expect(decode(0x07, 'e4m3')).toBe(0.875 * 2 ** -6);
    expect(decode(0x01, 'e5m2')).toBe(2 ** -16);
    expect(encode(2 ** -10, 'e4m3')).toBe(0x00); // tie with 0 → 0
    expect(encode(Math.fround(2 ** -10 * 1.0000001), 'e4m3')).toBe(0x01);
    expect(encode(3 * 2 ** -10, 'e4m3')).toBe(0x02); // 1.5 steps → 2 (even)
    expect(encode(2 ** -17, 'e5m2')).toBe(0x00);
    expect(encode(-0, 'e4m3')).toBe(0x80);
    expect(encode(0.015, 'e4m3')).toBe(0x08); // rounds up onto the min-normal code
    expect(classifyCode(0x03, 'e4m3')).toBe('subnormal');
    expect(classifyCode(0x7f, 'e4m3')).toBe('nan');
    expect(classifyCode(0xfc, 'e5m2')).toBe('inf');
  });
});

describe('properties', () => {
  const finiteF32 = fc.float({ noNaN: true, noDefaultInfinity: true });
  for (const fmt of ['e4m3', 'e5m2'] as const) {
    const max = formatSpec(fmt).max;
    it(`${fmt}: round trip error ≤ half an ulp in range`, () => {
      fc.assert(
        fc.property(fc.float({ min: Math.fround(-max), max: Math.fround(max), noNaN: true }), (x) => {
          const v = decode(encode(x, fmt), fmt);
          return Math.abs(v - x) <= ulpAt(Math.abs(x), fmt) / 2;
        }),
        { numRuns: 5000 },
      );
    });
    it(`${fmt}: decode(encode(x)) is monotone`, () => {
      fc.assert(
        fc.property(finiteF32, finiteF32, (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          return decode(encode(lo, fmt), fmt) <= decode(encode(hi, fmt), fmt);
        }),
        { numRuns: 5000 },
      );
    });
    it(`${fmt}: saturating never gives NaN or Inf for finite input`, () => {
      fc.assert(
        fc.property(finiteF32, (x) => Number.isFinite(decode(encode(x, fmt, 'saturate'), fmt))),
        { numRuns: 5000 },
      );
    });
    it(`${fmt}: every finite code encodes back to itself`, () => {
      for (let c = 0; c < 256; c++) {
        const v = decode(c, fmt);
        if (Number.isFinite(v)) expect(encode(v, fmt, 'nonsaturate')).toBe(c);
      }
    });
  }
});
