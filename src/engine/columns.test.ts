import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnsFromOps, opsFromColumns, type OpColumns } from './columns.ts';
import { activationRule, peakActivation, peakActivationOfRank, peakActivationsOfRank } from './memory.ts';
import { computeMetrics } from './metrics.ts';
import { buildSchedule } from './schedules/index.ts';
import { simulate } from './simulate.ts';
import { config, costs, runs } from './testing/arbitraries.ts';
import type { Schedule, Timeline } from './types.ts';
import { hasColumns, scheduleColumns, timelineColumns } from './views.ts';

const rows = (c: OpColumns) => ({
  ranks: c.ranks,
  count: c.count,
  rankStart: [...c.rankStart],
  kind: [...c.kind],
  stage: [...c.stage],
  microbatch: [...c.microbatch],
  split: [...c.split],
  bstage: [...c.bstage],
  bmicrobatch: [...c.bmicrobatch],
});

/** The same schedule as a plain object, the way an importer builds one (no columns). */
const plain = (s: Schedule): Schedule => JSON.parse(JSON.stringify(s)) as Schedule;

describe('op columns and their object views', () => {
  it('objects → columns → objects is the identity for every schedule', () => {
    fc.assert(
      fc.property(config, (p) => {
        const s = buildSchedule(p);
        const c = scheduleColumns(s);
        expect(rows(columnsFromOps(opsFromColumns(c)))).toEqual(rows(c));
        expect(opsFromColumns(columnsFromOps(s.ops))).toEqual(s.ops);
        expect(c.count).toBe(s.ops.reduce((n, r) => n + r.length, 0));
      }),
      { numRuns: 60 },
    );
  });

  it('a plain-object copy simulates and measures exactly like the column-backed schedule', () => {
    fc.assert(
      fc.property(config, costs, (p, c) => {
        fc.pre(runs(p, c));
        const s = buildSchedule(p, c);
        const copy = plain(s);
        expect(hasColumns(s)).toBe(true);
        expect(hasColumns(copy)).toBe(false);
        const a = simulate(s, c);
        const b = simulate(copy, c);
        expect(b.ops).toEqual(a.ops);
        expect(computeMetrics(b)).toEqual(computeMetrics(a));
        expect([...timelineColumns(b).start]).toEqual([...timelineColumns(a).start]);
      }),
      { numRuns: 40 },
    );
  });

  it('timeline views: ops[r][i].op is the schedule’s op object, times are the columns’', () => {
    const s = buildSchedule({ schedule: 'dualpipe', ranks: 4, microbatches: 8 });
    const t = simulate(s, { F: 1, I: 1, W: 1, B: 2, FB: 3, comm: 0.5 });
    const { start, end, ops } = timelineColumns(t);
    t.ops.forEach((rank, r) =>
      rank.forEach((o, i) => {
        expect(o.op).toBe(s.ops[r][i]);
        expect([o.start, o.end]).toEqual([start[ops.rankStart[r] + i], end[ops.rankStart[r] + i]]);
      }),
    );
    expect(t.ops).toBe(t.ops);
  });

  it('copies keep the objects and leave the columns behind; edits in place fail loudly', () => {
    const s = buildSchedule({ schedule: '1f1b', ranks: 2, microbatches: 3 });
    // spread and structured clone (postMessage) see ops as an ordinary property
    expect({ ...s }.ops).toEqual(s.ops);
    expect(structuredClone(s).ops).toEqual(s.ops);
    expect(Object.keys(s)).toEqual(['name', 'ranks', 'microbatches', 'stagesPerRank', 'topology', 'ops']);
    // a copy with other ops is read from its own objects
    const edited = { ...s, ops: [s.ops[0], [...s.ops[1]].reverse()] };
    expect(scheduleColumns(edited).kind[scheduleColumns(edited).rankStart[1]]).toBe(1);
    expect(() => (s.ops[0] as unknown[]).push(s.ops[0][0])).toThrow(TypeError);
    // assigning ops replaces the truth
    const t: Schedule = buildSchedule({ schedule: '1f1b', ranks: 2, microbatches: 3 });
    t.ops = [t.ops[0], [...t.ops[1]].reverse()];
    expect(hasColumns(t)).toBe(false);
    expect(scheduleColumns(t).kind[scheduleColumns(t).rankStart[1]]).toBe(1);
  });

  it('a timeline whose ops are assigned is read from its objects', () => {
    const s = buildSchedule({ schedule: '1f1b', ranks: 2, microbatches: 2 });
    const t: Timeline = simulate(s, { F: 1, I: 1, W: 1, B: 2, FB: 3, comm: 0 });
    t.ops = t.ops.map((rank) => rank.map((o) => ({ ...o, start: o.start + 10, end: o.end + 10 })));
    expect(hasColumns(t)).toBe(false);
    expect(computeMetrics(t).makespan).toBe(computeMetrics(simulate(s, t.costs)).makespan + 10);
  });

  it('peaks over the columns (one rule, or both in one pass) = the object rule, rank by rank', () => {
    const both = new Float64Array(2);
    fc.assert(
      fc.property(config, costs, (p, c) => {
        fc.pre(runs(p, c));
        const s = buildSchedule(p, c);
        const cols = scheduleColumns(s);
        const atW = activationRule({ schedule: s, costs: c }, 'W');
        const atI = activationRule({ schedule: s, costs: c }, 'I');
        s.ops.forEach((ops, r) => {
          peakActivationsOfRank(cols, r, atW, atI, both);
          const want = [peakActivation(ops, atW), peakActivation(ops, atI)];
          expect([peakActivationOfRank(cols, r, atW), peakActivationOfRank(cols, r, atI)]).toEqual(want);
          expect([...both]).toEqual(want);
        });
      }),
      { numRuns: 60 },
    );
  });
});
