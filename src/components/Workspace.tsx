/**
 * Runs the engine for the main schedule (the built-in one of `params`, or an imported custom
 * op order) and the optional comparison (memoised on params) and hands the results to the chart
 * and the side panel. If the engine ever fails on params the validator accepted, the last good
 * result stays on screen with the reason above it. Import status and the profiler view of an
 * imported trace sit above the chart. The side panel renders after the chart (deferred value).
 */
import { Suspense, lazy, useDeferredValue, useRef } from 'react';
import { useAppStore } from '../hooks/useAppStore.ts';
import type { EngineOk } from '../pipeline/runEngine.ts';
import { useMainTimeline, useTimeline } from '../hooks/useTimeline.ts';
import { useModelRun } from '../hooks/useModelRun.ts';
import type { ThemeName } from '../render/palette.ts';
import { ChartArea } from './ChartArea.tsx';
import { ImportStatus } from './interop/ImportStatus.tsx';
import { SidePanel } from './SidePanel.tsx';
import { scheduleLabel } from '../store/params.ts';
import type { ScheduleName } from '../engine/index.ts';

// the profiler view (Kineto parsing, pair replay) loads when a trace is first imported
const ProfileView = lazy(() => import('./interop/ProfileView.tsx').then((m) => ({ default: m.ProfileView })));

/** A slow build running in the engine worker: a spinner, and Cancel back to the parameters last drawn. */
function Building({ what, last }: { what: string; last: EngineOk | null }) {
  const applyParams = useAppStore((s) => s.applyParams);
  return (
    <p className="building" role="status" data-testid="engine-pending">
      <span className="spinner" aria-hidden="true" /> Building {scheduleLabel(what as ScheduleName)} in the background
      {last ? '; the chart shows the last result until it is done' : ''}{' '}
      {last ? (
        <button type="button" onClick={() => applyParams(last.params)}>
          Cancel
        </button>
      ) : null}
    </p>
  );
}

export function Workspace({ theme }: { theme: ThemeName }) {
  const params = useAppStore((s) => s.params);
  const custom = useAppStore((s) => s.custom);
  const profile = useAppStore((s) => s.profile !== null);
  // costs from the model (docs/model.md §10): its schedule, run in a worker, takes the chart
  const modelOn = useAppStore((s) => s.costsFrom === 'model') && !custom;
  const modelTab = useAppStore((s) => s.tab === 'model');
  const model = useModelRun(
    useAppStore((s) => s.model),
    modelOn || modelTab,
  );
  const fromParams = useMainTimeline(params, custom);
  const main = modelOn ? model.engine : fromParams;
  // a comparison runs the params' P and M, which an imported order or the model does not share
  const compare = useTimeline(params, custom || modelOn ? null : params.compare);
  const lastGood = useRef<EngineOk | null>(null);
  if (main?.ok) lastGood.current = main;
  const shown = main?.ok ? main : lastGood.current;
  // The chart is what a parameter change is for: it goes into the next frame; the metrics panel
  // follows in a later render React may interrupt (measured: scripts/bench/browser.ts).
  const sideMain = useDeferredValue(shown);
  const sideCompare = useDeferredValue(compare?.ok ? compare : null);
  return (
    <>
      <main className="main-col" data-model={modelOn ? (model.pending || !model.engine ? 'pending' : 'ready') : 'off'}>
        {modelOn && model.pending ? (
          <p className="notice" data-testid="model-pending">
            Computing the model's schedule…
          </p>
        ) : null}
        <ImportStatus main={shown} />
        {profile ? (
          <Suspense fallback={null}>
            <ProfileView theme={theme} />
          </Suspense>
        ) : null}
        {main && !main.ok && main.pending ? <Building what={main.schedule} last={lastGood.current} /> : null}
        {main && !main.ok && !main.pending ? (
          <p className="error" role="alert" data-testid="engine-error">
            {main.error}
          </p>
        ) : null}
        {shown ? <ChartArea main={shown} compare={compare} theme={theme} /> : null}
      </main>
      <SidePanel main={sideMain} compare={sideCompare} model={model} />
    </>
  );
}
