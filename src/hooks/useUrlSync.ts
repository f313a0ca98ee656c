/**
 * Keeps the address bar and the browser history in step with the state.
 *
 * - Every state change is written to the URL, debounced until the state rests: a pan produces
 *   dozens of windows per second, browsers throttle (and warn about) more than about 100 history
 *   updates per 10 s, and each update costs milliseconds of main thread in chromium.
 * - History entries follow parameter changes (store/index.ts paramsKeyOf): the first change after
 *   a committed one pushes an entry, later ones replace it until the change is committed (store
 *   `commits`: Enter, leaving a field, a select, a preset, a fix, the end of a drag or of a held
 *   key), which is written at once. Zoom, pan, highlight and theme only replace the entry.
 * - Back/Forward (popstate) restore the state from the entry's URL (store/index.ts restoreUrl).
 * Flushes on pagehide so a reload right after a change still restores it. `urlWritten` lets the
 * automation hook's settle() wait for a pending write.
 */
import { useEffect } from 'react';
import { paramsKeyOf, restoreUrl, urlOf, type AppStore } from '../store/index.ts';

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
    // the committed state waiting for the frame after it to be painted
    let committed: { state: ReturnType<AppStore['getState']>; frame?: number; task?: ReturnType<typeof setTimeout> } | undefined;
    const w = { pending: false, waiters: [] as (() => void)[] };
    waiting.set(store, w);
    const release = () => {
      w.pending = false;
      for (const resolve of w.waiters.splice(0)) resolve();
    };
    // the parameters the current history entry stands for, and whether later uncommitted
    // changes may still overwrite it (it was pushed by a change that is not complete yet)
    let entryKey = paramsKeyOf(store.getState());
    let open = false;
    const href = (search: string) => `${window.location.pathname}${search}${window.location.hash}`;
    const cancelCommitted = () => {
      if (committed?.frame !== undefined) cancelAnimationFrame(committed.frame);
      if (committed?.task !== undefined) clearTimeout(committed.task);
      committed = undefined;
    };
    const write = (commit: boolean, s = store.getState()) => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const search = urlOf(s);
      const key = paramsKeyOf(s);
      const changed = key !== entryKey;
      if (changed && !open) window.history.pushState(null, '', href(search));
      else if (search !== window.location.search) window.history.replaceState(window.history.state, '', href(search));
      if (changed) {
        entryKey = key;
        open = true;
      }
      if (commit) open = false;
      // a state older than the store's (a deferred commit) leaves the newer one pending
      if (s === store.getState()) release();
    };
    // the commit's own state (a change made meanwhile starts the next entry), after the frame
    const writeCommitted = () => {
      const c = committed;
      if (!c) return;
      cancelCommitted();
      write(true, c.state);
      // what changed since the commit is written like any change
      if (c.state !== store.getState()) timer = setTimeout(() => write(false), URL_DEBOUNCE_MS);
    };
    const unsubscribe = store.subscribe(
      (s) => urlOf(s),
      () => {
        if (timer !== undefined) clearTimeout(timer);
        w.pending = true;
        timer = setTimeout(() => write(false), URL_DEBOUNCE_MS);
      },
    );
    const unsubscribeCommits = store.subscribe(
      (s) => s.commits,
      () => {
        // an earlier commit still waiting for its frame is written first, in order
        writeCommitted();
        w.pending = true;
        if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') {
          // no frame will come (a hidden tab, a test without frames): write now
          write(true);
          return;
        }
        committed = { state: store.getState() };
        const c = committed;
        c.frame = requestAnimationFrame(() => {
          c.frame = undefined;
          c.task = setTimeout(writeCommitted, 0);
        });
      },
    );
    const onPopState = () => {
      cancelCommitted();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      restoreUrl(store, window.location.search);
      entryKey = paramsKeyOf(store.getState());
      open = false;
      // what the restored state writes (the FP8 panel's current inputs, a fallback value)
      const search = urlOf(store.getState());
      if (search !== window.location.search) window.history.replaceState(window.history.state, '', href(search));
      release();
    };
    const flush = () => {
      writeCommitted();
      if (timer !== undefined) write(false);
    };
    window.addEventListener('pagehide', flush);
    window.addEventListener('popstate', onPopState);
    // the initial URL, normalised in place
    const first = urlOf(store.getState());
    if (first !== window.location.search) window.history.replaceState(window.history.state, '', href(first));
    return () => {
      unsubscribe();
      unsubscribeCommits();
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('popstate', onPopState);
      // a remount (StrictMode in development) writes again at once; waiters are released now
      cancelCommitted();
      if (timer !== undefined) clearTimeout(timer);
      release();
      if (waiting.get(store) === w) waiting.delete(store);
    };
  }, [store]);
}
