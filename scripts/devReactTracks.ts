/**
 * Vite plugin for the dev server (`npm start`) only: turns off React's performance tracks.
 *
 * React's development build (19.2 and later) logs every component render into the browser's
 * performance timeline (the "Components ⚛" and "Scheduler ⚛" tracks of Chrome's Performance
 * panel), and for each re-rendered component it first diffs the old and new props, a few levels
 * deep, into the entry's details. Nothing in the page reads them, whether or not a profile is
 * being recorded. The Gantt chart's SVG view re-renders hundreds of op components whose props hold
 * the whole layout, so on this project's 2-core machine that logging was most of a parameter
 * change in the dev server: DualPipe P=8 M=20, key press to the chart's frame, median 390–830 ms
 * with it, 80–230 ms without (production build 65–85 ms); P=16 M=64 with the SVG view forced,
 * 10.6 s with it, 0.27 s without (production 0.22 s). React detects the
 * tracks by `typeof console.timeStamp === 'function'` once, when react-dom is evaluated, so a
 * classic script in <head> (it runs before any module) hides that function until the module
 * graph has run and then puts it back.
 *
 * `PIPESCOPE_REACT_TRACKS=1 npm start` keeps the tracks, for profiling components in devtools.
 */
import type { Plugin } from 'vite';

export const HIDE_TIMESTAMP = [
  '(() => {',
  '  const timeStamp = console.timeStamp;',
  '  console.timeStamp = undefined;',
  "  document.addEventListener('DOMContentLoaded', () => (console.timeStamp = timeStamp), { once: true });",
  '})();',
].join('\n');

export function devReactTracks(): Plugin {
  return {
    name: 'pipescope:dev-react-tracks',
    apply: 'serve',
    transformIndexHtml: () =>
      process.env.PIPESCOPE_REACT_TRACKS === '1' ? [] : [{ tag: 'script', children: HIDE_TIMESTAMP, injectTo: 'head' }],
  };
}
