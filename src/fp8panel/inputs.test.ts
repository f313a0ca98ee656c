import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROMOTIONS } from '../fp8/index.ts';
import { ACCUM_DISTS } from './accum.ts';
import {
  ACCUM_OUTPUTS,
  DEFAULT_FP8,
  checkField,
  decodeFp8Url,
  encodeFp8Url,
  evaluateDrafts,
  draftsOf,
  methodsOf,
  type Fp8Inputs,
} from './inputs.ts';

describe('fp8 URL keys', () => {
  it('defaults encode to nothing and decode without warnings', () => {
    expect(encodeFp8Url(DEFAULT_FP8)).toBe('');
    expect(decodeFp8Url('')).toEqual({ inputs: DEFAULT_FP8, warnings: [] });
  });

  it('round-trips any valid inputs (property)', () => {
    const inputs = fc.record({
      source: fc.constantFrom('gauss', 'outliers', 'student', 'lognormal' as const),
      shape: fc.tuple(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 4096 })),
      seed: fc.nat(),
      channels: fc.nat(1),
      magnitude: fc.constantFrom(1, 20, 100.5),
      nu: fc.constantFrom(0.5, 3, 30),
      sigma: fc.constantFrom(0.5, 3),
      fileFormat: fc.constant('npy' as const),
      format: fc.constantFrom('e4m3', 'e5m2' as const),
      overflow: fc.constantFrom('saturate', 'nonsaturate' as const),
      requant: fc.constantFrom('off', 'fp32', 'ue8m0' as const),
      accDist: fc.constantFrom(...ACCUM_DISTS),
      promote: fc.constantFrom(...PROMOTIONS),
      accOutputs: fc.constantFrom(...ACCUM_OUTPUTS),
      pickMethods: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    });
    fc.assert(
      fc.property(inputs, ({ pickMethods, ...rest }) => {
        const all = methodsOf(rest.format);
        const methods = all.filter((_, k) => pickMethods[k]);
        const i: Fp8Inputs = { ...rest, shape: rest.shape as [number, number], methods: methods.length ? methods : [all[0]!] };
        const d = decodeFp8Url(`?schedule=dualpipe&${encodeFp8Url(i)}`);
        expect(d.warnings).toEqual([]);
        expect(d.inputs).toEqual(i);
      }),
      { numRuns: 300 },
    );
  });

  it('bad values fall back with a warning naming the key and the reason', () => {
    const d = decodeFp8Url('?fp8shape=100000x100000&fp8src=cauchy&fp8m=per_tensor_e4m3,mx32_e5m2_floor,evil&fp8nc=100&fp8seed=-1&fp8zzz=1');
    expect(d.inputs.shape).toEqual(DEFAULT_FP8.shape);
    expect(d.inputs.methods).toEqual(['per_tensor_e4m3']);
    expect(d.warnings).toEqual([
      'fp8src="cauchy" is not one of gauss, outliers, student, lognormal; using the default',
      'fp8nc="100" is not one of never, 32, 64, 128, 256; using the default',
      expect.stringMatching(
        /^fp8shape="100000x100000": The shape 100000x100000 has 1\.00e10 elements, more than the panel's limit .*; using the default 1024x1024$/,
      ),
      'fp8seed="-1": The seed must be between 0 and 4294967295; using the default 1',
      'fp8m: "mx32_e5m2_floor", "evil" are not E4M3 methods; ignored',
      'unknown parameter "fp8zzz" ignored',
    ]);
  });
});

describe('field checks', () => {
  it.each([
    ['shape', '0x0', /0x0 has no elements/],
    ['shape', '100000x100000', /limit/],
    ['seed', '1.5', /whole number/],
    ['channels', '300', /at most the number of columns \(256\)/],
    ['magnitude', 'abc', /"abc" is not a number/],
    ['nu', '0', /between 0.5 and 1000/],
    ['sigma', '', /needs a value/],
  ] as const)('%s = %s', (key, raw, message) => {
    const r = checkField(key, raw, 256);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('evaluateDrafts keeps the last valid value of an invalid field and reports it', () => {
    const drafts = { ...draftsOf(DEFAULT_FP8), shape: '64x32', channels: '40', seed: 'x' };
    const { inputs, errors } = evaluateDrafts(drafts, DEFAULT_FP8);
    expect(inputs.shape).toEqual([64, 32]);
    expect(inputs.seed).toBe(DEFAULT_FP8.seed);
    expect(Object.keys(errors).sort()).toEqual(['channels', 'seed']);
  });
});
