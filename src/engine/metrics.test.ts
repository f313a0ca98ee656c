import { describe, expect, it } from 'vitest';
import { resolveCosts } from './costs.ts';
import { activationSeries, activationSteps, activationsAfterOps, peakActivation } from './memory.ts';
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

describe('activation steps', () => {
  it('1F1B P=2 M=2 rank 0 by hand: +1 at each F start, −1 at each B end', () => {
    const c = resolveCosts({ F: 1, B: 2 });
    const t = simulate(buildSchedule({ schedule: '1f1b', ranks: 2, microbatches: 2 }, c), c);
    // r1 runs F0 1–2, B0 2–4, F1 4–5, B1 5–7; so r0 runs F0 0–1, F1 1–2, B0 4–6, B1 7–9
    expect(t.ops[0].map(({ start, end }) => [start, end])).toEqual([
      [0, 1],
      [1, 2],
      [4, 6],
      [7, 9],
    ]);
    expect([...activationSteps(t.ops[0])]).toEqual([0, 0, 0, 1, 1, 2, 6, 1, 9, 0]);
  });

  it('per-stage amounts: each allocation and release weighs its stage', () => {
    const c = resolveCosts();
    const t = simulate(buildSchedule({ schedule: 'dualpipe', ranks: 2, microbatches: 4 }, c), c);
    const perStage = [1, 2, 3, 4]; // rank 0 holds stages 0 and 3
    const steps = activationSteps(t.ops[0], 'W', perStage);
    expect(steps.at(-1)).toBe(0);
    // F s0 mb0 allocates 1, then F s3 mb2 allocates 4
    expect([...steps.slice(2, 6)]).toEqual([0, 1, 1, 5]);
    expect(peakActivation(t.schedule.ops[0], 'W', perStage)).toBe(Math.max(...steps.filter((_, k) => k % 2 === 1)));
    expect(activationsAfterOps(t, 0, 'W', perStage).at(-1)).toBe(0);
  });
});
