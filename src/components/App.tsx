/**
 * The page (composition only): one store created from the URL, the URL kept in sync, the theme
 * applied, and the four regions — header, parameters, chart, side panel (metrics / FP8) — or, on
 * the Explore page, the design-space sweep (loaded when first shown).
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

const ExplorePage = lazy(() => import('./explore/ExplorePage.tsx').then((m) => ({ default: m.ExplorePage })));

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
      {page === 'explore' ? (
        <Suspense fallback={<p className="muted loading-page">Loading the Explore page…</p>}>
          <ExplorePage theme={theme} />
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
