/** Bytes, bandwidth and SM split (docs/overlap.md §4-5); expected numbers are worked out by hand here. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MoeShape } from './commModel.ts';
import {
  combineBytes,
  commDurationUs,
  computeDurationUs,
  dispatchBytes,
  linkBandwidth,
  modelFromPieces,
  piecesAt,
  ppSendBytes,
  validateSplit,
  withHardware,
  withLayers,
} from './commModel.ts';
import { OverlapInputError } from './errors.ts';
import { parsePiecesJson, validatePieces } from './pieces.ts';
import { DEEPSEEK_V3_SHAPE, H800, H800_TRACE_LAYERS, getPreset } from './presets.ts';

describe('bandwidth grows with comm SMs up to the link', () => {
  it('bw(s) = min(link, s·link/20)', () => {
    expect(linkBandwidth(50, 10, 20)).toBe(25);
    expect(linkBandwidth(50, 20, 20)).toBe(50);
    expect(linkBandwidth(50, 64, 20)).toBe(50);
    expect(linkBandwidth(160, 4, 20)).toBe(32);
  });

  it('transfer time = bytes / bw + latency, the slower link wins, no bytes = no time', () => {
    const hw = { ...H800 }; // IB 50 GB/s = 50,000 B/µs; NVLink 160 GB/s
    expect(commDurationUs({ ib: 50e6, nvlink: 0 }, hw, 20, 0)).toBe(1000);
    expect(commDurationUs({ ib: 50e6, nvlink: 0 }, hw, 10, 0)).toBe(2000);
    expect(commDurationUs({ ib: 50e6, nvlink: 0 }, hw, 100, 7)).toBe(1007);
    expect(commDurationUs({ ib: 50e6, nvlink: 320e6 }, hw, 20, 0)).toBe(2000); // NVLink 320 MB / 160 GB/s
    expect(commDurationUs({ ib: 0, nvlink: 0 }, hw, 20, 50)).toBe(0);
  });

  it('compute slows as N/(N−s)', () => {
    expect(computeDurationUs(100, 132, 132, 66)).toBe(200);
    expect(computeDurationUs(112, 112, 132, 20)).toBe(112);
    expect(computeDurationUs(112, 112, 132, 76)).toBe(224);
    expect(computeDurationUs(112, 112, 264, 40)).toBe(56); // a GPU with twice the SMs
  });
});

describe('bytes of DeepSeek-V3 all-to-all (T=4096, h=7168, k=8, ≤4 nodes)', () => {
  it('dispatch is FP8 with a fp32 scale per 128 values, combine is BF16', () => {
    const values = 4096 * 8 * 7168; // 234,881,024 token-expert values
    const ibValues = 4096 * 4 * 7168; // one IB copy per target node
    expect(dispatchBytes(DEEPSEEK_V3_SHAPE)).toEqual({ ib: ibValues * 1.03125, nvlink: values * 1.03125 });
    expect(combineBytes(DEEPSEEK_V3_SHAPE)).toEqual({ ib: ibValues * 2, nvlink: values * 2 });
    expect(ppSendBytes(DEEPSEEK_V3_SHAPE)).toEqual({ ib: 4096 * 7168 * 2, nvlink: 0 });
  });

  it('the derived H800 dispatch is IB-bound: 121.1 MB / 50 GB/s = 2422 µs at 20 SMs', () => {
    const p = piecesAt(getPreset('deepseek-v3-h800-derived').model, 20);
    expect(p.layers[0]['dispatch(F)']).toBeCloseTo(121_110_528 / 50_000, 6);
    expect(p.layers[0]['combine(B)']).toBeCloseTo(234_881_024 / 50_000, 6);
    expect(p.pp['send(F)']).toBeCloseTo(58_720_256 / 50_000, 6);
    // Half the SMs → half the bandwidth → twice the time.
    expect(piecesAt(getPreset('deepseek-v3-h800-derived').model, 10).layers[0]['dispatch(F)']).toBeCloseTo((2 * 121_110_528) / 50_000, 6);
  });

  it('a single-node EP group sends nothing over IB', () => {
    const ep8: MoeShape = { ...DEEPSEEK_V3_SHAPE, expertParallel: 8 };
    expect(dispatchBytes(ep8).ib).toBe(0);
    expect(dispatchBytes(ep8).nvlink).toBe(4096 * 8 * 7168 * 1.03125);
  });
});

describe('measured durations as a model', () => {
  const pieces = { layers: H800_TRACE_LAYERS.map((l) => ({ ...l })), pp: { 'send(F)': 1000, 'send(B)': 900 } };

  it('gives back the durations exactly at the split they were measured at', () => {
    expect(piecesAt(modelFromPieces(pieces, H800, 20), 20)).toEqual(pieces);
  });

  it('rescales: compute ×112/(132−s), comm ×20/s below saturation', () => {
    const at4 = piecesAt(modelFromPieces(pieces, H800, 20), 4);
    expect(at4.layers[1]['attn(B)']).toBeCloseTo((9646 * 112) / 128, 9);
    expect(at4.layers[1]['combine(F)']).toBeCloseTo(8262 * 5, 6);
    expect(at4.pp['send(B)']).toBeCloseTo(4500, 6);
  });

  it('other layer counts repeat the mean layer', () => {
    const m = modelFromPieces(pieces, H800, 20);
    expect(withLayers(m, 4)).toBe(m);
    const two = piecesAt(withLayers(m, 2), 20);
    expect(two.layers).toHaveLength(2);
    expect(two.layers[1]['attn(F)']).toBeCloseTo((4833 + 4393 + 4567 + 4602) / 4, 9);
  });
});

describe('bad input is rejected with a specific message', () => {
  const reject = (f: () => unknown, msg: RegExp) => {
    expect(f).toThrow(OverlapInputError);
    expect(f).toThrow(msg);
  };

  it('SM split', () => {
    reject(() => validateSplit(H800, 132), /less than the GPU's 132 SMs; got 132/);
    reject(() => validateSplit(H800, 200), /less than the GPU's 132 SMs/);
    reject(() => validateSplit(H800, 0), /at least 1/);
    reject(() => validateSplit(H800, 2.5), /integer/);
    reject(() => piecesAt(getPreset('deepseek-v3-h800-measured').model, 132), /less than the GPU's 132 SMs/);
  });

  it('bandwidths and SM counts', () => {
    const m = getPreset('deepseek-v3-h800-derived').model;
    reject(() => withHardware(m, { ibGBps: -5 }), /IB bandwidth \(GB\/s\) must be positive; got -5/);
    reject(() => withHardware(m, { nvlinkGBps: 0 }), /NVLink bandwidth \(GB\/s\) must be positive/);
    reject(() => withHardware(m, { nvlinkGBps: Number.NaN }), /NVLink bandwidth \(GB\/s\) must be a finite number/);
    reject(() => withHardware(m, { sms: 1 }), /integer number of SMs from 2 to 4096; got 1/);
    reject(() => withHardware(m, { sms: 1e9 }), /from 2 to 4096; got 1000000000/);
    reject(() => withLayers(m, 0), /layers per stage must be an integer from 1/);
  });

  it('pieces files', () => {
    reject(() => parsePiecesJson(''), /pieces file is empty/);
    reject(() => parsePiecesJson('{"layers": [ {'), /not valid JSON/);
    reject(() => parsePiecesJson('[]'), /JSON object with a "layers" array/);
    reject(() => parsePiecesJson('{"layers": []}'), /"layers" is empty/);
    reject(() => parsePiecesJson('{"layer": []}'), /unknown field "layer"/);
    const one = { ...H800_TRACE_LAYERS[0] } as Record<string, unknown>;
    reject(() => validatePieces({ layers: [{ ...one, 'attn(F)': -1 }] }), /layers\[0\]\["attn\(F\)"\] must not be negative; got -1/);
    reject(() => validatePieces({ layers: [{ ...one, 'mlp(B)': '5' }] }), /layers\[0\]\["mlp\(B\)"\] must be a finite number/);
    const missing = { ...one };
    delete missing['combine(B)'];
    reject(() => validatePieces({ layers: [one, missing] }), /layers\[1\] is missing "combine\(B\)"/);
    reject(() => validatePieces({ layers: [{ ...one, 'attn(X)': 1 }] }), /unknown piece "attn\(X\)"/);
    reject(() => validatePieces({ layers: [one], pp: 'x' }), /"pp" must be a number/);
    expect(validatePieces({ layers: [one], pp: 5 }).pp).toEqual({ 'send(F)': 5, 'send(B)': 5 });
  });
});

describe('nothing crashes on arbitrary input', () => {
  const onlyInputErrors = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(OverlapInputError);
    }
  };

  it('pieces files: any text, any JSON value, any object with layers', () => {
    fc.assert(fc.property(fc.string(), (t) => onlyInputErrors(() => parsePiecesJson(t))));
    fc.assert(fc.property(fc.jsonValue(), (v) => onlyInputErrors(() => validatePieces(v))));
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.constantFrom('attn(F)', 'mlp(B)', 'combine(F)', 'x'), fc.anything())),
        fc.anything(),
        (layers, pp) => onlyInputErrors(() => validatePieces({ layers, pp })),
      ),
    );
  });

  it('hardware numbers and splits', () => {
    const m = getPreset('deepseek-v3-h800-derived').model;
    const num = fc.oneof(fc.double(), fc.integer({ min: -300, max: 300 }));
    fc.assert(
      fc.property(num, num, num, num, fc.integer({ min: -5, max: 400 }), (sms, nvl, ib, sat, s) =>
        onlyInputErrors(() => piecesAt(withHardware(m, { sms, nvlinkGBps: nvl, ibGBps: ib, saturationSms: sat }), s)),
      ),
    );
  });
});
