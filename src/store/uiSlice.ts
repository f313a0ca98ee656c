/**
 * Presentation choices (theme, palette, renderer, side tab; all in the URL) and messages: the
 * warnings from reading the URL and short notices such as "link copied".
 */
import type { PaletteId, RendererMode, SideTab, Theme } from './url.ts';
import type { SliceCreator } from './types.ts';

export interface UiSlice {
  theme: Theme;
  palette: PaletteId;
  renderer: RendererMode;
  tab: SideTab;
  /** problems found in the URL, each naming the value and the default used instead */
  warnings: string[];
  notice: string | null;
  setTheme: (theme: Theme) => void;
  setPalette: (palette: PaletteId) => void;
  setRenderer: (renderer: RendererMode) => void;
  setTab: (tab: SideTab) => void;
  dismissWarnings: () => void;
  notify: (notice: string | null) => void;
}

export const createUiSlice =
  (initial: Pick<UiSlice, 'theme' | 'palette' | 'renderer' | 'tab' | 'warnings'>): SliceCreator<UiSlice> =>
  (set) => ({
    ...initial,
    notice: null,
    setTheme: (theme) => set({ theme }),
    setPalette: (palette) => set({ palette }),
    setRenderer: (renderer) => set({ renderer }),
    setTab: (tab) => set({ tab }),
    dismissWarnings: () => set({ warnings: [] }),
    notify: (notice) => set({ notice }),
  });
