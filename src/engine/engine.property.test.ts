/**
 * Property tests over random valid (schedule, P, M, v, costs): the timeline invariants of
 * invariants.ts, the activation peaks of docs/schedules.md §2 and the closed-form bubbles for equal costs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closedFormBubble } from './closedForm.ts';
import { resolveCosts } from './costs.ts';
import { checkTimeline } from './invariants.ts';
import { computeMetrics } from './metrics.ts';
import { buildSchedule } from './schedules/index.ts';
import { simulate } from './simulate.ts';
import { config, costs, runs } from './testing/arbitraries.ts';
import type { Costs, ScheduleName, ScheduleParams } from './types.ts';
import { validateParams } from './validate.ts';

const RUNS = { numRuns: 300 };

const run = (p: ScheduleParams, c: Costs) => simulate(buildSchedule(p, c), c);

describe('engine invariants (fast-check)', () => {
  it('every op once on its rank, no overlap, dependencies plus comm latency respected', () => {
    fc.assert(
      fc.property(config, costs, (p, c) => {
        // the greedy generators place ops by time and reject zero-cost F, I or W
        fc.pre(runs(p, c));
        expect(checkTimeline(run(p, c))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('every valid config is accepted and its order is deterministic', () => {
    fc.assert(
      fc.property(config, (p) => {
        expect(() => validateParams(p)).not.toThrow();
        expect(buildSchedule(p).ops).toEqual(buildSchedule(p).ops);
      }),
      { numRuns: 100 },
    );
  });

  it('peak activations as in docs/schedules.md §2 (model parts per rank)', () => {
    const peak = (schedule: ScheduleName, P: number, M: number) =>
      computeMetrics(run({ schedule, ranks: P, microbatches: M }, resolveCosts())).peakActivations;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 20 }), (P, extra) => {
        const range = Array.from({ length: P }, (_, r) => r);
        expect(peak('gpipe', P, P + extra)).toEqual(range.map(() => P + extra));
        expect(peak('1f1b', P, P + extra)).toEqual(range.map((r) => P - r));
        expect(peak('zb-h1', P, P + extra)).toEqual(range.map(() => P));
        expect(peak('zb-v', P, 2 * P + extra)).toEqual(range.map(() => 2 * P));
        expect(peak('dualpipev', P, 2 * P + extra)).toEqual(range.map(() => 2 * P + 1));
        if (P % 2 === 0) expect(peak('dualpipe', P, 2 * P + 2 * extra)).toEqual(range.map(() => P + 1));
      }),
      { numRuns: 60 },
    );
  });

  it('closed-form bubbles hold for equal costs', () => {
    const maxBubble = (schedule: ScheduleName, P: number, M: number, c: Costs) =>
      Math.max(...computeMetrics(run({ schedule, ranks: P, microbatches: M }, c)).bubble);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        (P, extra, f, b) => {
          const fb = resolveCosts({ F: f, B: b, I: b, W: b });
          for (const s of ['gpipe', '1f1b'] as const)
            expect(maxBubble(s, P, P + extra, fb)).toBeCloseTo(closedFormBubble(s, P, P + extra, fb)!.value, 9);
          const eq = resolveCosts({ F: f, I: f, W: f });
          expect(maxBubble('zb-h1', P, P + extra, eq)).toBeCloseTo(closedFormBubble('zb-h1', P, P + extra, eq)!.value, 9);
          expect(maxBubble('zb-v', P, 2 * P + extra, eq)).toBeCloseTo(0, 9);
          // DualPipe README figure costs: F&B = F+B and B = 2F = 2W make its formula exact.
          const dp = resolveCosts({ F: f, I: f, W: f, B: 2 * f, FB: 3 * f });
          expect(maxBubble('dualpipev', P, 2 * P + extra, dp)).toBeCloseTo(closedFormBubble('dualpipev', P, 2 * P + extra, dp)!.value, 9);
          if (P % 2 === 0) {
            expect(maxBubble('dualpipe', P, 2 * P + 2 * extra, dp)).toBeCloseTo(
              closedFormBubble('dualpipe', P, 2 * P + 2 * extra, dp)!.value,
              9,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sail greedy schedules keep the paper properties at equal costs (ZB paper §3.2; controllable-memory paper §4)', () => {
    const at = (schedule: ScheduleName, P: number, M: number) =>
      computeMetrics(run({ schedule, ranks: P, microbatches: M }, resolveCosts()));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 12 }), (P, extra) => {
        const M = 2 * P + extra;
        const zb2 = at('zb-h2', P, M);
        expect(Math.max(...zb2.bubble)).toBe(0); // zero bubble at T_F = T_B = T_W
        expect(Math.max(...zb2.peakActivations)).toBe(2 * P); // (2P-1)·M_B + the W-held rest
        expect(Math.max(...zb2.peakActivationsAtI)).toBeLessThanOrEqual(2 * P - 1);
        // V layout units are half-stages: ZB-V holds 2P, V-Half about half of that, V-Min less again.
        const half = Math.max(...at('v-half', P, M).peakActivations);
        const min = Math.max(...at('v-min', P, M).peakActivations);
        expect(half).toBeLessThanOrEqual(P + 2);
        expect(min).toBeLessThanOrEqual(half);
      }),
      { numRuns: 40 },
    );
  });
});
