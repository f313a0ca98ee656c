/**
 * The main views, each loaded once: axe-core (WCAG 2.x A/AA rules) finds no serious or critical
 * violation, screenshots are written for review (test-results/screens/, looked at, not diffed)
 * and the README's pictures are made (perfetto's determinism recipe: 1280×800, DPR 1, no LCD text
 * or hinting — playwright.config.ts launches chromium so for every spec — reduced motion, app
 * ready hook, mouse parked, volatile notices hidden).
 *
 * README pictures: every run writes them to test-results/docs-screenshots/ and checks that the
 * README shows each one from docs/screenshots/ and that the committed file has the same size in
 * pixels; `npm run docs:screenshots` (PIPESCOPE_DOCS_SCREENSHOTS=1) writes them into
 * docs/screenshots/ to commit. Each view's full axe result (all impacts) goes to test-results/a11y/.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type AppPage } from './fixtures.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const UPDATE_DOCS = process.env.PIPESCOPE_DOCS_SCREENSHOTS === '1';
const DOCS_DIR = UPDATE_DOCS ? 'docs/screenshots' : 'test-results/docs-screenshots';
const SHOTS = 'test-results/screens';
const README = readFileSync('README.md', 'utf8');

/** axe on the page as it is now; `state` names it in the report file. */
async function axe(app: AppPage, state: string) {
  const result = await new AxeBuilder({ page: app.page }).withTags(TAGS).analyze();
  mkdirSync('test-results/a11y', { recursive: true });
  const summary = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ')}`),
  }));
  writeFileSync(
    `test-results/a11y/${state.replace(/\W+/g, '-')}.json`,
    JSON.stringify({ state, url: app.page.url(), passes: result.passes.length, violations: summary }, null, 1),
  );
  const serious = summary.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${state}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
  expect(result.passes.length).toBeGreaterThan(10);
}

async function steady(app: AppPage, parkMouse = true) {
  if (parkMouse) await app.page.mouse.move(0, 0);
  await app.page.addStyleTag({ content: '.volatile { visibility: hidden !important; }' });
  await app.settle();
}

/** A review screenshot of the page (or of one element). */
async function shot(app: AppPage, name: string, opts: { fullPage?: boolean; element?: string; parkMouse?: boolean } = {}) {
  await steady(app, opts.parkMouse ?? true);
  const path = `${SHOTS}/${name}.png`;
  if (opts.element) await app.page.locator(opts.element).screenshot({ path });
  else await app.page.screenshot({ path, fullPage: opts.fullPage });
}

/** PNG width and height from the IHDR chunk. */
const pngSize = (bytes: Buffer): [number, number] => [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];

/** One of the README's pictures: shown by the README, committed, and the same size as now. */
async function docsShot(app: AppPage, name: string) {
  await steady(app);
  mkdirSync(DOCS_DIR, { recursive: true });
  const png = await app.page.screenshot({ path: `${DOCS_DIR}/${name}.png` });
  const committed = `docs/screenshots/${name}.png`;
  expect(README, `README shows ${committed}`).toContain(`(${committed})`);
  expect(existsSync(committed), `${committed} is committed (npm run docs:screenshots)`).toBe(true);
  expect(pngSize(readFileSync(committed))).toEqual(pngSize(png));
  expect(statSync(committed).size).toBeLessThan(400_000);
}

async function fp8Done(app: AppPage) {
  await expect(app.page.getByTestId('fp8-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(app.page.getByTestId('fp8-accum')).toBeVisible({ timeout: 30_000 });
}

/** The side panel scrolled to each of its FP8 charts, then the panel expanded over the page. */
async function fp8Shots(app: AppPage, tag: string, docs?: string) {
  for (const [i, top] of [700, 1400].entries()) {
    await app.page.locator('.side').evaluate((el, t) => (el.scrollTop = t), top);
    await shot(app, `fp8-${tag}-side-${i + 1}`, { element: '.side' });
  }
  await app.page.getByTestId('fp8-expand').click();
  await expect(app.page.locator('.fp8-expanded')).toBeVisible();
  if (docs) await docsShot(app, docs);
  await shot(app, `fp8-${tag}-expanded`);
  await axe(app, `FP8 panel expanded, ${tag}`);
  await app.page.keyboard.press('Escape');
  await expect(app.page.locator('.fp8-expanded')).toHaveCount(0);
}

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
});

test('DualPipe P=8 M=20 with micro-batch 2 highlighted (README), then an op’s tooltip', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20&mb=2');
  await expect(page.locator('.arrows path[data-arrow]')).not.toHaveCount(0);
  await docsShot(app, 'dualpipe');
  await axe(app, 'highlighted micro-batch');
  const fb = app.gantt().locator('[data-rank="2"][data-kind="FB"]').nth(2);
  const b = (await fb.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + 4);
  await expect(page.getByTestId('tooltip')).toBeVisible();
  await shot(app, 'light-tooltip', { parkMouse: false });
  await axe(app, 'tooltip');
});

test('ZB-H1 compared with 1F1B, dark theme, paper palette (README)', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await app.open('?schedule=zb-h1&ranks=8&microbatches=24&cmp=1f1b&pal=paper');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await docsShot(app, 'compare-dark');
  await axe(app, 'compare, dark theme');
});

test('detailed mode zoomed into the overlapped pieces (README)', async ({ app }) => {
  await app.open('?schedule=dualpipe&ranks=4&microbatches=8&detail=1&t0=700000&t1=1000000');
  await expect(app.gantt().locator('.op.expanded').first()).toBeVisible();
  await expect(app.gantt().locator('[data-piece^="send"]').first()).toBeVisible();
  await docsShot(app, 'detailed');
  await axe(app, 'detailed mode');
});

test('detailed mode overview, P=16 M=32 on canvas', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=16&microbatches=32&detail=1');
  await expect(page.getByTestId('gantt-canvas')).toBeVisible();
  await shot(app, 'detailed-overview');
});

test('canvas renderer: DualPipe P=64 M=512, then zoomed with a micro-batch highlighted', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=64&microbatches=512');
  await expect(page.getByTestId('gantt-canvas')).toBeVisible();
  await shot(app, 'scale-p64-m512');
  await axe(app, 'canvas renderer');
  await page.evaluate(() => {
    const s = window.__pipescope!.store.getState();
    s.setDomain([700, 760]);
    s.selectMb(300);
  });
  await expect(page.getByTestId('gantt-panel').locator('.chip')).toHaveText('micro-batch 300');
  await shot(app, 'scale-p64-zoomed');
});

test('FP8 tab, light (README: expanded)', async ({ app }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20&tab=fp8');
  await fp8Done(app);
  await shot(app, 'fp8-light');
  await axe(app, 'FP8 tab, light');
  await fp8Shots(app, 'light', 'fp8');
});

test('FP8 tab, dark, outliers with four methods', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await app.open(
    '?schedule=dualpipe&ranks=8&microbatches=20&tab=fp8&theme=dark&fp8src=outliers&fp8shape=512x1024&fp8m=per_tensor_e4m3,per_row_e4m3,tile1x128_e4m3,mx32_e4m3_floor',
  );
  await fp8Done(app);
  await expect(page.getByTestId('fp8-metrics').locator('tbody tr')).toHaveCount(4);
  await shot(app, 'fp8-dark');
  await axe(app, 'FP8 tab, dark');
  await fp8Shots(app, 'dark');
});

test('ZB-V against 1F1B at the same model share, a heavier last share and a memory limit (README); the cost table in dark and at 420 px', async ({
  app,
  page,
}) => {
  const url = '?schedule=zb-v&ranks=8&microbatches=20&cmp=1f1b&sc=F:1,1,1,1,1,1,1,1.5;I:1,1,1,1,1,1,1,1.5&mem=6.5';
  await app.open(url);
  await page.getByTestId('cost-table').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('mem-marks-0')).toBeVisible();
  await docsShot(app, 'costs');
  await axe(app, 'per-stage costs and memory limit');
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await app.open(`${url}&theme=dark`);
  await page.getByTestId('cost-table').scrollIntoViewIfNeeded();
  await shot(app, 'costs-dark');
  await axe(app, 'per-stage costs and memory limit, dark');
  await page.setViewportSize({ width: 420, height: 800 });
  await app.open(`${url}&theme=dark`);
  await page.getByTestId('cost-table').scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
  await shot(app, 'costs-narrow-420');
});

test('narrow 420 px: everything stacks, nothing overflows, the FP8 panel too; an invalid field', async ({ app, page }) => {
  await page.setViewportSize({ width: 420, height: 800 });
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20&tab=fp8&fp8src=lognormal&fp8shape=256x512');
  await fp8Done(app);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
  await shot(app, 'narrow-420', { fullPage: true });
  await shot(app, 'fp8-narrow-420', { element: '[data-testid="fp8-panel"]' });
  await axe(app, 'narrow 420 px');
  await app.field('Ranks P').fill('7');
  await expect(page.locator('.field-error')).toBeVisible();
  await page.locator('.field-error').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/narrow-420-invalid.png` });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
});

test('invalid field and link warnings', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=7&microbatches=20&theme=pink');
  await expect(page.getByTestId('url-warnings')).toBeVisible();
  await expect(page.locator('.field-error[data-field="ranks"]')).toBeVisible();
  await shot(app, 'invalid');
  await axe(app, 'invalid field and link warnings');
});
