/**
 * Writes the state to the address bar (history.replaceState, no history entries), debounced
 * until the state rests: a pan produces dozens of windows per second, browsers throttle (and
 * warn about) more than about 100 history updates per 10 s, and each update costs milliseconds of
 * main thread in chromium. Flushes on pagehide so a reload right after a change still restores it.
 */
import { useEffect } from 'react';
import { urlOf, type AppStore } from '../store/index.ts';

export const URL_DEBOUNCE_MS = 150;

export function useUrlSync(store: AppStore): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const write = () => {
      timer = undefined;
      const search = urlOf(store.getState());
      if (search !== window.location.search)
        window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
    };
    const unsubscribe = store.subscribe(
      (s) => urlOf(s),
      () => {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(write, URL_DEBOUNCE_MS);
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
