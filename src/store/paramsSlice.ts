/**
 * Parameters: `drafts` is what the panel shows (raw text per field, possibly invalid), `params`
 * the last valid combination, which is what the chart draws. An invalid edit leaves `params`
 * alone and records the reason per field, so the chart keeps showing the last valid state.
 * Editing what defines the built-in schedule (schedule, P, M, v, comparison) or applying a preset
 * leaves an imported custom schedule (importSlice.ts); cost edits apply to it.
 *
 * `commits` counts committed changes (Enter, leaving a field, a select, a preset, a fix): the URL
 * writer (hooks/useUrlSync.ts) turns each into a browser history entry, while the edits in
 * between (keystrokes, a slider drag, a held arrow key) only update the entry they started.
 */
import { DEFAULT_PARAMS, draftsOf, hwDefaults, sameParams, type Drafts, type FieldKey, type Params } from './params.ts';
import { paramPreset } from './presets.ts';
import type { SliceCreator } from './types.ts';
import { evaluate } from './validate.ts';

/** Fields that pick the built-in schedule: editing one means "show the built-in schedule again". */
const SHAPE_KEYS: ReadonlySet<FieldKey> = new Set(['schedule', 'ranks', 'microbatches', 'stagesPerRank', 'compare']);

export interface ParamsSlice {
  params: Params;
  /** raw text per field; its per-field issues are derived with `fieldErrorsOf(drafts)` */
  drafts: Drafts;
  /** edit one field from its text; applies when the whole combination is valid. `commit`: a
   *  committed change (a select, a fix), which ends a history step */
  setField: (key: FieldKey, raw: string, commit?: boolean) => void;
  /** the change being made is complete (Enter, blur, the end of a drag or of a held key) */
  commitParams: () => void;
  /** committed changes so far (the URL writer pushes a history entry for each) */
  commits: number;
  /** replace every parameter (presets); resets zoom and highlight */
  applyParams: (params: Params) => void;
  applyPreset: (id: string) => void;
}

export const createParamsSlice =
  (initial: { params: Params; drafts?: Drafts }): SliceCreator<ParamsSlice> =>
  (set, get) => {
    const drafts0 = initial.drafts ?? draftsOf(initial.params);
    const first = evaluate(drafts0);
    // What to draw while the drafts are invalid: the same params with each rejected field at its
    // default, or else the defaults.
    const fallback = (): Params => {
      const patched = { ...initial.params };
      for (const key of Object.keys(first.errors) as FieldKey[]) (patched as Record<FieldKey, unknown>)[key] = DEFAULT_PARAMS[key];
      return evaluate(draftsOf(patched)).params ?? { ...DEFAULT_PARAMS };
    };
    const commit = (drafts: Drafts) => {
      const { params } = evaluate(drafts);
      if (!params) {
        set({ drafts });
        return;
      }
      const prev = get().params;
      const next = sameParams(prev, params) ? prev : params;
      const mb = get().selectedMb;
      // op indices of the old layout mean nothing in the new one
      const moved = next !== prev ? { hover: null, cursor: null } : {};
      set({ drafts, params: next, ...moved, ...(mb !== null && mb >= next.microbatches ? { selectedMb: null } : {}) });
    };
    return {
      params: first.params ?? fallback(),
      drafts: drafts0,
      commits: 0,
      commitParams: () => set({ commits: get().commits + 1 }),
      setField: (key, raw, commitNow = false) => {
        if (SHAPE_KEYS.has(key)) get().clearCustom();
        let drafts = { ...get().drafts, [key]: raw };
        if (key === 'hw' && raw !== get().drafts.hw) {
          // A new GPU brings its own SM count and links: start from its numbers.
          const hw = hwDefaults(raw);
          drafts = { ...drafts, commSms: String(hw.commSms), nvlink: String(hw.nvlink), ib: String(hw.ib), layers: String(hw.layers) };
        }
        commit(drafts);
        if (commitNow) get().commitParams();
      },
      applyParams: (params) => {
        get().clearCustom();
        // a preset, an imported project or a measured run's fitted costs are parameters to draw: the
        // chart takes its costs from them again, not from the Model panel (store/modelSlice.ts)
        set({ domain: null, selectedMb: null, cursor: null, hover: null, costsFrom: 'params' });
        commit(draftsOf(params));
        get().commitParams();
      },
      applyPreset: (id) => {
        const p = paramPreset(id);
        if (p) get().applyParams(p.params);
      },
    };
  };
