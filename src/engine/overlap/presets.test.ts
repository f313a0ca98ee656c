/**
 * Acceptance at the DeepSeek presets (docs/overlap.md §4, §6): hidden at 20 SMs, exposed at 4, an
 * interior SM optimum, F&B < F + B. Bounds are derived here from the piece sums, not read back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replayPair, runChunk } from './chunk.ts';
import { piecesAt, withHardware } from './commModel.ts';
import type { ChunkPieces } from './pieces.ts';
import { COMM_PIECES, COMPUTE_PIECES } from './pieces.ts';
import { H100, H200, H800, H800_TRACE_LAYERS, PRESETS, getPreset } from './presets.ts';
import { sweepPair } from './sweep.ts';

const sum = (p: ChunkPieces, names: readonly string[]) =>
  p.layers.reduce((a, l) => a + names.reduce((b, n) => b + l[n as keyof typeof l], 0), 0);
const traceCompute = H800_TRACE_LAYERS.reduce((a, l) => a + COMPUTE_PIECES.reduce((b, n) => b + l[n], 0), 0);
const traceComm = H800_TRACE_LAYERS.reduce((a, l) => a + COMM_PIECES.reduce((b, n) => b + l[n], 0), 0);

describe.each(['deepseek-v3-h800-measured', 'deepseek-v3-h800-derived'])('%s', (id) => {
  const model = getPreset(id).model;

  it('hides communication at 20 SMs: exposed comm under 2% of the pair', () => {
    const pair = replayPair(piecesAt(model, 20));
    expect(pair.computeBusy).toBe(traceCompute); // compute pieces are the trace's at s = 20
    expect(pair.exposedComm / pair.span).toBeLessThan(0.02);
  });

  it('exposes communication at 4 SMs', () => {
    const p4 = piecesAt(model, 4);
    const pair = replayPair(p4);
    // The comm stream alone needs Σcomm; compute is busy only Σcompute of that time.
    const commAlone = sum(p4, COMM_PIECES);
    const compute = (traceCompute * 112) / 128;
    expect(pair.computeBusy).toBeCloseTo(compute, 6);
    expect(pair.exposedComm).toBeGreaterThanOrEqual(commAlone - compute - 1e-6);
    expect(pair.exposedComm / pair.span).toBeGreaterThan(0.3);
  });

  it('has an interior SM optimum, no higher than the 20 SMs that saturate the links', () => {
    const sweep = sweepPair(model);
    expect(sweep.points.map((p) => p.commSms)).toEqual(Array.from({ length: 131 }, (_, i) => i + 1));
    expect(sweep.bestCommSms).toBeGreaterThan(1);
    // Above 20 SMs communication cannot speed up while compute slows, so the span cannot drop.
    expect(sweep.bestCommSms).toBeLessThanOrEqual(20);
    expect(sweep.bestSpan).toBeLessThan(sweep.points[0].span);
    expect(sweep.bestSpan).toBeLessThan(sweep.points[130].span);
    for (let s = 21; s < 131; s++) expect(sweep.points[s].span).toBeGreaterThanOrEqual(sweep.points[s - 1].span);
  });

  it('F&B is shorter than F + B run apart', () => {
    const p = piecesAt(model, 20);
    const fb = replayPair(p, { pp: false }).span;
    const f = runChunk('F', p, { pp: false }).span;
    const b = runChunk('B', p, { pp: false }).span;
    expect(fb).toBeLessThan(f + b);
    // A lone F exposes all its communication: it is at least its compute plus its comm.
    expect(f).toBeCloseTo(sum(p, ['attn(F)', 'mlp(F)', 'dispatch(F)', 'combine(F)']), 6);
  });
});

describe('measured preset numbers', () => {
  it('is the trace at 20 SMs, and all comm scales 5× at 4 SMs', () => {
    const m = getPreset('deepseek-v3-h800-measured').model;
    expect(piecesAt(m, 20).layers).toEqual(H800_TRACE_LAYERS);
    expect(sum(piecesAt(m, 4), COMM_PIECES)).toBeCloseTo(5 * traceComm, 6);
  });
});

describe('F&B < F + B whenever communication is a significant share', () => {
  it('holds over bandwidths and SM splits (comm ≥ 10% of the work)', () => {
    const base = getPreset('deepseek-v3-h800-derived').model;
    fc.assert(
      fc.property(
        fc.double({ min: 2, max: 400, noNaN: true }),
        fc.double({ min: 10, max: 900, noNaN: true }),
        fc.integer({ min: 1, max: 131 }),
        (ib, nvl, s) => {
          const p = piecesAt(withHardware(base, { ibGBps: ib, nvlinkGBps: nvl }), s);
          const comm = sum(p, COMM_PIECES);
          const compute = sum(p, COMPUTE_PIECES);
          fc.pre(comm >= 0.1 * (comm + compute));
          expect(replayPair(p, { pp: false }).span).toBeLessThan(
            runChunk('F', p, { pp: false }).span + runChunk('B', p, { pp: false }).span,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('preset catalogue', () => {
  it('states its bandwidths and sources', () => {
    expect(PRESETS.map((p) => p.label)).toEqual([
      'DeepSeek-V3 on H800 (measured)',
      'DeepSeek-V3 on H800 (derived)',
      'DeepSeek-V3 on H100 (derived)',
      'DeepSeek-V3 on H200 (derived)',
    ]);
    expect([H800.nvlinkGBps, H800.ibGBps, H800.sms]).toEqual([160, 50, 132]);
    expect([H100.nvlinkGBps, H100.ibGBps]).toEqual([360, 50]); // 900/2 GB/s per direction × 160/200
    expect([H200.nvlinkGBps, H200.ibGBps]).toEqual([360, 50]);
    for (const p of PRESETS) {
      expect(p.sources.length).toBeGreaterThan(1);
      expect(p.model.hardware.sms).toBe(132);
    }
    expect(() => getPreset('a100')).toThrow(/unknown preset "a100"; expected one of deepseek-v3-h800-measured/);
  });

  it('changing the bandwidth or the split changes the pair', () => {
    const m = getPreset('deepseek-v3-h800-derived').model;
    const at = (ib: number, s: number) => replayPair(piecesAt(withHardware(m, { ibGBps: ib }), s)).span;
    expect(at(10, 20)).toBeGreaterThan(at(50, 20));
    expect(at(50, 60)).toBeGreaterThan(at(50, 20));
  });
});
