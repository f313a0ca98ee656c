/**
 * Writes the state to the address bar (history.replaceState, no history entries), debounced
 * until the state rests: a pan produces dozens of windows per second, browsers throttle (and
 * warn about) more than about 100 history updates per 10 s, and each update costs milliseconds of
 * main thread in chromium. Flushes on pagehide so a reload right after a change still restores it.
 */
import { useEffect } from 'react';
import { urlOf, type AppStore } from '../store/index.ts';

export const URL_DEBOUNCE_MS = 150;

/** Callers waiting for the pending URL write of a store (the automation hook's settle()). */
const waiting = new WeakMap<AppStore, { pending: boolean; waiters: (() => void)[] }>();

/** Resolves once the address bar holds the store's state: at once, or when the pending write runs. */
export function urlWritten(store: AppStore): Promise<void> {
  const w = waiting.get(store);
  if (!w?.pending) return Promise.resolve();
  return new Promise((resolve) => w.waiters.push(resolve));
}

export function useUrlSync(store: AppStore): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const w = { pending: false, waiters: [] as (() => void)[] };
    waiting.set(store, w);
    const write = () => {
      timer = undefined;
      const search = urlOf(store.getState());
      if (search !== window.location.search)
        window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
      w.pending = false;
      for (const resolve of w.waiters.splice(0)) resolve();
    };
    const unsubscribe = store.subscribe(
      (s) => urlOf(s),
      () => {
        if (timer !== undefined) clearTimeout(timer);
        w.pending = true;
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
      // a remount (StrictMode in development) writes again at once; waiters are released now
      if (timer !== undefined) clearTimeout(timer);
      w.pending = false;
      for (const resolve of w.waiters.splice(0)) resolve();
      if (waiting.get(store) === w) waiting.delete(store);
    };
  }, [store]);
}
