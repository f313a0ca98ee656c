/**
 * The cost basis (costBasis.ts, docs/schedules.md §1.5): at the same share of the model the
 * schedules run the same model, so ZB-V beats 1F1B and DualPipeV is close to DualPipe, each
 * bubble equal to its closed form with the converted chunk costs; per-share lists map onto stages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closedFormBubble } from './closedForm.ts';
import { opShare, resolveBasisCosts, shareOf, shareToStageFile, stageShare } from './costBasis.ts';
import { computeMetrics } from './metrics.ts';
import { buildSchedule, scheduleTopology } from './schedules/index.ts';
import { simulate } from './simulate.ts';
import type { ScheduleParams } from './types.ts';

function run(p: ScheduleParams, file = { F: 1, I: 1, W: 1 }, basis: 'share' | 'stage' = 'share') {
  const topo = scheduleTopology(p);
  const costs = resolveBasisCosts(file, topo, basis, p.seqSplits ?? 1);
  const t = simulate(buildSchedule(p, costs), costs);
  return { costs, metrics: computeMetrics(t), closed: closedFormBubble(p.schedule, p.ranks, p.microbatches, costs) };
}

describe('share basis: the same model on the same ranks', () => {
  it('P=8 M=20 F=I=W: ZB-V below 1F1B, DualPipeV close to DualPipe, bubbles = closed forms', () => {
    const oneF = run({ schedule: '1f1b', ranks: 8, microbatches: 20 });
    const zbv = run({ schedule: 'zb-v', ranks: 8, microbatches: 20 });
    const dp = run({ schedule: 'dualpipe', ranks: 8, microbatches: 20 });
    const dpv = run({ schedule: 'dualpipev', ranks: 8, microbatches: 20 });
    expect(oneF.metrics.makespan).toBe(81);
    expect(zbv.metrics.makespan).toBeLessThan(oneF.metrics.makespan);
    // V chunks are half a share: F = I = W = 0.5, B = 1, F&B = 1.5
    expect([zbv.costs.F, zbv.costs.B, dpv.costs.FB]).toEqual([0.5, 1, 1.5]);
    expect([dp.costs.F, dp.costs.FB]).toEqual([1, 3]);
    for (const r of [oneF, zbv, dp, dpv]) expect(Math.max(...r.metrics.bubble)).toBeCloseTo(r.closed!.value, 9);
    expect(dpv.closed!.value).toBe(7); // (2P/2 − 1)(1.5 + 1 − 1.5)
    expect(dp.closed!.value).toBe(6); // (P/2 − 1)(3 + 2 − 3)
    expect(Math.abs(dpv.metrics.makespan - dp.metrics.makespan) / dp.metrics.makespan).toBeLessThan(0.1);
    // the per-stage basis runs twice the model on a V
    expect(run({ schedule: 'zb-v', ranks: 8, microbatches: 20 }, { F: 1, I: 1, W: 1 }, 'stage').metrics.makespan).toBeGreaterThan(
      oneF.metrics.makespan,
    );
  });

  it('activations count A of a share: ZB-V holds what 1F1B rank 0 holds, parameters alike', () => {
    const zbv = run({ schedule: 'zb-v', ranks: 6, microbatches: 20 });
    const oneF = run({ schedule: '1f1b', ranks: 6, microbatches: 20 });
    expect(Math.max(...zbv.metrics.peakActivations)).toBe(oneF.metrics.peakActivations[0]);
    const seq = run({ schedule: 'seq1f1b', ranks: 4, microbatches: 8, seqSplits: 4 });
    expect(seq.costs.F).toBe(0.25);
    expect(seq.metrics.peakActivations[0]).toBeLessThanOrEqual(4);
  });

  it('interleaved chunks cost 1/v of a share; DualPipe parts a whole share', () => {
    const topo = scheduleTopology({ schedule: 'interleaved-1f1b', ranks: 4, microbatches: 8, stagesPerRank: 4 });
    expect(opShare(topo)).toBe(0.25);
    expect(stageShare(scheduleTopology({ schedule: 'dualpipe', ranks: 4, microbatches: 8 }))).toBe(1);
    expect(opShare(scheduleTopology({ schedule: 'seq1f1b', ranks: 4, microbatches: 8, seqSplits: 2 }), 2)).toBe(0.5);
  });

  it('a per-share list maps each stage to the share its layers lie in', () => {
    const F = [10, 20, 30, 40];
    const v = scheduleTopology({ schedule: 'zb-v', ranks: 4, microbatches: 8 });
    expect(shareToStageFile({ F }, v).F).toEqual([5, 5, 10, 10, 15, 15, 20, 20]);
    const dp = scheduleTopology({ schedule: 'dualpipe', ranks: 4, microbatches: 8 });
    // stage P+k is model part k (the same weights as stage k)
    expect(shareToStageFile({ F }, dp).F).toEqual([10, 20, 30, 40, 10, 20, 30, 40]);
    const looped = scheduleTopology({ schedule: 'interleaved-1f1b', ranks: 4, microbatches: 8, stagesPerRank: 2 });
    expect(Array.from({ length: 8 }, (_, s) => shareOf(looped, s))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('the total work per micro-batch is the same for every schedule (any share list)', () => {
    const names = ['1f1b', 'zb-v', 'dualpipev', 'interleaved-1f1b', 'v-half', 'seq1f1b', 'dualpipe'] as const;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 4, maxLength: 4 }), (F) => {
        const totals = names.map((schedule) => {
          const p: ScheduleParams = { schedule, ranks: 4, microbatches: 8, ...(schedule === 'seq1f1b' ? { seqSplits: 2 } : {}) };
          const topo = scheduleTopology(p);
          const c = resolveBasisCosts({ F, I: 1, W: 1 }, topo, 'share', p.seqSplits ?? 1);
          const busy = computeMetrics(simulate(buildSchedule(p, c), c)).busy.reduce((a, b) => a + b, 0);
          return busy;
        });
        for (const t of totals) expect(t).toBeCloseTo(totals[0], 9);
      }),
      { numRuns: 25 },
    );
  });
});
