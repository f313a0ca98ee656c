/**
 * The measured page's numbers (compare.ts) on the real traces: every op beside its replay, the
 * critical path as op positions, the idle split and the exported costs file, which the engine
 * reads back into the very replay the page draws.
 */
import { describe, expect, it } from 'vitest';
import { buildSchedule, resolveStageCosts, simulate, type ScheduleName } from '../engine/index.ts';
import { torchAction } from '../interop/torchCsv.ts';
import { analyzeRun } from './analyze.ts';
import { compareOps, criticalOps, fittedCostsFile, idleBars } from './compare.ts';
import { readTraceFiles } from './files.ts';
import { CONFIGS, fixtureFiles } from './testing/fixtures.ts';

describe.each(CONFIGS)('%s', (config) => {
  const a = analyzeRun(readTraceFiles(fixtureFiles(config)));
  const ops = compareOps(a);

  it('pairs op i of rank r with the same op of the replay, like for like', () => {
    const sim = a.simulated!.timeline;
    ops.forEach((rank, r) => {
      expect(rank).toHaveLength(a.run.measured[r].ops.length);
      rank.forEach((o, i) => {
        expect(torchAction(sim.ops[r][i].op)).toBe(torchAction(a.run.measured[r].ops[i].op));
        expect(o.simulated).toEqual({ start: sim.ops[r][i].start, end: sim.ops[r][i].end });
        expect(o.wait).toBeGreaterThanOrEqual(0);
        expect(o.computeStart).toBeLessThanOrEqual(o.end);
        expect(o.durationDiff).toBeCloseTo(sim.ops[r][i].end - sim.ops[r][i].start - (o.end - o.computeStart), 9);
        expect(o.startShift).toBeCloseTo(sim.ops[r][i].start - o.computeStart, 9);
      });
    });
    // the last rank's first forward waits for its input inside PP:3F0 (docs/measured.md §4)
    expect(ops[3][0].wait).toBeGreaterThan(5000);
  });

  it('the critical path as op positions: one rank step back or an input from another rank', () => {
    const path = criticalOps(a);
    expect(path.length).toBe(a.critical.steps.length);
    path.forEach((s, k) => {
      expect(s.index).toBeGreaterThanOrEqual(0);
      expect(torchAction(a.run.measured[s.rank].ops[s.index].op)).toBe(a.critical.steps[k].action);
      const n = path[k + 1];
      if (!n) return expect(s.next).toBeNull();
      if (s.next === 'rank') expect([n.rank, n.index]).toEqual([s.rank, s.index + 1]);
      else expect(n.rank).not.toBe(s.rank);
    });
    expect(torchAction(a.run.measured[path[0].rank].ops[path[0].index].op)).toBe('0F0');
    const last = path[path.length - 1];
    expect(a.run.measured[last.rank].ops[last.index].end).toBe(a.run.makespan);
  });

  it("each rank's idle bar sums to the makespan", () => {
    for (const parts of idleBars(a)) {
      expect(parts.reduce((t, p) => t + p.ms, 0)).toBeCloseTo(a.run.makespan / 1000, 4);
      expect(parts.filter((p) => p.kind === 'waiting').length).toBeGreaterThan(0);
    }
  });

  it('the exported costs file, given to the recognised schedule, replays the measured step as the page does', () => {
    const file = fittedCostsFile(a);
    const name = a.recognized.schedule as ScheduleName;
    const costs = resolveStageCosts(JSON.parse(JSON.stringify(file)), a.run.order.topology);
    const built = buildSchedule({ schedule: name, ranks: 4, microbatches: 8, stagesPerRank: 2 }, costs);
    const t = simulate(built, costs);
    const makespan = Math.max(...t.ops.flat().map((o) => o.end));
    // costs rounded to ns, summed along a path of ~60 ops
    expect(Math.abs(makespan - a.simulated!.makespan)).toBeLessThan(0.1);
  });
});
