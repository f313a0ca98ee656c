import { describe, expect, it } from 'vitest';
import { activationSeries, computeMetrics } from '../engine/index.ts';
import { activationData, columnMax, stepAreaPath } from './activation.ts';
import { timeScale } from './scales.ts';
import { timelineOf } from './testing.ts';

describe('activationData', () => {
  it('the engine series per rank; its peaks are the metrics panel’s, for every op kind mix', () => {
    for (const [schedule, P, M] of [
      ['dualpipe', 4, 8],
      ['zb-h1', 4, 8],
      ['1f1b', 3, 5],
      ['dualpipev', 2, 4],
      ['seq1f1b', 3, 4],
    ] as const) {
      const t = timelineOf({ schedule, ranks: P, microbatches: M }, { comm: 0.5 });
      const a = activationData(t);
      t.ops.forEach((_, r) => expect([...a.series[r]]).toEqual(activationSeries(t, r).flat()));
      expect(a.peak).toEqual(computeMetrics(t).peakActivations);
      expect(a.series.map((s) => s.at(-1))).toEqual(t.ops.map(() => 0));
      expect(a.max).toBe(Math.max(...a.peak));
    }
  });
});

describe('columnMax', () => {
  // 0 until 2, then 1 until 5, then 3 until 6, then 0 (end 10)
  const s = Float64Array.from([0, 0, 2, 1, 5, 3, 6, 0]);
  it('one value per px column: the most alive in it', () => {
    const x = timeScale([0, 10], 64 + 64 + 10); // 1 px per unit
    expect([...columnMax(s, x, 10)]).toEqual([0, 0, 1, 1, 1, 3, 0, 0, 0, 0]);
    const coarse = timeScale([0, 10], 64 + 64 + 2); // 5 units per px
    expect([...columnMax(s, coarse, 10)]).toEqual([1, 3]);
  });
  it('stepAreaPath closes a filled step shape', () => {
    expect(stepAreaPath(Float64Array.from([0, 2, 2, 1]), 10, 0, 10, 2)).toBe('M10,10V10.0H11V0.0H13V5.0H14V10H10Z');
    expect(stepAreaPath(Float64Array.from([-1, -1]), 0, 0, 10, 2)).toBe('');
  });
});
