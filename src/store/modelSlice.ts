/**
 * The Model panel's state (docs/model.md §10): `model` the last valid inputs, `modelDrafts` the text
 * of every field as shown (possibly invalid; its issues are derived with `evaluateModel`), and
 * `costsFrom`: whether the chart's costs come from the parameters panel or from the model. With
 * 'model', the chart draws `model.schedule` on the model's PP ranks with its per-stage costs (µs) and
 * memory (bytes) — the costs file the planner derives (src/pipeline/modelRun.ts), run in a worker.
 *
 * Committed changes (a select, a fix, Enter, leaving a field, a setup, a fits-table click) count in
 * the parameters slice's `commits`, so each is one history entry (hooks/useUrlSync.ts).
 */
import type { ScheduleName } from '../engine/index.ts';
import { evaluateModel, modelDraftsOf, setupInputs, type ModelDrafts, type ModelInputs, type ModelKey } from './modelInputs.ts';
import type { CostsFrom } from './modelUrl.ts';
import type { SliceCreator } from './types.ts';

export interface ModelSlice {
  costsFrom: CostsFrom;
  model: ModelInputs;
  modelDrafts: ModelDrafts;
  /** edit one field from its text; the model follows when the whole set is valid */
  setModelField: (key: ModelKey, raw: string, commit?: boolean) => void;
  /** start from a setup: every field takes the setup's value, and the chart the model's costs */
  applySetup: (id: string) => void;
  setCostsFrom: (from: CostsFrom) => void;
  /** draw this schedule with the model's costs (the "which schedule fits" table) */
  openFit: (schedule: ScheduleName) => void;
}

export const createModelSlice =
  (initial: { costsFrom: CostsFrom; model: ModelInputs; drafts: ModelDrafts }): SliceCreator<ModelSlice> =>
  (set, get) => {
    const commit = (drafts: ModelDrafts, extra: Partial<ModelSlice> = {}) => {
      const { inputs } = evaluateModel(drafts);
      const prev = get().model;
      const next = inputs && JSON.stringify(inputs) !== JSON.stringify(prev) ? inputs : prev;
      // a new model means a new timeline: the zoom window and the op indices of the old one mean nothing
      const moved = next !== prev ? { domain: null, selectedMb: null, hover: null, cursor: null } : {};
      set({ modelDrafts: drafts, model: next, ...moved, ...extra });
    };
    return {
      costsFrom: initial.costsFrom,
      model: initial.model,
      modelDrafts: initial.drafts,
      setModelField: (key, raw, commitNow = false) => {
        if (key === 'setup' && raw !== get().modelDrafts.setup) {
          // a new setup brings all of its values, and is chosen to be drawn
          get().applySetup(raw);
          return;
        }
        commit({ ...get().modelDrafts, [key]: raw });
        if (commitNow) get().commitParams();
      },
      applySetup: (id) => {
        get().clearCustom();
        commit(modelDraftsOf(setupInputs(id)), { costsFrom: 'model' });
        get().commitParams();
      },
      setCostsFrom: (from) => {
        if (from === get().costsFrom) return;
        get().clearCustom();
        set({ costsFrom: from, domain: null, selectedMb: null, hover: null, cursor: null });
        get().commitParams();
      },
      openFit: (schedule) => {
        get().clearCustom();
        commit({ ...get().modelDrafts, schedule, v: '' }, { costsFrom: 'model' });
        get().commitParams();
      },
    };
  };
