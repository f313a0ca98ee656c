/**
 * Opening a model-source point (open.ts openModelInGantt): the Model panel then draws the same
 * configuration the sweep measured — its run's makespan is the row's step time, for interleaved,
 * V-shaped, DualPipe and plain schedules — and a combination the panel rejects stays put with why.
 */
import { describe, expect, it } from 'vitest';
import { timelineMakespan } from '../../engine/metrics.ts';
import { exploreSourceSpec } from '../../pipeline/exploreInputs.ts';
import { runModel } from '../../pipeline/modelRun.ts';
import { evaluatePoint, type SweepPoint } from '../../pipeline/sweep.ts';
import { modelSource } from '../../pipeline/sweepModel.ts';
import { createAppStore } from '../../store/index.ts';
import { openModelInGantt } from './open.ts';

const link = '?page=explore&exsrc=model&exsetup=llama3.1-70b-128-h100&exgpu=h200&exmfu=0.45';

describe('openModelInGantt', () => {
  const points: SweepPoint[] = [
    { schedule: 'zb-h1', ranks: 16, microbatches: 8 },
    { schedule: 'interleaved-1f1b', ranks: 8, microbatches: 16, stagesPerRank: 2 },
    { schedule: 'zb-v', ranks: 4, microbatches: 8 },
    { schedule: 'dualpipe', ranks: 4, microbatches: 8 },
    { schedule: '1f1b', ranks: 3, microbatches: 8 },
  ];
  for (const p of points)
    it(`${p.schedule} P=${p.ranks} M=${p.microbatches}: the chart's model run has the row's step time`, async () => {
      const store = createAppStore(link);
      const spec = exploreSourceSpec(store.getState().explore, { kind: 'costs', costs: {} });
      if (spec.kind !== 'model') throw new Error('expected a model spec');
      const row = evaluatePoint(p, modelSource(spec.model));
      expect(row.valid).toBe(true);
      await openModelInGantt(store, row, { setup: 'llama3.1-70b-128-h100', gpu: 'h200', mfu: 0.45 });
      const s = store.getState();
      expect(s.page).toBe('schedule');
      expect(s.costsFrom).toBe('model');
      expect(s.model).toMatchObject({ gpu: 'h200', mfu: 0.45, pp: p.ranks, microbatches: p.microbatches, schedule: p.schedule });
      const run = runModel(s.model);
      if (!run.ok) throw new Error(run.error);
      expect(timelineMakespan(run.timeline) / 1000).toBeCloseTo(row.stepTimeMs!, 6);
    });

  it('a combination the Model panel rejects stays on the Explore page with a notice saying why', async () => {
    const store = createAppStore(link);
    // a row for the engine, but over the interactive view's op limit (the Model panel's own rule)
    const row = evaluatePoint({ schedule: '1f1b', ranks: 64, microbatches: 4096 }, { costsFor: () => ({}) as never });
    await openModelInGantt(store, row, { setup: 'llama3.1-70b-128-h100', gpu: 'h200', mfu: 0.45 });
    expect(store.getState().page).toBe('explore');
    expect(store.getState().costsFrom).toBe('params');
    expect(store.getState().notice).toMatch(/^1f1b on 64 ranks cannot be drawn with the model here: .*op.+\.$/);
  });
});
