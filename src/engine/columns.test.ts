import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnsFromOps, opsFromColumns, type OpColumns } from './columns.ts';
import {
  activationRule,
  allocatedAtStart,
  allocates,
  freedAtEnd,
  peakActivation,
  peakActivationOfRank,
  peakActivationsOfRank,
  rankAliveAtAllocations,
  type ActivationRule,
} from './memory.ts';
import { computeMetrics, rankEnds, timelineMakespan } from './metrics.ts';
import { buildSchedule } from './schedules/index.ts';
import { simulate } from './simulate.ts';
import { config, costs, runs } from './testing/arbitraries.ts';
import type { Schedule, TimedOp, Timeline } from './types.ts';
import { hasColumns, scheduleColumns, timelineColumns, withColumns } from './views.ts';

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

  it('alive after each allocation over the columns = the same reading of the timed op objects', () => {
    // the object reading: releases sorted by end, an allocation sees those that ended by its start
    const byObjects = (ops: readonly TimedOp[], rule: ActivationRule): number[] => {
      const ends = ops.map((o) => ({ at: o.end, amount: freedAtEnd(rule, o.op) })).filter((e) => e.amount !== 0);
      ends.sort((a, b) => a.at - b.at);
      const out: number[] = [];
      let now = 0;
      let k = 0;
      for (const o of ops) {
        while (k < ends.length && ends[k].at <= o.start) now -= ends[k++].amount;
        out.push(allocates(o.op) ? (now += allocatedAtStart(rule, o.op)) : NaN);
      }
      return out;
    };
    const check = (t: Timeline) => {
      const cols = timelineColumns(t);
      const rule = activationRule(t);
      const out = new Float64Array(cols.ops.count).fill(NaN);
      for (let r = 0; r < cols.ops.ranks; r++) rankAliveAtAllocations(cols, r, rule, out);
      t.ops.forEach((ops, r) => expect([...out.subarray(cols.ops.rankStart[r], cols.ops.rankStart[r + 1])]).toEqual(byObjects(ops, rule)));
    };
    fc.assert(
      fc.property(config, costs, (p, c) => {
        fc.pre(runs(p, c));
        const t = simulate(buildSchedule(p, c), c);
        check(t);
        // an imported run's ends need not follow its order (measured ops may overlap): reversed times
        const shuffled: Timeline = { ...t, ops: t.ops.map((ops) => ops.map((o, i) => ({ ...o, end: o.end + (ops.length - i) }))) };
        check(shuffled);
      }),
      { numRuns: 40 },
    );
  });

  it('a plain timeline read into columns once keeps its ops, times and metrics; rank ends and makespan read the columns', () => {
    fc.assert(
      fc.property(config, costs, (p, c) => {
        fc.pre(runs(p, c));
        const t = simulate(buildSchedule(p, c), c);
        expect(withColumns(t)).toBe(t);
        const posted = structuredClone(t);
        expect(hasColumns(posted)).toBe(false);
        const back = withColumns(posted);
        expect(hasColumns(back) && hasColumns(back.schedule)).toBe(true);
        expect(back.ops).toEqual(t.ops);
        expect(back.schedule.ops).toEqual(t.schedule.ops);
        expect(computeMetrics(back)).toEqual(computeMetrics(t));
        const m = computeMetrics(t);
        expect(timelineMakespan(back)).toBe(m.makespan);
        expect(rankEnds(t)).toEqual(t.ops.map((ops) => (ops.length > 0 ? ops[ops.length - 1].end : 0)));
      }),
      { numRuns: 30 },
    );
  });
});
