import { afterEach, describe, expect, it, vi } from 'vitest';
import { HIDE_TIMESTAMP, devReactTracks } from './devReactTracks.ts';

type Transform = () => { tag: string; children: string; injectTo: string }[];
const transform = () => (devReactTracks().transformIndexHtml as Transform)();

afterEach(() => vi.unstubAllEnvs());

describe('devReactTracks (dev server only)', () => {
  it('adds one classic script to <head> when serving, none when PIPESCOPE_REACT_TRACKS=1', () => {
    expect(devReactTracks().apply).toBe('serve');
    expect(transform()).toEqual([{ tag: 'script', children: HIDE_TIMESTAMP, injectTo: 'head' }]);
    vi.stubEnv('PIPESCOPE_REACT_TRACKS', '1');
    expect(transform()).toEqual([]);
  });

  it('the script hides console.timeStamp until the module graph has run, then puts it back', () => {
    const timeStamp = () => {};
    const listeners: Record<string, () => void> = {};
    const page = {
      console: { timeStamp } as { timeStamp?: unknown },
      document: { addEventListener: (type: string, fn: () => void) => (listeners[type] = fn) },
    };
    new Function('console', 'document', HIDE_TIMESTAMP)(page.console, page.document);
    // what react-dom checks when it is evaluated (a module, so before DOMContentLoaded)
    expect(typeof page.console.timeStamp).not.toBe('function');
    listeners.DOMContentLoaded!();
    expect(page.console.timeStamp).toBe(timeStamp);
  });
});
