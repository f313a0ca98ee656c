/**
 * Golden SVG files of the exported figure (Observable Plot's snapshot discipline): each view of
 * testing/figureViews.ts is exported as the app's Export menu would and compared with
 * __golden__/<name>.svg after normalising numbers to 2 decimals (float noise in the last digit of
 * a px is no change). A changed figure fails and writes __golden__/<name>-changed.svg beside the
 * golden for review (git ignores *-changed.svg); a missing golden is written.
 *
 * Regenerate after an intended change: `UPDATE_GOLDEN=1 npx vitest run src/render/golden.test.ts`.
 */
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIGURE_VIEWS, figureSvg } from './testing/figureViews.ts';

const DIR = new URL('./__golden__/', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Numbers with decimals rounded to 2 places ("12.3456" → "12.35", "-0.001" → "0"). */
export function normalizeSvg(svg: string): string {
  return svg.replace(/-?\d+\.\d+/g, (m) => {
    const v = Math.round(Number(m) * 100) / 100;
    return String(v === 0 ? 0 : v);
  });
}

describe('golden figures', () => {
  it('there are at least 12 views, with distinct names', () => {
    expect(FIGURE_VIEWS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(FIGURE_VIEWS.map((v) => v.name)).size).toBe(FIGURE_VIEWS.length);
  });

  it.each(FIGURE_VIEWS.map((v) => [v.name, v] as const))('%s', (name, view) => {
    const actual = normalizeSvg(figureSvg(view));
    const golden = new URL(`${name}.svg`, DIR);
    const changed = new URL(`${name}-changed.svg`, DIR);
    if (UPDATE || !existsSync(golden)) {
      writeFileSync(golden, actual);
      if (existsSync(changed)) unlinkSync(changed);
      return;
    }
    const expected = readFileSync(golden, 'utf8');
    if (actual === expected) {
      if (existsSync(changed)) unlinkSync(changed);
      return;
    }
    writeFileSync(changed, actual);
    expect.fail(`${name}: the figure changed; compare __golden__/${name}-changed.svg with ${name}.svg (UPDATE_GOLDEN=1 accepts it)`);
  });

  it('normalises numbers only', () => {
    expect(normalizeSvg('<rect x="12.3456" y="-0.001" width="3" data-x="a1.5b"/>')).toBe(
      '<rect x="12.35" y="0" width="3" data-x="a1.5b"/>',
    );
  });
});
