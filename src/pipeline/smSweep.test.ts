import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, hwDefaults, type Params } from '../store/params.ts';
import { runEngine } from './runEngine.ts';
import { SCHEDULE_SWEEP_MAX_OPS, pairCurve, scheduleSweep, sweepKey } from './smSweep.ts';

const p: Params = { ...DEFAULT_PARAMS, schedule: 'dualpipe', ranks: 4, microbatches: 8, detailed: true, ...hwDefaults(DEFAULT_PARAMS.hw) };

describe('SM curves', () => {
  it('the schedule curve is the makespan the chart shows at each split', () => {
    const { ops, sweep } = scheduleSweep(p);
    expect(ops).toBeLessThanOrEqual(SCHEDULE_SWEEP_MAX_OPS);
    expect(sweep!.points).toHaveLength(131);
    for (const s of [1, 20, sweep!.bestCommSms, 100]) {
      const r = runEngine({ ...p, commSms: s });
      expect(r.ok).toBe(true);
      if (r.ok) expect(sweep!.points[s - 1].span).toBeCloseTo(r.metrics.makespan, 6);
    }
    expect(sweep!.bestSpan).toBe(Math.min(...sweep!.points.map((q) => q.span)));
  });

  it('past the op limit only the op count comes back', () => {
    const big = { ...p, ranks: 64, microbatches: 512 };
    const r = scheduleSweep(big);
    expect(r.ops).toBeGreaterThan(SCHEDULE_SWEEP_MAX_OPS);
    expect(r.sweep).toBeNull();
  });

  it('the pair curve is the F&B span; a sweep does not depend on the split itself', () => {
    const c = pairCurve(p);
    expect(c.kind).toBe('pair');
    expect(c.sweep.points[19].span).toBeGreaterThan(0);
    expect(sweepKey({ ...p, commSms: 60 }, 'schedule')).toBe(sweepKey(p, 'schedule'));
    expect(sweepKey({ ...p, ranks: 8 }, 'schedule')).not.toBe(sweepKey(p, 'schedule'));
    expect(sweepKey({ ...p, ranks: 8 }, 'pair')).toBe(sweepKey(p, 'pair'));
  });
});
