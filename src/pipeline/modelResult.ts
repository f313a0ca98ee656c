/**
 * A model run (modelRun.ts, computed in a worker) as the chart's EngineOk: the timeline in µs drawn
 * in ms, memory in bytes drawn in GB with each rank's activation budget as its limit line
 * (docs/model.md §10). The params it carries describe the run (schedule, PP ranks, micro-batches,
 * stages per rank; the median stage's F, I, W in µs) for exports and labels.
 */
import { DEFAULT_PARAMS, type Params } from '../store/params.ts';
import { MICROSECONDS_AS_MS } from '../render/scales.ts';
import { closedFormBubble, withColumns } from '../engine/index.ts';
import type { ModelRunOk } from './modelRun.ts';
import { engineResultOf, type EngineOk } from './runEngine.ts';

const GB = 1e9;

/** The Params a model run stands for (the chart's labels and exports read them). */
export function paramsOfModelRun(run: ModelRunOk): Params {
  const s = run.timeline.schedule;
  const c = run.timeline.costs;
  return {
    ...DEFAULT_PARAMS,
    schedule: run.params.schedule,
    ranks: s.ranks,
    microbatches: s.microbatches,
    stagesPerRank: s.stagesPerRank,
    F: c.F,
    I: c.I,
    W: c.W,
    B: null,
    FB: null,
    comm: c.comm,
    costUnit: 'us',
    detailed: false,
    compare: null,
  };
}

export function engineResultOfModel(run: ModelRunOk): EngineOk {
  // posted from the worker as objects: read into columns once for the layout, metrics and memory passes
  const t = withColumns(run.timeline);
  const s = t.schedule;
  return engineResultOf(t, {
    schedule: run.params.schedule,
    params: paramsOfModelRun(run),
    stagesPerRank: s.stagesPerRank,
    notes: run.notes,
    units: MICROSECONDS_AS_MS,
    detail: null,
    closed: closedFormBubble(run.params.schedule, s.ranks, s.microbatches, t.costs),
    t0: typeof performance !== 'undefined' ? performance.now() : 0,
    memory: { unit: 'GB', bytesPerUnit: GB, limitBytes: run.activationBudgetBytes, hbmBytes: run.step.hbmBytes },
  });
}
