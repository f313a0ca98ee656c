/**
 * `createAppStore(search?)`: the app's one store, built on zustand's vanilla `createStore` from
 * its slices with `subscribeWithSelector` on the combined store (URL writer, canvas painter).
 * Tests create a fresh store per case; the app creates one from `window.location.search`.
 */
import { createStore } from 'zustand/vanilla';
import { subscribeWithSelector } from 'zustand/middleware';
import { decodeFp8Url, encodeFp8Url } from '../fp8panel/inputs.ts';
import { createCostsSlice } from './costsSlice.ts';
import { decodeExploreUrl, encodeExploreUrl } from '../pipeline/exploreInputs.ts';
import { createExploreSlice } from './exploreSlice.ts';
import { createFp8Slice } from './fp8Slice.ts';
import { createImportSlice } from './importSlice.ts';
import { createMeasuredSlice } from './measuredSlice.ts';
import { createModelSlice } from './modelSlice.ts';
import { decodeModelUrl, encodeModelUrl } from './modelUrl.ts';
import { createParamsSlice } from './paramsSlice.ts';
import type { AppState } from './types.ts';
import { createUiSlice } from './uiSlice.ts';
import { DEFAULT_VIEW, MEASURED_LINK_WARNING, SOURCE_IMPORT, decodeUrl, encodeUrl, type ViewState } from './url.ts';
import { draftsOf, sameParams } from './params.ts';
import { createViewSlice } from './viewSlice.ts';
import { fieldErrorsOf } from './validate.ts';

export type AppStore = ReturnType<typeof createAppStore>;

export function createAppStore(search = '') {
  const { params, view, warnings: paramWarnings } = decodeUrl(search);
  const fp8 = decodeFp8Url(search);
  const model = decodeModelUrl(search);
  const explore = decodeExploreUrl(search);
  const warnings = [...paramWarnings, ...fp8.warnings, ...model.warnings, ...explore.warnings];
  // a link cannot carry the trace files of a measured run: the schedule view, and say so
  if (view.page === 'measured') warnings.push(MEASURED_LINK_WARNING);
  return createStore<AppState>()(
    subscribeWithSelector((...a) => {
      const state = {
        ...createParamsSlice({ params })(...a),
        ...createViewSlice({ domain: view.domain, selectedMb: view.selectedMb })(...a),
        ...createUiSlice({
          theme: view.theme,
          palette: view.palette,
          renderer: view.renderer,
          tab: view.tab,
          page: view.page === 'measured' ? 'schedule' : view.page,
          warnings,
        })(...a),
        ...createFp8Slice(fp8.inputs)(...a),
        ...createImportSlice(...a),
        ...createModelSlice(model)(...a),
        ...createCostsSlice(...a),
        ...createMeasuredSlice(...a),
        ...createExploreSlice(explore.inputs)(...a),
      };
      // A link whose fields are each fine but whose combination the engine rejects (odd P for
      // DualPipe...) keeps its values in the panel, with the reason, and draws the nearest valid configuration.
      const first = Object.values(fieldErrorsOf(state.drafts))[0];
      if (first)
        state.warnings = [...state.warnings, `the link's parameters do not run: ${first.message}; showing the nearest valid configuration`];
      return state;
    }),
  );
}

export function viewOf(s: AppState): ViewState {
  return { domain: s.domain, selectedMb: s.selectedMb, theme: s.theme, palette: s.palette, renderer: s.renderer, tab: s.tab, page: s.page };
}

/**
 * The query string for the current state (last valid parameters, never the invalid drafts). While
 * an imported custom schedule is shown it ends with `source=import`: the link cannot hold the
 * file, so it names the built-in parameters underneath and says where the view came from.
 */
export function urlOf(s: AppState): string {
  const extra = [encodeFp8Url(s.fp8), encodeModelUrl(s.costsFrom, s.model), encodeExploreUrl(s.explore)].filter((x) => x !== '');
  // the zoom window and highlighted micro-batch belong to the imported timeline, not the built-in one
  const view = s.custom ? { ...viewOf(s), domain: null, selectedMb: null } : viewOf(s);
  const base = [encodeUrl(s.params, view), ...extra].join('&');
  return s.custom ? `${base}&${SOURCE_IMPORT}` : base;
}

/**
 * What a browser history entry stands for: the page and the parameters (and whether an imported
 * schedule is shown over them). The view — zoom, highlight, theme, the FP8 panel's and the Explore
 * page's inputs — rides along in the URL but never makes an entry of its own.
 */
export function paramsKeyOf(s: AppState): string {
  const model = encodeModelUrl(s.costsFrom, s.model);
  const params = encodeUrl(s.params, { ...DEFAULT_VIEW, page: s.page });
  const key = model ? `${params}&${model}` : params;
  return s.custom ? `${key}&${SOURCE_IMPORT}` : key;
}

/**
 * Back/Forward: the parameters and view of a URL the app wrote earlier, read through the same
 * validated decoder as a pasted link (a value that no longer parses falls back as it would there).
 * The FP8 panel keeps its current inputs. An imported schedule stays only on its own entry.
 */
export function restoreUrl(store: AppStore, search: string): void {
  const { params, view } = decodeUrl(search);
  const model = decodeModelUrl(search);
  const s = store.getState();
  if (!new URLSearchParams(search).has('source')) s.clearCustom();
  const next = sameParams(s.params, params) ? s.params : params;
  store.setState({
    params: next,
    drafts: draftsOf(next),
    domain: view.domain,
    selectedMb: view.selectedMb !== null && view.selectedMb < next.microbatches ? view.selectedMb : null,
    hover: null,
    cursor: null,
    theme: view.theme,
    palette: view.palette,
    renderer: view.renderer,
    tab: view.tab,
    costsFrom: model.costsFrom,
    model: JSON.stringify(model.model) === JSON.stringify(s.model) ? s.model : model.model,
    modelDrafts: model.drafts,
    // the measured page only while its run is still loaded
    page: view.page === 'measured' && !s.measured ? 'schedule' : view.page,
  });
}

export type { AppState } from './types.ts';
export { DEFAULT_PARAMS, FIELDS, SCHEDULE_LABELS, TAKES_V, type FieldKey, type Params } from './params.ts';
export { PARAM_PRESETS } from './presets.ts';
export type { Page, PaletteId, RendererMode, SideTab, Theme } from './url.ts';
export type { HoverState, OpRef } from './viewSlice.ts';
export type { CustomSchedule, ImportProblem, ImportedProfile } from './importSlice.ts';
export type { ModelInputs } from './modelInputs.ts';
export type { CostsFrom } from './modelUrl.ts';
export type { FittedSchedule, MeasuredImport, TraceImportProgress } from './measuredSlice.ts';
