/**
 * The side panel: tabs for the metrics and for the FP8 panel (its slot, Fp8Slot.tsx, is where the
 * FP8 feature mounts). Arrow keys move between tabs (WAI-ARIA tabs pattern).
 */
import type { KeyboardEvent } from 'react';
import { useAppStore } from '../hooks/useAppStore.ts';
import type { EngineOk } from '../pipeline/runEngine.ts';
import type { ModelRunState } from '../hooks/useModelRun.ts';
import { ModelTab } from './model/ModelTab.tsx';
import type { SideTab } from '../store/url.ts';
import { Fp8Slot } from './Fp8Slot.tsx';
import { MetricsPanel } from './MetricsPanel.tsx';

const TABS: { id: SideTab; label: string }[] = [
  { id: 'metrics', label: 'Metrics' },
  { id: 'fp8', label: 'FP8' },
  { id: 'model', label: 'Model' },
];

export function SidePanel({ main, compare, model }: { main: EngineOk | null; compare: EngineOk | null; model: ModelRunState }) {
  const tab = useAppStore((s) => s.tab);
  const setTab = useAppStore((s) => s.setTab);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const i = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length].id;
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
    e.preventDefault();
  };
  return (
    <aside className="side" aria-label="Side panel">
      <div className="tabs" role="tablist" aria-label="Side panel" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'metrics' ? (
          main ? (
            <MetricsPanel main={main} compare={compare} />
          ) : null
        ) : tab === 'fp8' ? (
          <Fp8Slot />
        ) : (
          <ModelTab model={model} />
        )}
      </div>
    </aside>
  );
}
