/**
 * Opening a sweep's configuration as its Gantt chart: the schedule page with that schedule, P, M and
 * v, the costs the sweep used (the schedule page's own) and the plain cost mode the sweep ran in —
 * one committed change, so Back returns to the Explore page. A memory limit is not a parameter of
 * the schedule page: a notice says the default limit is drawn.
 */
import { scheduleTopology, takesStagesPerRank } from '../../engine/index.ts';
import type { SweepRow } from '../../pipeline/sweep.ts';
import { evaluateModel, modelDraftsOf, setupInputs, type ModelInputs } from '../../store/modelInputs.ts';
import type { AppStore } from '../../store/index.ts';
import { TAKES_V } from '../../store/params.ts';

export function openInGantt(store: AppStore, row: SweepRow): void {
  const s = store.getState();
  const next = {
    ...s.params,
    schedule: row.schedule,
    ranks: row.ranks,
    microbatches: row.microbatches,
    stagesPerRank: TAKES_V.has(row.schedule) ? row.stagesPerRank : s.params.stagesPerRank,
    detailed: false,
    compare: null,
  };
  // the page first, without a commit of its own: applyParams commits both as one history entry
  store.setState({ page: 'schedule' });
  s.applyParams(next);
  if (row.memLimit !== null)
    s.notify(`The schedule page draws ${row.schedule} with its default memory limit (the sweep's point had ${row.memLimit}).`);
}

/**
 * A model-source point as its Gantt chart: the Model panel's inputs become the sweep's setup on the
 * swept GPU and MFU with this schedule, P, M and stages per rank (chunks per rank as the sweep laid
 * them out, sweepModel.ts), and the chart's costs come from the model — the planner's µs and bytes,
 * as the point was swept. One committed change, so Back returns here. A combination the Model panel
 * rejects (its own rules, such as the interactive view's op limit) is not opened: a notice says why.
 */
export async function openModelInGantt(store: AppStore, row: SweepRow, model: { setup: string; gpu: string; mfu: number }): Promise<void> {
  // the sweep's own rule for the chunks per rank; loaded on demand, as the sweep core loads it
  const { modelChunksPerRank } = await import('../../pipeline/sweepModel.ts');
  const s = store.getState();
  const params = { schedule: row.schedule, ranks: row.ranks, microbatches: row.microbatches, stagesPerRank: row.stagesPerRank };
  const chunks = modelChunksPerRank(params, scheduleTopology(params));
  const inputs: ModelInputs = {
    ...setupInputs(model.setup),
    gpu: model.gpu,
    mfu: model.mfu,
    pp: row.ranks,
    vpp: chunks > 1 ? chunks : null,
    microbatches: row.microbatches,
    schedule: row.schedule,
    v: takesStagesPerRank(row.schedule) ? row.stagesPerRank : null,
  };
  const drafts = modelDraftsOf(inputs);
  const e = evaluateModel(drafts);
  if (!e.inputs) {
    const why = Object.values(e.errors)[0]?.message ?? 'the Model panel rejects it';
    s.notify(`${row.schedule} on ${row.ranks} ranks cannot be drawn with the model here: ${why}.`);
    return;
  }
  s.clearCustom();
  store.setState({
    page: 'schedule',
    costsFrom: 'model',
    model: e.inputs,
    modelDrafts: drafts,
    domain: null,
    selectedMb: null,
    hover: null,
    cursor: null,
  });
  s.commitParams();
}
