/**
 * Writes the state to the address bar (history.replaceState, no history entries), debounced:
 * a pan produces dozens of windows per second and browsers throttle (and warn about) more than
 * about 100 history updates per 10 s. Flushes on pagehide so a reload right after a change
 * still restores it.
 */
import { useEffect } from 'react';
import { urlOf, type AppStore } from '../store/index.ts';

export const URL_DEBOUNCE_MS = 120;

export function useUrlSync(store: AppStore): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const write = () => {
      timer = undefined;
      const search = urlOf(store.getState());
      if (search !== window.location.search) window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
    };
    const unsubscribe = store.subscribe(
      (s) => urlOf(s),
      () => {
        if (timer === undefined) timer = setTimeout(write, URL_DEBOUNCE_MS);
      },
    );
    const flush = () => {
      if (timer !== undefined) {
        clearTimeout(timer);
        write();
      }
    };
    window.addEventListener('pagehide', flush);
    write();
    return () => {
      unsubscribe();
      window.removeEventListener('pagehide', flush);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [store]);
}
