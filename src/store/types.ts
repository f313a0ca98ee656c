/**
 * The store's shape: the slices combined into one zustand store (docs/style.md F). Derived data
 * (timeline, layout, metrics) is never stored: it is recomputed from `params` by useTimeline.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { CostsSlice } from './costsSlice.ts';
import type { ExploreSlice } from './exploreSlice.ts';
import type { Fp8Slice } from './fp8Slice.ts';
import type { ImportSlice } from './importSlice.ts';
import type { ModelSlice } from './modelSlice.ts';
import type { MeasuredSlice } from './measuredSlice.ts';
import type { ParamsSlice } from './paramsSlice.ts';
import type { UiSlice } from './uiSlice.ts';
import type { ViewSlice } from './viewSlice.ts';

export type AppState = ParamsSlice & ViewSlice & UiSlice & Fp8Slice & ImportSlice & ModelSlice & CostsSlice & MeasuredSlice & ExploreSlice;

/** A slice creator typed against the whole store with the middleware the store applies. */
export type SliceCreator<T> = StateCreator<AppState, [['zustand/subscribeWithSelector', never]], [], T>;
