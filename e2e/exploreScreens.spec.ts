/**
 * Screenshots of the Explore page for review (the recipe of screenshots.spec.ts): the 768-point
 * grid of docs/explore.md §5 and a small sweep, at 1280×800 and 420 px wide, light and dark, with a
 * frontier point hovered (its tooltip describes it). Written to test-results/screens/explore-*.png;
 * looked at, not diffed. The narrow layout must not overflow horizontally and keeps the frontier
 * table's Open buttons in view.
 */
import { existsSync } from 'node:fs';
import { expect, test, type AppPage } from './fixtures.ts';

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
    args: ['--disable-lcd-text', '--font-render-hinting=none'],
  },
});

const GRID = 'exs=gpipe,1f1b,interleaved-1f1b,zb-h1,zb-v,dualpipe&exp=4:32:4&exm=16:256:16';
const SMALL = 'exs=1f1b,interleaved-1f1b,zb-h1,zb-v,dualpipe,dualpipev&exp=4,8&exm=8:32:8&exv=2,4';

async function shot(app: AppPage, name: string, query: string, fullPage: boolean) {
  await app.open(`?page=explore&${query}`);
  await expect(app.page.getByTestId('explore-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await app.page.addStyleTag({ content: '.volatile { visibility: hidden !important; }' });
  const point = app.page.getByTestId('frontier-point').last();
  await point.scrollIntoViewIfNeeded();
  await point.hover();
  // the ringed frontier point describes itself, not a configuration drawn under it
  await expect(app.page.getByTestId('explore-tooltip')).toContainText('On the Pareto frontier.');
  await app.settle();
  await app.page.screenshot({ path: `test-results/screens/explore-${name}.png`, fullPage });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme}: the 768-configuration grid and a small sweep at 1280×800`, async ({ app, page }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    await shot(app, `${scheme}-grid`, GRID, false);
    await shot(app, `${scheme}-small`, SMALL, true);
  });

  test(`${scheme}: narrow 420 px, nothing overflows`, async ({ app, page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 420, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    await shot(app, `${scheme}-narrow-small`, SMALL, true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    // the frontier table scrolls sideways; its Open buttons stay in the window
    const table = page.getByTestId('frontier-table');
    await table.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 200));
    const open = (await table.getByRole('button').first().boundingBox())!;
    expect(open.x + open.width).toBeLessThanOrEqual(420);
    await shot(app, `${scheme}-narrow-grid`, GRID, false);
  });
}
