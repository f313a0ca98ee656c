/**
 * Detailed cost mode on whole schedules (docs/overlap.md §3, §6): costs from pieces, pieces carried by
 * the timeline, and exact reduction to the plain engine when there is no communication.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveCosts } from '../costs.ts';
import { ScheduleError } from '../errors.ts';
import { buildSchedule } from '../schedules/index.ts';
import { simulate } from '../simulate.ts';
import type { ScheduleParams } from '../types.ts';
import { replayPair } from './chunk.ts';
import { modelFromPieces, piecesAt, withHardware, withoutComm } from './commModel.ts';
import { detailedCosts, detailedTimeline } from './detailed.ts';
import { OverlapInputError } from './errors.ts';
import type { LayerPieces } from './pieces.ts';
import { LAYER_PIECES } from './pieces.ts';
import { H800, H800_TRACE_LAYERS, getPreset } from './presets.ts';
import { sweepSchedule } from './sweep.ts';

const SCHEDULES: ScheduleParams[] = [
  { schedule: 'gpipe', ranks: 4, microbatches: 8 },
  { schedule: '1f1b', ranks: 4, microbatches: 8 },
  { schedule: 'interleaved-1f1b', ranks: 4, microbatches: 8, stagesPerRank: 2 },
  { schedule: 'zb-h1', ranks: 4, microbatches: 8 },
  { schedule: 'zb-v', ranks: 4, microbatches: 8 },
  { schedule: 'dualpipe', ranks: 4, microbatches: 8 },
  { schedule: 'dualpipev', ranks: 4, microbatches: 8 },
];

/** Plain costs a user would type: sums of compute pieces, ×2 because s = 76 halves the SMs (112 → 56). */
function plainCosts(layers: readonly LayerPieces[]) {
  const s = (names: (keyof LayerPieces)[]) => 2 * layers.reduce((a, l) => a + names.reduce((b, n) => b + l[n], 0), 0);
  return resolveCosts({ F: s(['attn(F)', 'mlp(F)']), I: s(['mlp(B)', 'attn(B)']), W: s(['mlp(W)', 'attn(W)']) });
}

describe('with communication at zero the detailed mode is the plain engine', () => {
  const model = withoutComm(
    modelFromPieces({ layers: H800_TRACE_LAYERS.map((l) => ({ ...l })), pp: { 'send(F)': 0, 'send(B)': 0 } }, H800, 20),
  );

  it.each(SCHEDULES)('$schedule: same costs, same timeline', (params) => {
    const plain = plainCosts(H800_TRACE_LAYERS);
    const detailed = detailedTimeline(params, model, 76);
    expect(detailed.costs).toEqual(plain);
    const reference = simulate(buildSchedule(params, plain), plain);
    expect(detailed.ops).toEqual(reference.ops);
    expect(detailed.rankMetrics.every((m) => m.exposedComm === 0 && m.commBusy === 0 && m.ppBusy === 0)).toBe(true);
  });

  it('for arbitrary compute pieces (DualPipe p4 m8)', () => {
    const intLayer = fc.record(
      Object.fromEntries(LAYER_PIECES.map((p) => [p, fc.integer({ min: 0, max: 100000 })])) as Record<
        keyof LayerPieces,
        fc.Arbitrary<number>
      >,
    );
    fc.assert(
      fc.property(fc.array(intLayer, { minLength: 1, maxLength: 6 }), (layers) => {
        const plain = plainCosts(layers);
        fc.pre(plain.F + plain.B > 0);
        const m = withoutComm(modelFromPieces({ layers, pp: { 'send(F)': 0, 'send(B)': 0 } }, H800, 20));
        const detailed = detailedTimeline(SCHEDULES[5], m, 76);
        expect(detailed.ops).toEqual(simulate(buildSchedule(SCHEDULES[5], plain), plain).ops);
      }),
      { numRuns: 40 },
    );
  });
});

describe('detailed DualPipe at the measured H800 preset', () => {
  const model = getPreset('deepseek-v3-h800-measured').model;
  const params: ScheduleParams = { schedule: 'dualpipe', ranks: 4, microbatches: 8 };
  const t = detailedTimeline(params, model, 20);

  it('op costs are the chunk spans; comm is the PP send 58.7 MB / 50 GB/s', () => {
    expect(t.costs.FB).toBe(replayPair(piecesAt(model, 20), { pp: false }).span);
    expect(t.costs.comm).toBeCloseTo((4096 * 7168 * 2) / 50_000, 9);
    expect(t.costs.FB).toBeLessThan(t.costs.F + t.costs.B);
  });

  it('carries every op’s pieces per stream inside the op, in order on each stream', () => {
    t.ops.forEach((ops, r) => {
      const lanes = t.pieces[r];
      for (const lane of [lanes.compute, lanes.comm]) {
        for (let k = 0; k < lane.length; k++) {
          const op = ops[lane[k].op];
          expect(lane[k].start).toBeGreaterThanOrEqual(op.start - 1e-9);
          expect(lane[k].end).toBeLessThanOrEqual(op.end + 1e-9);
          if (k > 0) expect(lane[k].start).toBeGreaterThanOrEqual(lane[k - 1].end - 1e-9);
        }
      }
      // Every op has 6 or fewer compute pieces per layer and the FB op has all 10 per layer.
      const fbIndex = ops.findIndex((o) => o.op.kind === 'FB');
      if (fbIndex >= 0) {
        expect(lanes.compute.filter((p) => p.op === fbIndex)).toHaveLength(24);
        expect(lanes.comm.filter((p) => p.op === fbIndex)).toHaveLength(16);
      }
    });
  });

  it('draws one PP send per cross-rank output: rank 0 of DualPipe p4 sends its F0s and B1s down, F1 and B0 outputs leave the pipeline', () => {
    // Rank 0 holds stage 0 (direction 0: F goes to rank 1, B is the first stage) and stage 7
    // (direction 1's last stage: F ends there, B goes to stage 6 on rank 1).
    const ops = t.ops[0];
    const expected = ops.reduce((n, o) => {
      const op = o.op;
      if (op.kind === 'FB') return n + (op.forward.stage === 0 ? 1 : 0) + (op.backward.stage === 7 ? 1 : 0);
      if (op.kind === 'F') return n + (op.stage === 0 ? 1 : 0);
      if (op.kind === 'B' || op.kind === 'I') return n + (op.stage === 7 ? 1 : 0);
      return n;
    }, 0);
    expect(t.pieces[0].pp).toHaveLength(expected);
    expect(expected).toBe(8); // 4 micro-batches per direction: 4 F0 outputs + 4 B1 gradients
  });

  it('per-rank metrics add up the op chunks', () => {
    const d = detailedCosts(model, 20);
    t.ops.forEach((ops, r) => {
      const expectBusy = ops.reduce((a, o) => a + d.chunks[o.op.kind].computeBusy, 0);
      expect(t.rankMetrics[r].computeBusy).toBeCloseTo(expectBusy, 6);
      expect(t.rankMetrics[r].exposedComm).toBeGreaterThan(0);
      const span = ops[ops.length - 1].end - ops[0].start;
      expect(t.rankMetrics[r].computeIdle).toBeCloseTo(span - expectBusy, 6);
    });
    expect(t.makespan).toBe(Math.max(...t.ops.flatMap((ops) => ops.map((o) => o.end))));
  });

  it('the SM split and the bandwidth move the whole timeline', () => {
    const at = (m: typeof model, s: number) => detailedTimeline(params, m, s).makespan;
    expect(at(model, 8)).toBeGreaterThan(t.makespan);
    expect(at(withHardware(model, { ibGBps: 25 }), 20)).toBeGreaterThan(t.makespan);
  });

  it('the schedule sweep has an interior optimum', () => {
    const sweep = sweepSchedule(buildSchedule(params), model);
    expect(sweep.bestCommSms).toBeGreaterThan(1);
    expect(sweep.bestCommSms).toBeLessThan(131);
    expect(sweep.bestSpan).toBeLessThan(sweep.points[0].span);
    expect(sweep.bestSpan).toBeLessThan(sweep.points[130].span);
  });

  it('rejects bad splits and bad schedules with their own errors', () => {
    expect(() => detailedTimeline(params, model, 132)).toThrow(OverlapInputError);
    expect(() => detailedTimeline({ schedule: 'dualpipe', ranks: 3, microbatches: 8 }, model, 20)).toThrow(ScheduleError);
  });
});
