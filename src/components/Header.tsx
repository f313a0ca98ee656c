/** Top bar: name, the pages (Schedule, Explore, and Measured run while one is loaded), presets, palette and theme, copy link, keyboard help. */
import { useAppStore } from '../hooks/useAppStore.ts';
import { PARAM_PRESETS } from '../store/presets.ts';
import type { Page, PaletteId, Theme } from '../store/url.ts';
import { CopyLink } from './CopyLink.tsx';
import { KeyboardHelp } from './KeyboardHelp.tsx';

export function Header() {
  const applyPreset = useAppStore((s) => s.applyPreset);
  const palette = useAppStore((s) => s.palette);
  const setPalette = useAppStore((s) => s.setPalette);
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const page = useAppStore((s) => s.page);
  const setPage = useAppStore((s) => s.setPage);
  // the measured page exists while a measured run is loaded (store/measuredSlice.ts)
  const hasRun = useAppStore((s) => s.measured !== null);
  const pages: [Page, string, string][] = [
    ['schedule', 'Schedule', 'one configuration as a Gantt chart'],
    ['explore', 'Explore', 'every configuration of a sweep: step time against peak memory'],
    ...(hasRun ? [['measured', 'Measured run', 'the imported traces beside their replay'] as [Page, string, string]] : []),
  ];
  return (
    <header className="topbar">
      <div className="brand">
        <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">
          <rect x="1" y="3" width="9" height="5" rx="1" fill="#56B4E9" />
          <rect x="11" y="3" width="10" height="5" rx="1" fill="#E69F00" />
          <rect x="5" y="10" width="9" height="5" rx="1" fill="#56B4E9" />
          <rect x="15" y="10" width="6" height="5" rx="1" fill="#009E73" />
          <rect x="9" y="17" width="12" height="4" rx="1" fill="#D55E00" />
        </svg>
        <h1>pipescope</h1>
        <span className="tagline">pipeline-parallel schedules, exactly</span>
      </div>
      <nav className="page-nav" aria-label="Pages">
        {pages.map(([id, label, title]) => (
          <button
            key={id}
            type="button"
            aria-current={page === id ? 'page' : undefined}
            data-page={id}
            data-testid={`page-${id}`}
            title={title}
            onClick={() => setPage(id)}
          >
            {label}
          </button>
        ))}
      </nav>
      <label className="inline">
        <span className="visually-hidden">Presets</span>
        <select aria-label="Presets" data-testid="presets" value="" onChange={(e) => e.target.value && applyPreset(e.target.value)}>
          <option value="">Presets…</option>
          {PARAM_PRESETS.map((p) => (
            <option key={p.id} value={p.id} title={p.source}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <div className="spacer" />
      <label className="inline">
        <span>Colours</span>
        <select value={palette} onChange={(e) => setPalette(e.target.value as PaletteId)} aria-label="Colour palette">
          <option value="cb">Colour-blind safe</option>
          <option value="paper">Paper (DeepSeek Fig. 4)</option>
        </select>
      </label>
      <label className="inline">
        <span>Theme</span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)} aria-label="Theme">
          <option value="auto">System</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <CopyLink />
      <KeyboardHelp />
    </header>
  );
}
