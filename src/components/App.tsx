/**
 * The page (composition only): one store created from the URL, the URL kept in sync, the theme
 * applied, and the four regions — header, parameters, chart, side panel (metrics / FP8) — or, on
 * the Explore page, the design-space sweep, or the "Measured run" page, the measured run of imported
 * traces (each loaded on first use).
 */
import { Suspense, lazy, useLayoutEffect, useState } from 'react';
import { installAppHook } from '../app/appHook.ts';
import { StoreContext, useAppStore } from '../hooks/useAppStore.ts';
import { useTheme } from '../hooks/useTheme.ts';
import { useUrlSync } from '../hooks/useUrlSync.ts';
import { createAppStore, type AppStore } from '../store/index.ts';
import { Header } from './Header.tsx';
import { ParamsPanel } from './ParamsPanel.tsx';
import { WarningsBanner } from './WarningsBanner.tsx';
import { Workspace } from './Workspace.tsx';
import { loadMeasuredPage, loadedMeasuredPage } from './measured/pageLoader.ts';
import type { ThemeName } from '../render/palette.ts';

const LazyMeasuredPage = lazy(() => loadMeasuredPage().then((m) => ({ default: m.MeasuredPage })));

/** The measured page: at once when its code is already here (measured/pageLoader.ts), else through Suspense. */
function MeasuredPage({ theme }: { theme: ThemeName }) {
  const m = loadedMeasuredPage();
  if (m) return <m.MeasuredPage theme={theme} />;
  return (
    <Suspense fallback={<p className="import-note">Loading the measured run…</p>}>
      <LazyMeasuredPage theme={theme} />
    </Suspense>
  );
}

const ExplorePage = lazy(() => import('./explore/ExplorePage.tsx').then((m) => ({ default: m.ExplorePage })));

export function App({ store: injected }: { store?: AppStore } = {}) {
  const [store] = useState(() => injected ?? createAppStore(window.location.search));
  useUrlSync(store);
  // a layout effect: installed before the charts' effects (children's run first) report into it
  useLayoutEffect(() => {
    installAppHook(store);
  }, [store]);
  return (
    <StoreContext.Provider value={store}>
      <Shell />
    </StoreContext.Provider>
  );
}

function Shell() {
  const theme = useTheme(useAppStore((s) => s.theme));
  const page = useAppStore((s) => s.page);
  return (
    <div className="app">
      <Header />
      <WarningsBanner />
      {page === 'explore' ? (
        <Suspense fallback={<p className="muted loading-page">Loading the Explore page…</p>}>
          <ExplorePage theme={theme} />
        </Suspense>
      ) : page === 'measured' ? (
        <MeasuredPage theme={theme} />
      ) : (
        <div className="workspace">
          <ParamsPanel />
          <Workspace theme={theme} />
        </div>
      )}
    </div>
  );
}
