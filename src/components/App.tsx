/**
 * The page (composition only): one store created from the URL, the URL kept in sync, the theme
 * applied, and the four regions — header, parameters, chart, side panel (metrics / FP8) — or, on
 * the "Measured run" page, the measured run of imported traces (loaded on first use).
 */
import { Suspense, lazy, useEffect, useState } from 'react';
import { installAppHook } from '../app/appHook.ts';
import { StoreContext, useAppStore } from '../hooks/useAppStore.ts';
import { useTheme } from '../hooks/useTheme.ts';
import { useUrlSync } from '../hooks/useUrlSync.ts';
import { createAppStore, type AppStore } from '../store/index.ts';
import { Header } from './Header.tsx';
import { ParamsPanel } from './ParamsPanel.tsx';
import { WarningsBanner } from './WarningsBanner.tsx';
import { Workspace } from './Workspace.tsx';

const MeasuredPage = lazy(() => import('./measured/MeasuredPage.tsx').then((m) => ({ default: m.MeasuredPage })));

export function App({ store: injected }: { store?: AppStore } = {}) {
  const [store] = useState(() => injected ?? createAppStore(window.location.search));
  useUrlSync(store);
  useEffect(() => {
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
      {page === 'measured' ? (
        <Suspense fallback={<p className="import-note">Loading the measured run…</p>}>
          <MeasuredPage theme={theme} />
        </Suspense>
      ) : (
        <div className="workspace">
          <ParamsPanel />
          <Workspace theme={theme} />
        </div>
      )}
    </div>
  );
}
