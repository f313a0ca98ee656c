import { describe, expect, it } from 'vitest';
import { buildReport, buildSchedule, dependencyIndex, resolveCosts, simulate } from '../engine/index.ts';
import { detailedTimeline, getPreset } from '../engine/overlap/index.ts';
import { importTorchCsv } from '../interop/index.ts';
import { DEFAULT_PARAMS } from '../store/params.ts';
import { activationData } from '../render/activation.ts';
import { activationOf, producersOf, runEngine } from './runEngine.ts';

describe('runEngine', () => {
  it('answers the dependency index and activation data of the result asked about', () => {
    const r = runEngine(DEFAULT_PARAMS);
    const other = runEngine({ ...DEFAULT_PARAMS, microbatches: 22 });
    if (!r.ok) throw new Error(r.error);
    if (!other.ok) throw new Error(other.error);
    // asked in turns: an answer kept for one result must never be handed out for another
    for (const x of [r, other, r, other]) {
      expect(producersOf(x)).toEqual(dependencyIndex(x.timeline.schedule));
      expect(activationOf(x)).toEqual(activationData(x.timeline));
    }
    expect(activationOf(other)).not.toEqual(activationOf(r));
    expect(producersOf(other)).not.toEqual(producersOf(r));
  });

  it('the default view is the CLI’s DualPipe P=8 M=20, op for op', () => {
    const r = runEngine(DEFAULT_PARAMS);
    if (!r.ok) throw new Error(r.error);
    const c = resolveCosts();
    const report = buildReport(simulate(buildSchedule({ schedule: 'dualpipe', ranks: 8, microbatches: 20 }, c), c));
    expect(r.layout.rects).toHaveLength(report.timeline.reduce((n, t) => n + t.ops.length, 0));
    for (const { rank, ops } of report.timeline) {
      const mine = r.layout.rects.filter((o) => o.rank === rank);
      ops.forEach((o, i) => {
        expect(mine[i].kind).toBe(o.kind);
        expect([mine[i].start, mine[i].end]).toEqual([o.start, o.end]);
      });
    }
    expect(r.metrics.makespan).toBe(report.metrics.makespan);
    expect(r.closed?.formula).toBe('(P/2−1)(F&B+B−3W)');
    expect(r.units.factor).toBe(1);
  });

  it('a comparison the params cannot run comes back as a reason, not an exception', () => {
    const r = runEngine({ ...DEFAULT_PARAMS, ranks: 7, schedule: '1f1b' }, 'dualpipe');
    expect(r).toEqual({ ok: false, schedule: 'dualpipe', error: 'DualPipe needs an even number of ranks; got 7' });
  });

  it('the detailed mode simulates with the overlap model’s costs (µs, shown as ms)', () => {
    const p = { ...DEFAULT_PARAMS, detailed: true, ranks: 4, microbatches: 8 };
    const r = runEngine(p);
    if (!r.ok) throw new Error(r.error);
    const d = detailedTimeline({ schedule: 'dualpipe', ranks: 4, microbatches: 8 }, getPreset(p.hw).model, p.commSms);
    expect(r.layout.makespan).toBeCloseTo(d.makespan, 6);
    expect(r.units.title).toBe('time (ms)');
    expect(r.detail?.costs.FB).toBeCloseTo(d.detail.costs.FB, 6);
    // more comm SMs slow compute; fewer expose comm: the pair span moves
    const r2 = runEngine({ ...p, commSms: 4 });
    if (!r2.ok) throw new Error(r2.error);
    expect(r2.detail!.costs.FB).toBeGreaterThan(r.detail!.costs.FB);
  });

  it('bandwidth and layers reach the model', () => {
    const p = { ...DEFAULT_PARAMS, detailed: true, ranks: 4, microbatches: 8 };
    const slow = runEngine({ ...p, ib: 5 });
    const base = runEngine(p);
    const two = runEngine({ ...p, layers: 2 });
    if (!slow.ok || !base.ok || !two.ok) throw new Error('run failed');
    expect(slow.metrics.makespan).toBeGreaterThan(base.metrics.makespan);
    expect(two.detail!.costs.F).toBeLessThan(base.detail!.costs.F);
  });

  it('runs an imported custom order with the params’ costs (plain and detailed), without a closed form', () => {
    const { schedule } = importTorchCsv('0F0,0F1,0B0,0B1\n1F0,1B0,1F1,1B1\n', resolveCosts());
    const r = runEngine({ ...DEFAULT_PARAMS, F: 2, ranks: 8 }, schedule);
    if (!r.ok) throw new Error(r.error);
    expect([r.schedule, r.stagesPerRank, r.closed, r.notes, r.layout.ranks]).toEqual(['custom', 1, null, [], 2]);
    expect(r.timeline.ops).toEqual(simulate(schedule, resolveCosts({ F: 2 })).ops);
    const d = runEngine({ ...DEFAULT_PARAMS, detailed: true }, schedule);
    if (!d.ok) throw new Error(d.error);
    expect(d.detail).not.toBeNull();
    expect(d.units.title).toBe('time (ms)');
  });
});
