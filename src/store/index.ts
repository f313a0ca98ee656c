/**
 * `createAppStore(search?)`: the app's one store, built on zustand's vanilla `createStore` from
 * three slices with `subscribeWithSelector` on the combined store (URL writer, canvas painter).
 * Tests create a fresh store per case; the app creates one from `window.location.search`.
 */
import { createStore } from 'zustand/vanilla';
import { subscribeWithSelector } from 'zustand/middleware';
import { decodeFp8Url, encodeFp8Url } from '../fp8panel/inputs.ts';
import { createFp8Slice } from './fp8Slice.ts';
import { createParamsSlice } from './paramsSlice.ts';
import type { AppState } from './types.ts';
import { createUiSlice } from './uiSlice.ts';
import { decodeUrl, encodeUrl, type ViewState } from './url.ts';
import { createViewSlice } from './viewSlice.ts';

export type AppStore = ReturnType<typeof createAppStore>;

export function createAppStore(search = '') {
  const { params, view, warnings: paramWarnings } = decodeUrl(search);
  const fp8 = decodeFp8Url(search);
  const warnings = [...paramWarnings, ...fp8.warnings];
  return createStore<AppState>()(
    subscribeWithSelector((...a) => {
      const state = {
        ...createParamsSlice({ params })(...a),
        ...createViewSlice({ domain: view.domain, selectedMb: view.selectedMb })(...a),
        ...createUiSlice({ theme: view.theme, palette: view.palette, renderer: view.renderer, tab: view.tab, warnings })(...a),
        ...createFp8Slice(fp8.inputs)(...a),
      };
      // A link whose fields are each fine but whose combination the engine rejects (odd P for
      // DualPipe...) keeps its values in the panel, with the reason, and draws the nearest valid configuration.
      const first = Object.values(state.fieldErrors)[0];
      if (first) state.warnings = [...state.warnings, `the link's parameters do not run: ${first.message}; showing the nearest valid configuration`];
      return state;
    }),
  );
}

export function viewOf(s: AppState): ViewState {
  return { domain: s.domain, selectedMb: s.selectedMb, theme: s.theme, palette: s.palette, renderer: s.renderer, tab: s.tab };
}

/** The query string for the current state (last valid parameters, never the invalid drafts). */
export function urlOf(s: AppState): string {
  const fp8 = encodeFp8Url(s.fp8);
  return fp8 ? `${encodeUrl(s.params, viewOf(s))}&${fp8}` : encodeUrl(s.params, viewOf(s));
}

export type { AppState } from './types.ts';
export { DEFAULT_PARAMS, FIELDS, SCHEDULE_LABELS, TAKES_V, type FieldKey, type Params } from './params.ts';
export { PARAM_PRESETS } from './presets.ts';
export type { PaletteId, RendererMode, SideTab, Theme } from './url.ts';
export type { HoverState, OpRef } from './viewSlice.ts';
