import { describe, expect, it } from 'vitest';
import { resolveCosts } from './costs.ts';
import { activationSeries, activationsAfterOps, computeMetrics } from './metrics.ts';
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

describe('idle GPU-time', () => {
  const run = (schedule: 'zb-h1' | 'zb-h2' | '1f1b', ranks: number, microbatches: number) => {
    const c = resolveCosts();
    return computeMetrics(simulate(buildSchedule({ schedule, ranks, microbatches }, c), c));
  };

  it('counts idle time outside each rank’s own span: ZB-H2 has no in-span bubble but the same idle GPU-time as ZB-H1', () => {
    const h1 = run('zb-h1', 8, 20);
    const h2 = run('zb-h2', 8, 20);
    expect(h1.makespan).toBe(67);
    expect(h2.makespan).toBe(67);
    expect(h2.bubbleRatio).toBe(0);
    // 8 ranks busy 60 each of 8 × 67
    expect(h1.idleRatio).toBeCloseTo(1 - 480 / 536, 12);
    expect(h2.idleRatio).toBeCloseTo(1 - 480 / 536, 12);
  });

  it('is 1 − Σ busy / (P × makespan), between 0 and 1, and 0 for a single rank without gaps', () => {
    for (const [s, P, M] of [
      ['1f1b', 4, 8],
      ['zb-h1', 3, 5],
    ] as const) {
      const m = run(s, P, M);
      const busy = m.busy.reduce((a, b) => a + b, 0);
      expect(m.idleRatio).toBeCloseTo(1 - busy / (P * m.makespan), 12);
      expect(m.idleRatio).toBeGreaterThan(0);
      expect(m.idleRatio).toBeLessThan(1);
    }
    expect(run('1f1b', 1, 4).idleRatio).toBe(0);
  });
});
