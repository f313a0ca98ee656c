import { describe, expect, it } from 'vitest';
import { resolveCosts } from './costs.ts';
import { activationRule, activationSeries, activationSteps, activationsAfterOps, freedAtEnd, peakActivation } from './memory.ts';
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
    expect([...activationSteps(t.ops[0], activationRule(t))]).toEqual([0, 0, 0, 1, 1, 2, 6, 1, 9, 0]);
  });

  it('per-stage amounts: each allocation and release weighs its stage', () => {
    const c = resolveCosts();
    const s = buildSchedule({ schedule: 'dualpipe', ranks: 2, microbatches: 4 }, c);
    // rank 0 holds stages 0 and 3; a memory model of 1, 2, 3, 4 per forward, freed half at I, half at W
    const F = [1, 2, 3, 4];
    const t = simulate(s, { ...c, memory: { F, I: F.map((x) => -x / 2), W: F.map((x) => -x / 2) } });
    const steps = activationSteps(t.ops[0], activationRule(t));
    expect(steps.at(-1)).toBe(0);
    // F s0 mb0 allocates 1, then F s3 mb2 allocates 4
    expect([...steps.slice(2, 6)]).toEqual([0, 1, 1, 5]);
    expect(peakActivation(t.schedule.ops[0], activationRule(t))).toBe(Math.max(...steps.filter((_, k) => k % 2 === 1)));
    expect(activationsAfterOps(t, 0).at(-1)).toBe(0);
    // rank 0's I s0 mb1 frees half of stage 0's 1 when released at W, all of it at I
    const i = t.ops[0].findIndex(({ op }) => op.kind === 'I');
    expect(freedAtEnd(activationRule(t), t.ops[0][i].op)).toBe(0.5);
    expect(freedAtEnd(activationRule(t, 'I'), t.ops[0][i].op)).toBe(1);
  });

  it('Seq1F1B: each op moves A/K, peaks count whole micro-batches', () => {
    const c = resolveCosts({ F: 1, B: 2 });
    const t = simulate(buildSchedule({ schedule: 'seq1f1b', ranks: 2, microbatches: 2, seqSplits: 2 }, c), c);
    // rank 0: warm-up min(P − 0 − 2 + K, M·K) = 2 split-forwards (one micro-batch), then F, B pairs
    expect(t.schedule.ops[0].map((o) => o.kind)).toEqual(['F', 'F', 'F', 'B', 'F', 'B', 'B', 'B']);
    expect(activationsAfterOps(t, 0)).toEqual([0.5, 1, 1.5, 1, 1.5, 1, 0.5, 0]);
    expect(peakActivation(t.schedule.ops[0], activationRule(t))).toBe(1.5);
    expect(computeMetrics(t).peakActivations).toEqual([1.5, 1]);
  });
});
