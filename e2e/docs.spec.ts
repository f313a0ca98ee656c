/**
 * The README's screenshots, made by the e2e suite (perfetto's determinism recipe: 1280×800, DPR
 * 1, no LCD text or hinting, app ready hook, mouse parked, volatile notices hidden). Every run
 * writes them to test-results/docs-screenshots/ and checks that the README shows each one from
 * docs/screenshots/ and that the committed file has the same size in pixels; `npm run
 * docs:screenshots` (PIPESCOPE_DOCS_SCREENSHOTS=1) writes them into docs/screenshots/ to commit.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { expect, test, type AppPage } from './fixtures.ts';

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
    args: ['--disable-lcd-text', '--font-render-hinting=none'],
  },
});

const UPDATE = process.env.PIPESCOPE_DOCS_SCREENSHOTS === '1';
const DIR = UPDATE ? 'docs/screenshots' : 'test-results/docs-screenshots';
const README = readFileSync('README.md', 'utf8');

/** PNG width and height from the IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

async function shot(app: AppPage, name: string) {
  await app.page.mouse.move(0, 0);
  await app.page.addStyleTag({ content: '.volatile { visibility: hidden !important; }' });
  await app.settle();
  mkdirSync(DIR, { recursive: true });
  const png = await app.page.screenshot({ path: `${DIR}/${name}.png` });
  const committed = `docs/screenshots/${name}.png`;
  expect(README, `README shows ${committed}`).toContain(`(${committed})`);
  expect(existsSync(committed), `${committed} is committed (npm run docs:screenshots)`).toBe(true);
  expect(pngSize(readFileSync(committed))).toEqual(pngSize(png));
  expect(statSync(committed).size).toBeLessThan(400_000);
}

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
});

test('README: DualPipe with a micro-batch path highlighted', async ({ app }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20&mb=2');
  await expect(app.page.locator('.arrows path[data-arrow]')).not.toHaveCount(0);
  await shot(app, 'dualpipe');
});

test('README: ZB-H1 compared with 1F1B, dark theme', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.open('?schedule=zb-h1&ranks=8&microbatches=24&cmp=1f1b&pal=paper');
  await shot(app, 'compare-dark');
});

test('README: detailed mode, DeepSeek-V3 on H800, zoomed into the overlapped pieces', async ({ app }) => {
  await app.open('?schedule=dualpipe&ranks=4&microbatches=8&detail=1&t0=700000&t1=1000000');
  await expect(app.gantt().locator('.op.expanded').first()).toBeVisible();
  await shot(app, 'detailed');
});

test('README: FP8 panel, expanded', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20&tab=fp8');
  await expect(page.getByTestId('fp8-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await page.getByTestId('fp8-expand').click();
  await expect(page.getByTestId('fp8-accum')).toBeVisible({ timeout: 30_000 });
  await shot(app, 'fp8');
});

test('README: ZB-V against 1F1B at the same model share, a heavier last share and a memory limit', async ({ app, page }) => {
  await app.open('?schedule=zb-v&ranks=8&microbatches=20&cmp=1f1b&sc=F:1,1,1,1,1,1,1,1.5;I:1,1,1,1,1,1,1,1.5&mem=6.5');
  await page.getByTestId('cost-table').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('mem-marks-0')).toBeVisible();
  await shot(app, 'costs');
});
