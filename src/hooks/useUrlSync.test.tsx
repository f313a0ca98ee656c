// @vitest-environment jsdom
/**
 * The address bar and history (hooks/useUrlSync.ts): a committed change is written after the
 * frame that shows it (not in the key handler), for the state it committed; a change made before
 * that write starts the next history entry; settle()'s `urlWritten` waits for both. Animation
 * frames are run by hand.
 */
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore, type AppStore } from '../store/index.ts';
import { URL_DEBOUNCE_MS, urlWritten, useUrlSync } from './useUrlSync.ts';

function Sync({ store }: { store: AppStore }) {
  useUrlSync(store);
  return null;
}

let frames: FrameRequestCallback[] = [];
const runFrame = () => {
  const now = frames.splice(0);
  for (const f of now) f(performance.now());
};

beforeEach(() => {
  vi.useFakeTimers();
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
  vi.stubGlobal('cancelAnimationFrame', (id: number) => {
    frames[id - 1] = () => {};
  });
  window.history.replaceState(null, '', '/?schedule=1f1b&ranks=4&microbatches=8');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const search = () => new URLSearchParams(window.location.search);

describe('useUrlSync', () => {
  it('writes a commit after its frame, as one new history entry', async () => {
    const store = createAppStore(window.location.search);
    render(<Sync store={store} />);
    const push = vi.spyOn(window.history, 'pushState');
    act(() => store.getState().setField('microbatches', '9', true));
    // the key handler's task ends without touching history
    expect(push).not.toHaveBeenCalled();
    expect(search().get('microbatches')).toBe('8');
    let settled = false;
    void urlWritten(store).then(() => (settled = true));
    runFrame();
    expect(push).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(push).toHaveBeenCalledTimes(1);
    expect(search().get('microbatches')).toBe('9');
    await Promise.resolve();
    expect(settled).toBe(true);
  });

  it('a change made before the commit is written starts the next entry', async () => {
    const store = createAppStore(window.location.search);
    render(<Sync store={store} />);
    const push = vi.spyOn(window.history, 'pushState');
    act(() => store.getState().setField('microbatches', '9', true));
    act(() => store.getState().setField('ranks', '5'));
    let settled = false;
    void urlWritten(store).then(() => (settled = true));
    runFrame();
    vi.advanceTimersByTime(0);
    // the committed state: M = 9 with the old P
    expect(push).toHaveBeenCalledTimes(1);
    expect([search().get('microbatches'), search().get('ranks')]).toEqual(['9', '4']);
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    expect(push).toHaveBeenCalledTimes(2);
    expect(search().get('ranks')).toBe('5');
    await Promise.resolve();
    expect(settled).toBe(true);
  });

  it('two commits within one frame are written in order, each its own entry', () => {
    const store = createAppStore(window.location.search);
    render(<Sync store={store} />);
    const push = vi.spyOn(window.history, 'pushState');
    act(() => store.getState().setField('microbatches', '9', true));
    act(() => store.getState().setField('microbatches', '10', true));
    // the first is written when the second arrives
    expect(push).toHaveBeenCalledTimes(1);
    expect(search().get('microbatches')).toBe('9');
    runFrame();
    vi.advanceTimersByTime(0);
    expect(push).toHaveBeenCalledTimes(2);
    expect(search().get('microbatches')).toBe('10');
  });
});
