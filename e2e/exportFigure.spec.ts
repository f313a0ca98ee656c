/**
 * The exported figure is the chart on screen: with the dark theme, a highlighted micro-batch, a
 * comparison and a zoom window, Export SVG ("Visible window") draws the same ops with the same
 * fill per op half as the app's SVG view, the reverse direction's tint, the arrows and the
 * comparison below; the PNG is that SVG rasterised (looked at in test-results/screens). A PNG of
 * P=64 M=512 shows its steps while it runs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type AppPage } from './fixtures.ts';

const SHOTS = 'test-results/screens';
test.beforeEach(() => mkdirSync(SHOTS, { recursive: true }));

async function exportFile(app: AppPage, kind: string, range?: 'whole' | 'window'): Promise<{ name: string; bytes: Buffer }> {
  await app.page.getByTestId('export-button').click();
  if (range) {
    await app.page.locator(`[role="menuitemradio"][data-range="${range}"]`).click();
    await expect(app.page.locator(`[data-range="${range}"]`)).toHaveAttribute('aria-checked', 'true');
  }
  const [download] = await Promise.all([
    app.page.waitForEvent('download', { timeout: 120_000 }),
    app.page.locator(`[role="menuitem"][data-export="${kind}"]`).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
}

/** Per op group of a chart, in document order: data attributes and each rect's fill and dimming. */
const opFills = (root: string) =>
  `Array.from(document.querySelectorAll('${root} g.op')).map((g) => [
    ['data-rank', 'data-kind', 'data-stage', 'data-microbatch', 'data-direction'].map((a) => g.getAttribute(a)).join(' '),
    Array.from(g.querySelectorAll('rect')).map((r) => (r.getAttribute('fill') ?? '') + '/' + (r.getAttribute('opacity') ?? g.getAttribute('opacity') ?? '')).join(' '),
  ])`;

test('Export SVG of the visible window: the screen’s ops, fills, highlight, theme and comparison', async ({ app, page }) => {
  test.setTimeout(90_000);
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20&cmp=zb-v&t0=18&t1=38&mb=3&theme=dark&render=svg');
  const screen = (await page.evaluate(opFills('[data-testid="gantt"]'))) as [string, string][];
  const screenCmp = (await page.evaluate(opFills('[data-testid="gantt-compare"]'))) as [string, string][];
  expect(screen.length).toBeGreaterThan(20);
  // reverse-direction ops and F&B pairs are on screen
  expect(screen.some(([k]) => k.endsWith(' 1'))).toBe(true);
  expect(screen.some(([k]) => k.includes(' FB '))).toBe(true);

  const svg = await exportFile(app, 'svg', 'window');
  const text = svg.bytes.toString('utf8');
  const path = `${SHOTS}/export-figure-window-dark.svg`;
  writeFileSync(path, text);
  await page.goto('about:blank');
  await page.setContent(`<!doctype html><html><body style="margin:0">${text.replace(/^<\?xml[^>]*>/, '')}</body></html>`);
  expect(await page.evaluate(opFills('g.chart[data-chart="0"]'))).toEqual(screen);
  expect(await page.evaluate(opFills('g.chart[data-chart="1"]'))).toEqual(screenCmp);
  await expect(page.locator('g.chart[data-chart="0"] .arrows path[data-arrow]')).not.toHaveCount(0);
  await expect(page.locator('svg > rect').first()).toHaveAttribute('fill', '#0f172a');
  await expect(page.locator('.chart-title').nth(1)).toContainText('compare: ZB-V');
  await page
    .locator('svg')
    .first()
    .screenshot({ path: `${SHOTS}/export-figure-window-dark.png` });
});

test('Export PNG of P=64 M=512 shows its steps, then downloads the whole figure at 2x', async ({ app, page }) => {
  test.setTimeout(180_000);
  await app.open('?schedule=dualpipe&ranks=64&microbatches=512');
  await page.getByTestId('export-button').click();
  const download = page.waitForEvent('download', { timeout: 150_000 });
  await page.locator('[role="menuitem"][data-export="png"]').click();
  const progress = page.getByTestId('export-progress');
  await expect(progress).toBeVisible({ timeout: 30_000 });
  // the SVG of 196,608 ops is written on the page's thread: a loaded machine can hold the check for seconds
  await expect(progress).toContainText(/PNG: (writing the SVG|rasterising|drawing|encoding the PNG)/, { timeout: 30_000 });
  const png = readFileSync((await (await download).path())!);
  await expect(progress).toHaveCount(0);
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(png.readUInt32BE(16)).toBe(2400);
  writeFileSync(`${SHOTS}/export-p64-m512.png`, png);
});
