/**
 * The Explore controller (controller.ts) with an in-process worker pool: a run's rows equal the
 * sweep core's, an input change re-runs (debounced) and a filter change does not, what blocks a
 * run is said, and cancel keeps the rows so far.
 */
import { describe, expect, it } from 'vitest';
import { ExplorePool, type WorkerLike } from '../../app/explorePool.ts';
import { exploreSourceSpec } from '../../pipeline/exploreInputs.ts';
import { evaluatePoint, uniformCosts, type SweepPoint, type SweepSourceSpec } from '../../pipeline/sweep.ts';
import { modelSource } from '../../pipeline/sweepModel.ts';
import { openModelInGantt } from './open.ts';
import { createAppStore } from '../../store/index.ts';
import { DEBOUNCE_MS, ExploreController, blockedReason } from './controller.ts';

class InlineWorker implements WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  private dead = false;
  constructor(private readonly delayMs: number) {}
  postMessage(message: unknown): void {
    const { id, points, spec } = message as { id: number; points: SweepPoint[]; spec: SweepSourceSpec };
    const source = spec.kind === 'model' ? modelSource(spec.model) : uniformCosts(spec.kind === 'costs' ? spec.costs : {});
    setTimeout(() => {
      if (!this.dead) this.onmessage?.({ data: { id, rows: points.map((p) => evaluatePoint(p, source)) } } as MessageEvent);
    }, this.delayMs);
  }
  terminate(): void {
    this.dead = true;
  }
}

const until = async (f: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!f()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

function setup(search: string, delayMs = 0) {
  const store = createAppStore(search);
  const c = new ExploreController(store, new ExplorePool(() => new InlineWorker(delayMs), 1));
  return { store, c };
}

describe('ExploreController', () => {
  it('runs the inputs on the Explore page; rows equal the sweep core; a filter does not re-run', async () => {
    const { store, c } = setup('?page=explore&exs=1f1b,dualpipe&exp=2,4&exm=4,8&F=1&W=0.5');
    c.schedule();
    await until(() => c.getSnapshot().status === 'done');
    const run = c.getSnapshot();
    expect(run.points).toHaveLength(8);
    expect(run.rows).toEqual(run.points.map((p) => evaluatePoint(p, uniformCosts({ F: 1, I: 1, W: 0.5, comm: 0 }))));
    expect(run.costs).toEqual({ F: 1, I: 1, W: 0.5, comm: 0 });
    const version = run.version;
    store.getState().setExploreFilter({ frontierOnly: true });
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 50));
    expect(c.getSnapshot().version).toBe(version);
    // a cost edit on the schedule page's fields is a new sweep
    store.getState().setField('W', '1');
    await until(() => c.getSnapshot().status === 'done' && c.getSnapshot().costs.W === 1);
  });

  it('does not run while the schedule page is shown', async () => {
    const { c } = setup('?exs=1f1b&exp=2&exm=4');
    c.schedule();
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 50));
    expect(c.getSnapshot().status).toBe('idle');
  });

  it('says what blocks a run', () => {
    const { store } = setup('?page=explore');
    expect(blockedReason(store.getState())).toBeNull();
    store.getState().setExploreList('ranks', 'x');
    expect(blockedReason(store.getState())).toBe('Fix the highlighted list to run.');
    store.getState().setExploreList('ranks', '1:1024');
    expect(blockedReason(store.getState())).toMatch(/^The lists give [\d,]+ configurations; this page sweeps up to 5,000/);
    store.getState().setExploreList('ranks', '4');
    for (const s of store.getState().explore.schedules) store.getState().toggleExploreSchedule(s, false);
    expect(blockedReason(store.getState())).toBe('Choose at least one schedule.');
  });

  it('cancel keeps the rows so far; Run sweeps them all', async () => {
    const { c } = setup('?page=explore&exs=1f1b&exp=2:8:2&exm=4:64:4', 5);
    c.start();
    await until(() => c.getSnapshot().done > 0);
    c.cancel();
    const cancelled = c.getSnapshot();
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.done).toBeLessThan(cancelled.points.length);
    expect(cancelled.rows.filter(Boolean)).toHaveLength(cancelled.done);
    c.start();
    await until(() => c.getSnapshot().status === 'done');
    expect(c.getSnapshot().rows.filter(Boolean)).toHaveLength(64);
  });

  it("with a model source: the rows are the model sweep's; a GPU change re-runs; Open draws the model's costs", async () => {
    const { store, c } = setup('?page=explore&exsrc=model&exsetup=llama3.1-8b-64-h100&exs=1f1b,zb-v&exp=2,4&exm=4');
    c.schedule();
    await until(() => c.getSnapshot().status === 'done');
    const run = c.getSnapshot();
    expect(run.model).toEqual({ setup: 'llama3.1-8b-64-h100', gpu: 'h100', mfu: store.getState().explore.mfu });
    expect(run.costUnit).toBe('us');
    const spec = exploreSourceSpec(store.getState().explore, { kind: 'costs', costs: {} });
    if (spec.kind !== 'model') throw new Error('expected a model spec');
    const source = modelSource(spec.model);
    expect(run.rows).toEqual(run.points.map((p) => evaluatePoint(p, source)));
    expect(run.rows.every((r) => r?.valid && r.peakBytes! > 0)).toBe(true);
    store.getState().setExploreModel({ gpu: 'b200' });
    await until(() => c.getSnapshot().status === 'done' && c.getSnapshot().model?.gpu === 'b200');

    const row = c.getSnapshot().rows.find((r) => r?.schedule === 'zb-v' && r.ranks === 4)!;
    await openModelInGantt(store, row, c.getSnapshot().model!);
    const s = store.getState();
    expect(s.page).toBe('schedule');
    expect(s.costsFrom).toBe('model');
    expect(s.model).toMatchObject({ setup: 'llama3.1-8b-64-h100', gpu: 'b200', pp: 4, vpp: 2, microbatches: 4, schedule: 'zb-v', v: null });
  });
});
