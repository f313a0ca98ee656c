/**
 * The palette's theme colours are the stylesheet's (render/palette.ts THEME): the canvases and the
 * exported figure paint what the page's CSS shows, in both themes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getPalette } from './palette.ts';

const css = readFileSync(new URL('../styles.css', import.meta.url), 'utf8');

/** The custom properties of the first rule with this selector. */
function vars(selector: string): Record<string, string> {
  const at = css.indexOf(`${selector} {`);
  expect(at, selector).toBeGreaterThanOrEqual(0);
  const body = css.slice(at, css.indexOf('}', at));
  return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]!.trim().toLowerCase()]));
}

describe('palette against the stylesheet', () => {
  for (const [theme, selector] of [
    ['light', ':root'],
    ['dark', ":root[data-theme='dark']"],
  ] as const) {
    it(theme, () => {
      const v = vars(selector);
      const p = getPalette('cb', theme);
      expect([p.background, p.rowBackground, p.foreground, p.muted, p.grid, p.error]).toEqual([
        v.bg,
        v.panel,
        v.fg,
        v.muted,
        v.grid,
        v.error,
      ]);
    });
  }
});
