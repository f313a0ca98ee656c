import { describe, expect, it } from 'vitest';
import { resolveCosts } from './costs.ts';
import { activationSeries, activationsAfterOps } from './memory.ts';
import { computeMetrics } from './metrics.ts';
import { buildSchedule } from './schedules/index.ts';
import { simulate } from './simulate.ts';

describe('activation counts', () => {
  it('1F1B P=2 M=2 by hand: rank 0 runs F0 F1 B0 B1, rank 1 F0 B0 F1 B1', () => {
    const c = resolveCosts();
    const t = simulate(buildSchedule({ schedule: '1f1b', ranks: 2, microbatches: 2 }, c), c);
    expect(t.schedule.ops[0].map((o) => o.kind)).toEqual(['F', 'F', 'B', 'B']);
    expect(activationsAfterOps(t, 0)).toEqual([1, 2, 1, 0]);
    expect(activationsAfterOps(t, 1)).toEqual([1, 0, 1, 0]);
    expect(computeMetrics(t).peakActivations).toEqual([2, 1]);
  });

  it('split backward: W frees by default, I when asked; FB pairs allocate and free at once', () => {
    const c = resolveCosts();
    const zb = simulate(buildSchedule({ schedule: 'zb-h1', ranks: 2, microbatches: 2 }, c), c);
    for (const r of [0, 1]) {
      const kinds = zb.ops[r].map((o) => o.op.kind);
      const afterW = activationsAfterOps(zb, r);
      const afterI = activationsAfterOps(zb, r, 'I');
      kinds.forEach((k, i) => {
        const prevW = i ? afterW[i - 1] : 0;
        const prevI = i ? afterI[i - 1] : 0;
        expect(afterW[i] - prevW).toBe(k === 'F' ? 1 : k === 'W' ? -1 : 0);
        expect(afterI[i] - prevI).toBe(k === 'F' ? 1 : k === 'I' ? -1 : 0);
      });
      // the series' last point and the last op agree
      expect(activationSeries(zb, r).at(-1)![1]).toBe(afterW.at(-1));
    }
    const dp = simulate(buildSchedule({ schedule: 'dualpipe', ranks: 4, microbatches: 10 }, c), c);
    dp.ops.forEach(({ length }, r) => {
      const after = activationsAfterOps(dp, r);
      expect(after).toHaveLength(length);
      dp.ops[r].forEach(({ op }, i) => {
        if (op.kind === 'FB') expect(after[i]).toBe(i ? after[i - 1] : 0);
      });
      expect(after.at(-1)).toBe(0);
    });
  });
});
