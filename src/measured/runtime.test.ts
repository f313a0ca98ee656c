/**
 * The real torch.distributed.pipelining traces of fixtures/golden/torch-runtime: the imported order
 * equals the schedule's own `pipeline_order` (meta.json), every op keeps the trace's start and end,
 * the ranks share a clock, the schedule is recognised, and the fitted replay lands near the
 * measured makespan.
 */
import { describe, expect, it } from 'vitest';
import { SCHEDULE_NAMES } from '../engine/index.ts';
import { torchAction } from '../interop/torchCsv.ts';
import { analyzeRun } from './analyze.ts';
import { readTraceFiles } from './files.ts';
import { traceReport } from './report.ts';
import { CONFIGS, fixtureFiles, fixtureMeta, fixtureText } from './testing/fixtures.ts';

const COMPUTE = /^PP:(\d+[FIWB]\d+|\(.*\)OVERLAP_F_B)$/;

/** The compute ranges of a trace read independently of the importer: [name, ts, end] by start. */
function computeRanges(text: string): [string, number, number][] {
  const evs = JSON.parse(text).traceEvents as { ph: string; cat: string; name: string; ts: number; dur: number }[];
  return evs
    .filter((e) => e.ph === 'X' && e.cat === 'user_annotation' && COMPUTE.test(e.name))
    .map((e): [string, number, number] => [e.name.slice(3), e.ts, e.ts + e.dur])
    .sort((a, b) => a[1] - b[1]);
}

describe.each(CONFIGS)('%s', (config) => {
  const analysis = analyzeRun(readTraceFiles(fixtureFiles(config)));
  const report = traceReport(analysis);
  const meta = fixtureMeta(config);

  it('reads P, M, the stages and their placement', () => {
    expect(report).toMatchObject({ format: 'torch-profiler', ranks: 4, microbatches: 8, stages: 8, rankStages: meta.rank_stages });
  });

  it("each rank's op order is the schedule's own pipeline_order", () => {
    analysis.run.order.ops.forEach((ops, r) => {
      const planned = meta.pipeline_order[String(r)].filter((a): a is string => a !== null);
      expect(ops.map(torchAction)).toEqual(planned);
    });
  });

  it("every op's start and end are the trace's, within 1 µs of the earliest compute op", () => {
    const ranges = [0, 1, 2, 3].map((r) => computeRanges(fixtureText(config, `rank${r}.pt.trace.json`)));
    const t0 = Math.min(...ranges.map((x) => x[0][1]));
    report.measured.forEach(({ rank, ops }) => {
      expect(ops).toHaveLength(ranges[rank].length);
      ops.forEach((o, i) => {
        const [name, ts, end] = ranges[rank][i];
        expect(torchAction(analysis.run.order.ops[rank][i])).toBe(name);
        expect(Math.abs(o.start - (ts - t0))).toBeLessThan(1);
        expect(Math.abs(o.end - (end - t0))).toBeLessThan(1);
      });
    });
    expect(Math.min(...report.measured.map((m) => m.ops[0].start))).toBe(0);
  });

  it('the four files share one clock: no receive completes before its send starts', () => {
    expect(report.clock.shared).toBe(true);
    expect(report.clock.violations).toBe(0);
    expect(report.clock.pairs).toBeGreaterThan(100);
    expect(report.clock.offsets).toEqual([0, 0, 0, 0]);
  });

  it('fits one cost per stage for every kind the schedule runs, with the spread behind it', () => {
    const kinds = config.startsWith('Interleaved1F1B') ? ['B', 'F'] : ['F', 'I', 'W'];
    const lists = Object.keys(report.fitted.costs).filter((k) => k !== 'comm');
    expect(lists.sort()).toEqual(kinds);
    for (const k of kinds) {
      const costs = report.fitted.costs[k as 'F']!;
      const spread = report.fitted.spread[k as 'F']!;
      expect(costs).toHaveLength(8);
      costs.forEach((c, s) => {
        expect(spread[s]).toMatchObject({ n: 8, median: c });
        expect(spread[s]!.min).toBeLessThanOrEqual(c);
        expect(spread[s]!.max).toBeGreaterThanOrEqual(c);
      });
    }
    // gloo over loopback: the fastest transfers take ~200 µs
    expect(report.fitted.costs.comm).toBeGreaterThan(150);
    expect(report.fitted.costs.comm).toBeLessThan(1000);
    expect(report.fitted.commSpread!.min).toBeGreaterThan(150);
  });

  it('recognises the schedule (interleaved-zb when the engine has it)', () => {
    if (config.startsWith('Interleaved1F1B')) {
      expect(report.recognized).toMatchObject({ schedule: 'interleaved-1f1b', stagesPerRank: 2, matches: true });
    } else if ((SCHEDULE_NAMES as readonly string[]).includes('interleaved-zb')) {
      expect(report.recognized).toMatchObject({ schedule: 'interleaved-zb', stagesPerRank: 2, matches: true });
    } else {
      expect(report.recognized.schedule).toBeNull();
      expect(report.recognized.closest!.firstDifference).toMatchObject({ expected: expect.any(String), measured: expect.any(String) });
      expect(report.recognized.reason).toMatch(/first differs at rank \d op #\d+: expected \w+, measured \w+/);
    }
  });

  it('replays within 50% of the measured makespan', () => {
    expect(report.simulated.makespan).not.toBeNull();
    expect(report.simulated.ratio!).toBeGreaterThan(0.5);
    expect(report.simulated.ratio!).toBeLessThan(1.5);
  });

  it('splits each rank into busy, waiting and bubble time that add up to the makespan', () => {
    for (const i of report.idle) {
      expect(i.busyMs + i.waitingMs + i.bubbleMs).toBeCloseTo(report.measuredMakespan / 1000, 5);
      expect(Math.min(i.busyMs, i.waitingMs, i.bubbleMs)).toBeGreaterThanOrEqual(0);
      expect(i.waitingOn.reduce((s, w) => s + w.ms, 0)).toBeCloseTo(i.waitingMs, 5);
      for (const w of i.waitingOn) expect(Math.abs(w.rank - i.rank) === 1 || Math.abs(w.rank - i.rank) === 3).toBe(true);
    }
    // the last rank's first forward waits for stage 2 (rank 2) to send it down the pipeline
    expect(report.measured[3].ops[0].wait).toBeGreaterThan(5000);
    expect(report.idle[3].waitingOn.map((w) => w.rank)).toContain(2);
  });

  it('walks the critical path back from the last op to the first forward', () => {
    const steps = report.criticalPath.steps;
    expect(steps[steps.length - 1].end).toBe(report.measuredMakespan);
    expect(steps[0].action).toBe('0F0');
    for (let k = 0; k + 1 < steps.length; k++) expect(steps[k].end).toBeLessThanOrEqual(steps[k + 1].end);
  });
});
