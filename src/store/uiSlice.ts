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
  page: Page;
  /** problems found in the URL, each naming the value and the default used instead */
  warnings: string[];
  notice: string | null;
  setTheme: (theme: Theme) => void;
  setPalette: (palette: PaletteId) => void;
  setRenderer: (renderer: RendererMode) => void;
  setTab: (tab: SideTab) => void;
  /** 'measured' is ignored while no measured run is loaded */
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
      if (page === 'measured' && get().measured === null) return;
      set({ page });
    },
    dismissWarnings: () => set({ warnings: [] }),
    notify: (notice) => set({ notice }),
  });
