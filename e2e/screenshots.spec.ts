/**
 * Screenshots of the main views for review (perfetto's determinism recipe: fixed viewport, DPR 1,
 * no LCD text or hinting, app ready hook, mouse parked, volatile notices hidden). Written to
 * test-results/screens/; they are looked at, not diffed. Also checks the narrow layout does not
 * overflow horizontally.
 */
import { existsSync } from 'node:fs';
import { expect, test, type AppPage } from './fixtures.ts';

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
    args: ['--disable-lcd-text', '--font-render-hinting=none'],
  },
});

async function shot(app: AppPage, name: string, fullPage = false) {
  await app.page.mouse.move(0, 0);
  await app.page.addStyleTag({ content: '.volatile { visibility: hidden !important; }' });
  await app.settle();
  await app.page.screenshot({ path: `test-results/screens/${name}.png`, fullPage });
}

test('light: DualPipe README figure with micro-batch 2 highlighted', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20&mb=2');
  await shot(app, 'light-dualpipe');
  const fb = app.gantt().locator('[data-rank="2"][data-kind="FB"]').nth(2);
  const b = (await fb.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + 4);
  await expect(page.getByTestId('tooltip')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/light-tooltip.png' });
});

test('dark: ZB-H1 compared with 1F1B, paper palette', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.open('?schedule=zb-h1&ranks=8&microbatches=24&cmp=1f1b&pal=paper');
  await shot(app, 'dark-compare');
});

test('narrow 420 px: everything stacks, nothing overflows', async ({ app, page }) => {
  await page.setViewportSize({ width: 420, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
  await shot(app, 'narrow-420', true);
  await app.field('Ranks P').fill('7');
  await expect(page.locator('.field-error')).toBeVisible();
  await page.locator('.field-error').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/narrow-420-invalid.png' });
});

test('detailed mode: DeepSeek-V3 on H800, overview and zoomed into pieces', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open('?schedule=dualpipe&ranks=16&microbatches=32&detail=1');
  await shot(app, 'detailed-overview');
  await app.open('?schedule=dualpipe&ranks=4&microbatches=8&detail=1&t0=700000&t1=1000000');
  await expect(app.gantt().locator('.op.expanded').first()).toBeVisible();
  await shot(app, 'detailed-pieces');
});

test('scale: P=64, M=512 DualPipe on canvas, then zoomed', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open('?schedule=dualpipe&ranks=64&microbatches=512');
  await expect(page.getByTestId('gantt-canvas')).toBeVisible();
  await shot(app, 'scale-p64-m512');
  await app.open('?schedule=dualpipe&ranks=64&microbatches=512&t0=700&t1=760&mb=300');
  await shot(app, 'scale-p64-zoomed');
});
