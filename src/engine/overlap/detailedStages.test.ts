/**
 * The detailed mode with per-stage costs (detailed.ts, docs/overlap.md §6): each stage's pieces
 * scaled by its factor; lone chunks scale exactly, FB pairs of two differently scaled stages are
 * replayed per stage pair — DualPipe's and Megatron's combined 1F1B (EP overlap) alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTimeline } from '../invariants.ts';
import { buildSchedule, scheduleTopology } from '../schedules/index.ts';
import type { Op, ScheduleParams } from '../types.ts';
import { runChunk } from './chunk.ts';
import { chunkOf, detailedCosts, detailedTimeline, withPairCosts } from './detailed.ts';
import { LAYER_PIECES, phaseOf } from './pieces.ts';
import { getPreset } from './presets.ts';

const model = getPreset('deepseek-v3-h800-measured').model;
const DP: ScheduleParams = { schedule: 'dualpipe', ranks: 4, microbatches: 8 };
const MEGATRON: ScheduleParams = { schedule: 'interleaved-1f1b-megatron', ranks: 4, microbatches: 8, stagesPerRank: 2, epOverlap: true };

describe('per-stage scales in the detailed mode', () => {
  it('scale 1 everywhere is the scalar mode', () => {
    const plain = detailedTimeline(DP, model, 20);
    const ones = detailedTimeline(DP, model, 20, new Array(8).fill(1));
    expect(ones.ops).toEqual(plain.ops);
    expect(ones.costs.perStage).toBeUndefined();
  });

  it('a uniform scale k multiplies every op and piece duration by k', () => {
    const plain = detailedTimeline(DP, model, 20);
    const half = detailedTimeline(DP, model, 20, new Array(8).fill(0.5));
    half.ops.forEach((ops, r) =>
      ops.forEach((o, i) => expect(o.end - o.start).toBeCloseTo(0.5 * (plain.ops[r][i].end - plain.ops[r][i].start), 6)),
    );
    expect(half.rankMetrics[0].computeBusy).toBeCloseTo(0.5 * plain.rankMetrics[0].computeBusy, 4);
  });

  it('an FB of two stages of different scale is its pair replayed with each half scaled', () => {
    const scale = [1, 1.5, 0.75, 2, 1, 1.25, 0.5, 1];
    const t = detailedTimeline(DP, model, 20, scale);
    expect(checkTimeline(t)).toEqual([]);
    const d = detailedCosts(model, 20, scale);
    const fb = t.ops.flat().find((o) => o.op.kind === 'FB')!;
    const op = fb.op as Extract<Op, { kind: 'FB' }>;
    const pieces = {
      layers: d.pieces.layers.map(
        (l) =>
          Object.fromEntries(
            LAYER_PIECES.map((p) => [p, l[p] * scale[phaseOf(p) === 'F' ? op.forward.stage : op.backward.stage]!]),
          ) as typeof l,
      ),
      pp: d.pieces.pp,
    };
    expect(fb.end - fb.start).toBeCloseTo(runChunk('FB', pieces, { pp: false }).span, 6);
    // lone chunks: the base span times the stage's scale
    const f = t.ops.flat().find((o) => o.op.kind === 'F')!;
    expect(f.end - f.start).toBeCloseTo(d.chunks.F.span * scale[(f.op as { stage: number }).stage]!, 6);
    // pieces stay inside their op on every stream
    t.ops.forEach((ops, r) => {
      for (const lane of [t.pieces[r].compute, t.pieces[r].comm])
        for (const p of lane) {
          expect(p.start).toBeGreaterThanOrEqual(ops[p.op].start - 1e-6);
          expect(p.end).toBeLessThanOrEqual(ops[p.op].end + 1e-6);
        }
    });
  });

  it("Megatron's combined-1F1B pairs are costed by the overlap model (scalar and per stage)", () => {
    const plain = detailedTimeline(MEGATRON, model, 20);
    const fbs = plain.ops.flat().filter((o) => o.op.kind === 'FB');
    expect(fbs.length).toBeGreaterThan(0);
    for (const o of fbs) expect(o.end - o.start).toBeCloseTo(plain.detail.chunks.FB.span, 6);
    expect(plain.detail.chunks.FB.span).toBeLessThan(plain.costs.F + plain.costs.B);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 8, maxLength: 8 }), (raw) => {
        const scale = raw.map((x) => x / 4);
        const d = detailedCosts(model, 20, scale);
        const schedule = buildSchedule(MEGATRON, d.costs);
        const costs = withPairCosts(d, schedule);
        const t = detailedTimeline(schedule, model, 20, scale);
        expect(checkTimeline(t)).toEqual([]);
        for (const o of t.ops.flat()) expect(o.end - o.start).toBeCloseTo(chunkOf(d, o.op).span, 6);
        expect(t.costs.perStage?.F).toEqual(costs.perStage?.F);
      }),
      { numRuns: 8 },
    );
  });

  it('rejects a scale that is not a positive number', () => {
    expect(() => detailedCosts(model, 20, [1, 0, 1, 1])).toThrow(/stage 1/);
    expect(scheduleTopology(DP).numStages).toBe(8);
  });
});
