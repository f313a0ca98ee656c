/**
 * Presentation choices (theme, palette, renderer, side tab, page; all in the URL) and messages: the
 * warnings from reading the URL and short notices such as "link copied". The measured page is
 * only shown while a measured run is loaded (store/measuredSlice.ts).
 */
import type { Page, PaletteId, RendererMode, SideTab, Theme } from './url.ts';
import type { SliceCreator } from './types.ts';

export interface UiSlice {
  theme: Theme;
  palette: PaletteId;
  renderer: RendererMode;
  tab: SideTab;
  /** the top-level page shown */
  page: Page;
  /** problems found in the URL, each naming the value and the default used instead */
  warnings: string[];
  notice: string | null;
  setTheme: (theme: Theme) => void;
  setPalette: (palette: PaletteId) => void;
  setRenderer: (renderer: RendererMode) => void;
  setTab: (tab: SideTab) => void;
  /** show a page; a committed change (a history entry: Back returns to the page before). 'measured' is ignored while no measured run is loaded */
  setPage: (page: Page) => void;
  dismissWarnings: () => void;
  notify: (notice: string | null) => void;
}

export const createUiSlice =
  (initial: Pick<UiSlice, 'theme' | 'palette' | 'renderer' | 'tab' | 'page' | 'warnings'>): SliceCreator<UiSlice> =>
  (set, get) => ({
    ...initial,
    notice: null,
    setTheme: (theme) => set({ theme }),
    setPalette: (palette) => set({ palette }),
    setRenderer: (renderer) => set({ renderer }),
    setTab: (tab) => set({ tab }),
    setPage: (page) => {
      if (page === get().page) return;
      if (page === 'measured' && get().measured === null) return;
      set({ page });
      get().commitParams();
    },
    dismissWarnings: () => set({ warnings: [] }),
    notify: (notice) => set({ notice }),
  });
