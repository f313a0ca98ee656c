/**
 * The sweep core (sweep.ts): the combinations it enumerates, and that every row is the engine's
 * verdict on that combination — a valid row carries exactly the metrics of one build + simulate +
 * computeMetrics run, an invalid one the engine's own reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCHEDULE_NAMES, buildSchedule, computeMetrics, paramsIssue, resolveCosts, simulate, type ScheduleName } from '../engine/index.ts';
import { evaluatePoint, fileCosts, sweepPoints, sweepSize, uniformCosts, type SweepAxes } from './sweep.ts';
import { sweepCsv, sweepJson } from './sweepTable.ts';

const axes = (over: Partial<SweepAxes> = {}): SweepAxes => ({
  schedules: ['1f1b', 'interleaved-1f1b', 'zb-auto'],
  ranks: [2, 4],
  microbatches: [4, 8, 12],
  stagesPerRank: null,
  memLimit: null,
  ...over,
});

describe('sweepPoints', () => {
  it('crosses every list with every schedule, schedule-major, in the order given', () => {
    const pts = sweepPoints(axes({ stagesPerRank: [2, 3], memLimit: [4] }));
    expect(pts).toHaveLength(3 * 2 * 3 * 2 * 1);
    expect(pts[0]).toEqual({ schedule: '1f1b', ranks: 2, microbatches: 4, stagesPerRank: 2, memLimit: 4 });
    expect(pts[1]).toEqual({ schedule: '1f1b', ranks: 2, microbatches: 4, stagesPerRank: 3, memLimit: 4 });
    expect(pts.at(-1)).toEqual({ schedule: 'zb-auto', ranks: 4, microbatches: 12, stagesPerRank: 3, memLimit: 4 });
  });

  it('gives v and memory limits only to the schedules that take them when asked (the Explore view)', () => {
    const a = axes({ stagesPerRank: [2, 3], memLimit: [4, 8] });
    const pts = sweepPoints(a, true);
    const count = (s: ScheduleName) => pts.filter((p) => p.schedule === s).length;
    expect(count('1f1b')).toBe(6);
    expect(count('interleaved-1f1b')).toBe(12);
    expect(count('zb-auto')).toBe(12);
    expect(pts.find((p) => p.schedule === '1f1b')).toEqual({ schedule: '1f1b', ranks: 2, microbatches: 4 });
    expect(pts.filter((p) => p.schedule === 'zb-auto').every((p) => p.stagesPerRank === undefined && p.memLimit !== undefined)).toBe(true);
  });

  it('sweepSize counts what sweepPoints builds', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...SCHEDULE_NAMES), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.option(fc.integer({ min: 1, max: 3 })),
        fc.option(fc.integer({ min: 1, max: 3 })),
        fc.boolean(),
        (schedules, nP, nM, nV, nL, eachTakes) => {
          const a = axes({
            schedules,
            ranks: Array.from({ length: nP }, (_, i) => i + 1),
            microbatches: Array.from({ length: nM }, (_, i) => i + 1),
            stagesPerRank: nV === null ? null : Array.from({ length: nV }, (_, i) => i + 1),
            memLimit: nL === null ? null : Array.from({ length: nL }, (_, i) => i + 1),
          });
          expect(sweepSize(a, eachTakes)).toBe(sweepPoints(a, eachTakes).length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('evaluatePoint', () => {
  const unit = uniformCosts({});

  it('a valid row carries the metrics of the single run', () => {
    const costs = resolveCosts({ F: 1, I: 1.5, W: 0.5, comm: 0.25 });
    const row = evaluatePoint({ schedule: 'zb-v', ranks: 4, microbatches: 8 }, uniformCosts({ F: 1, I: 1.5, W: 0.5, comm: 0.25 }));
    const m = computeMetrics(simulate(buildSchedule({ schedule: 'zb-v', ranks: 4, microbatches: 8 }, costs), costs));
    expect(row).toEqual({
      schedule: 'zb-v',
      ranks: 4,
      microbatches: 8,
      stagesPerRank: 2,
      memLimit: null,
      valid: true,
      reason: null,
      makespan: m.makespan,
      bubbleRatio: m.bubbleRatio,
      peakActivations: Math.max(...m.peakActivations),
    });
  });

  it('an invalid combination is a row with the engine reason, not an error', () => {
    const odd = evaluatePoint({ schedule: 'dualpipe', ranks: 5, microbatches: 20 }, unit);
    expect(odd).toMatchObject({ valid: false, makespan: null, peakActivations: null, stagesPerRank: 2 });
    expect(odd.reason).toBe(paramsIssue({ schedule: 'dualpipe', ranks: 5, microbatches: 20 })!.message);
    const option = evaluatePoint({ schedule: '1f1b', ranks: 4, microbatches: 8, memLimit: 4 }, unit);
    expect(option.reason).toBe('mem-limit applies only to zb-auto and v-auto, not 1f1b');
    const v = evaluatePoint({ schedule: 'gpipe', ranks: 4, microbatches: 8, stagesPerRank: 3 }, unit);
    expect(v).toMatchObject({ valid: false, stagesPerRank: 3 });
    expect(v.reason).toMatch(/^gpipe runs 1 stage\(s\) per rank/);
  });

  it('a costs file that does not fit a combination rejects that row only', () => {
    // one entry per rank of P = 4: fits P = 4, not P = 2
    const source = fileCosts({ F: [1, 2, 2, 1] });
    expect(evaluatePoint({ schedule: '1f1b', ranks: 4, microbatches: 8 }, source).valid).toBe(true);
    const row = evaluatePoint({ schedule: '1f1b', ranks: 2, microbatches: 8 }, source);
    expect(row.valid).toBe(false);
    expect(row.reason).toBe('costs file F must list 2 entries; got 4');
  });

  it('the interactive op limit is a reason too', () => {
    const row = evaluatePoint({ schedule: '1f1b', ranks: 8, microbatches: 64 }, unit, { maxOps: { ops: 100, who: 'the view' } });
    expect(row.reason).toMatch(/the view takes up to 100/);
  });

  it('every valid random combination equals its single run; every invalid one has the engine reason (property)', () => {
    const fast = SCHEDULE_NAMES.filter((s) => s !== 'v-auto');
    fc.assert(
      fc.property(
        fc.constantFrom(...fast),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 24 }),
        fc.option(fc.integer({ min: 1, max: 3 })),
        (schedule, ranks, microbatches, v) => {
          const point = { schedule, ranks, microbatches, ...(v === null ? {} : { stagesPerRank: v }) };
          const row = evaluatePoint(point, unit);
          const issue = paramsIssue(point);
          if (issue) {
            expect(row).toMatchObject({ valid: false, reason: issue.message });
            return;
          }
          const costs = resolveCosts({});
          const s = buildSchedule(point, costs);
          const m = computeMetrics(simulate(s, costs));
          expect(row).toMatchObject({ valid: true, makespan: m.makespan, bubbleRatio: m.bubbleRatio, stagesPerRank: s.stagesPerRank });
          expect(row.peakActivations).toBe(Math.max(...m.peakActivations));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('sweepCsv / sweepJson', () => {
  const rows = [
    evaluatePoint({ schedule: '1f1b', ranks: 2, microbatches: 4 }, uniformCosts({})),
    evaluatePoint({ schedule: '1f1b', ranks: 2, microbatches: 4, stagesPerRank: 2 }, uniformCosts({})),
  ];

  it('CSV: header of the columns, empty cells for missing values, quoted reasons', () => {
    const lines = sweepCsv(rows, false).trimEnd().split('\n');
    expect(lines[0]).toBe('schedule,ranks,microbatches,stagesPerRank,memLimit,valid,reason,makespan,bubbleRatio,peakActivations');
    expect(lines[1]).toBe(`1f1b,2,4,1,,true,,${rows[0].makespan},${rows[0].bubbleRatio},${rows[0].peakActivations}`);
    expect(lines[2]).toBe(`1f1b,2,4,2,,false,"${rows[1].reason}",,,`);
    expect(sweepCsv(rows, true).split('\n')[0]).toMatch(/,peakActivations,stepTimeMs,tokensPerSecondPerGpu,mfu,peakBytes$/);
  });

  it('JSON: an array of row objects with the same keys, null for missing values', () => {
    const parsed = JSON.parse(sweepJson(rows, false)) as Record<string, unknown>[];
    expect(Object.keys(parsed[0])).toEqual(Object.keys(parsed[1]));
    expect(parsed[1]).toMatchObject({ valid: false, makespan: null, memLimit: null });
    expect(parsed[0].reason).toBeNull();
  });
});
