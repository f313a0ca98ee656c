/**
 * The app's test and automation hook, `window.__pipescope` (perfetto's "app idle" pattern):
 * e2e tests and the browser benchmark wait on `ready` instead of sleeping, read the store, and
 * await `settle()` (next painted frame plus the URL debounce) after an interaction.
 */
import type { AppStore } from '../store/index.ts';
import { urlWritten } from '../hooks/useUrlSync.ts';

export interface AppHook {
  /** the first chart has been drawn */
  ready: boolean;
  store: AppStore;
  /** renderer of the main chart in use and ops visible in the window */
  renderer: 'svg' | 'canvas';
  visibleOps: number;
  /** canvas paints so far (benchmark: a frame was produced) and the last one's duration, ms */
  paints: number;
  lastPaintMs: number;
  /**
   * Resolves once the page has caught up: the next frame has run (the charts' paint callbacks
   * with it), the debounced URL write that is pending, if any, has happened, and one more frame
   * and task have passed (React's deferred renders, like the side panel's, run in between). Not
   * an idle callback: chromium holds those back for about half a second after an input event.
   */
  settle: () => Promise<void>;
}

declare global {
  interface Window {
    __pipescope?: AppHook;
  }
}

/**
 * Installs the hook for `store`, or keeps the one already installed for it: React StrictMode runs
 * the installing effect twice in development, and a fresh hook would lose `ready` and the paint
 * count that the chart's effects already wrote into the first one.
 */
export function installAppHook(store: AppStore): AppHook {
  if (window.__pipescope?.store === store) return window.__pipescope;
  const hook: AppHook = {
    ready: false,
    store,
    renderer: 'svg',
    visibleOps: 0,
    paints: 0,
    lastPaintMs: 0,
    settle: async () => {
      await frame();
      await urlWritten(store);
      await frame();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
  window.__pipescope = hook;
  return hook;
}

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

export function appHook(): AppHook | undefined {
  return typeof window === 'undefined' ? undefined : window.__pipescope;
}
