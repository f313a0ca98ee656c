/**
 * Runs the engine for the main schedule and the optional comparison (memoised on params) and
 * hands the results to the chart and the side panel. If the engine ever fails on params the
 * validator accepted, the last good result stays on screen with the reason above it.
 */
import { useRef } from 'react';
import { useAppStore } from '../hooks/useAppStore.ts';
import type { EngineOk } from '../hooks/runEngine.ts';
import { useTimeline } from '../hooks/useTimeline.ts';
import type { ThemeName } from '../render/palette.ts';
import { ChartArea } from './ChartArea.tsx';
import { SidePanel } from './SidePanel.tsx';

export function Workspace({ theme }: { theme: ThemeName }) {
  const params = useAppStore((s) => s.params);
  const main = useTimeline(params);
  const compare = useTimeline(params, params.compare);
  const lastGood = useRef<EngineOk | null>(null);
  if (main?.ok) lastGood.current = main;
  const shown = main?.ok ? main : lastGood.current;
  return (
    <>
      <main className="main-col">
        {main && !main.ok ? (
          <p className="error" role="alert" data-testid="engine-error">
            {main.error}
          </p>
        ) : null}
        {shown ? <ChartArea main={shown} compare={compare} theme={theme} /> : null}
      </main>
      <SidePanel main={shown} compare={compare?.ok ? compare : null} />
    </>
  );
}
