/**
 * The FP8 panel in chromium: default run, method/format changes, .npy and raw uploads (made here),
 * bad inputs with their messages and the panel working afterwards, cancel of a 4096x4096 run, no
 * main-thread long task (> 50 ms) while a 4096x4096 tensor is quantized in the worker, SVG export
 * of every chart as valid standalone XML, file names as text. Its screenshots (light, dark,
 * expanded, narrow 420 px) are made with the other views in e2e/views.spec.ts. The shared fixture
 * fails every test on any console error or warning.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { quantize } from '../src/fp8/index.ts';
import { encodeNpyF32 } from '../src/fp8panel/npy.ts';
import { generateTensor } from '../src/fp8panel/sources.ts';
import { expect, test, type AppPage } from './fixtures.ts';

const status = (page: Page) => page.getByTestId('fp8-status');
const rows = (page: Page) => page.getByTestId('fp8-metrics').locator('tbody tr');
const cell = (page: Page, method: string, metric: string) =>
  page.locator(`[data-testid="fp8-metrics"] tr[data-method="${method}"] td[data-metric="${metric}"]`);

async function openFp8(app: AppPage, query = '') {
  await app.open(`?tab=fp8${query}`);
  await expect(app.page.getByTestId('fp8-panel')).toBeVisible();
}

async function waitDone(page: Page, shape: string, timeout = 30_000) {
  await expect(status(page)).toHaveAttribute('data-status', 'done', { timeout });
  await expect(status(page)).toContainText(shape, { timeout });
}

async function upload(page: Page, name: string, bytes: Uint8Array) {
  await page.locator('#fp8-source').selectOption('file');
  await page.locator('#fp8-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
}

test('default settings: one row per chosen method with numbers, and every chart', async ({ app, page }) => {
  await openFp8(app);
  await waitDone(page, '1024×1024');
  await expect(rows(page)).toHaveCount(3);
  expect(await rows(page).evaluateAll((trs) => trs.map((t) => t.getAttribute('data-method')))).toEqual([
    'per_tensor_e4m3',
    'tile1x128_e4m3',
    'block128x128_e4m3',
  ]);
  for (const m of ['per_tensor_e4m3', 'tile1x128_e4m3', 'block128x128_e4m3']) {
    const sqnr = Number(await cell(page, m, 'sqnr_db').textContent());
    expect(sqnr).toBeGreaterThan(30); // Gaussian E4M3: ~31.5 dB (docs/fp8.md §4 table)
    expect(sqnr).toBeLessThan(33);
    for (const metric of ['rel_err_l2', 'max_abs_err', 'frac_flushed_to_zero', 'frac_overflow_saturated']) {
      expect(Number.isFinite(Number(await cell(page, m, metric).textContent()))).toBe(true);
    }
  }
  await expect(page.getByTestId('fp8-histogram')).toBeVisible();
  await expect(page.getByTestId('fp8-heatmap').locator('image')).toHaveCount(1);
  await expect(page.getByTestId('fp8-requant-extra')).toContainText('dB');
  const accum = page.getByTestId('fp8-accum');
  await expect(accum).toBeVisible({ timeout: 30_000 });
  await expect(accum.locator('[data-series="chosen"] [data-h200]')).toHaveCount(6); // measured K = 512 … 16384
  await expect(accum.locator('[data-series="never"] [data-h200]')).toHaveCount(6);
});

test('changing methods, format and overflow updates the table and the URL', async ({ app, page }) => {
  await openFp8(app, '&fp8shape=256x512');
  await waitDone(page, '256×512');
  await page.locator('input[data-method="mx32_e4m3_floor"]').check();
  await page.locator('input[data-method="per_tensor_e4m3"]').uncheck();
  await expect(rows(page)).toHaveCount(3);
  await expect(page.locator('tr[data-method="mx32_e4m3_floor"]')).toBeVisible();
  await expect(page.locator('tr[data-method="per_tensor_e4m3"]')).toHaveCount(0);
  // MX FLOOR lands block maxima in [256, 512): ~0.6% of Gaussian elements saturate (docs/fp8.md §3.2)
  await expect.poll(async () => Number(await cell(page, 'mx32_e4m3_floor', 'frac_overflow_saturated').textContent())).toBeGreaterThan(0.1);
  await page.locator('#fp8-overflow').selectOption('nonsaturate');
  await expect(page.getByTestId('fp8-metrics').locator('thead')).toContainText('NaN/Inf');
  await page.locator('#fp8-format').selectOption('e5m2');
  await expect(page.locator('tr[data-method="per_tensor_e5m2"]')).toBeVisible();
  await expect(rows(page)).toHaveCount(2);
  await expect.poll(async () => Number(await cell(page, 'per_tensor_e5m2', 'sqnr_db').textContent())).toBeLessThan(27); // E5M2 ~25.6 dB
  await app.settle();
  const q = await app.search();
  expect(q.get('fp8fmt')).toBe('e5m2');
  expect(q.get('fp8ovf')).toBe('nonsat');
  expect(q.get('fp8shape')).toBe('256x512');
});

test('an uploaded .npy is quantized exactly like the core does', async ({ app, page }) => {
  await openFp8(app);
  const x = generateTensor({ kind: 'student', rows: 64, cols: 256, seed: 11, channels: 0, magnitude: 1, nu: 3, sigma: 1 });
  await upload(page, 'acts.npy', encodeNpyF32(x, [64, 256]));
  await expect(page.getByTestId('fp8-file-info')).toContainText('acts.npy');
  await expect(page.getByTestId('fp8-file-info')).toContainText('<f4, shape (64, 256)');
  await waitDone(page, '64×256');
  for (const m of ['per_tensor_e4m3', 'tile1x128_e4m3', 'block128x128_e4m3'] as const) {
    const want = quantize(x, [64, 256], m, { metrics: true }).metrics!.sqnr_db.toFixed(1);
    await expect(cell(page, m, 'sqnr_db')).toHaveText(want);
  }
});

test('bad inputs get a clear message and the panel keeps working', async ({ app, page }) => {
  await openFp8(app);
  await waitDone(page, '1024×1024');
  // raw float32 whose size does not match the shape
  await upload(page, 'acts.bin', new Uint8Array(new Float32Array(250).fill(1.5).buffer));
  await page.locator('#fp8-shape').fill('16x16');
  await expect(page.getByTestId('fp8-blocked')).toHaveText(
    'The shape 16x16 needs 1,024 bytes (256 float32 values) but the file has 1,000 bytes (250 values).',
  );
  await expect(page.getByTestId('fp8-run')).toBeDisabled();
  await page.locator('#fp8-shape').fill('10x25');
  await waitDone(page, '10×25');
  // an empty file
  await upload(page, 'empty.npy', new Uint8Array(0));
  await expect(page.getByTestId('fp8-file-error')).toHaveText('The file is empty (0 bytes).');
  // not a .npy at all
  await upload(page, 'notes.npy', new TextEncoder().encode('just some text, not numpy'));
  await expect(page.getByTestId('fp8-file-error')).toContainText('This is not a .npy file');
  // a NaN-filled tensor
  await upload(page, 'nan.npy', encodeNpyF32(new Float32Array(64).fill(NaN), [8, 8]));
  await expect(page.getByTestId('fp8-error')).toHaveText('The input tensor is entirely NaN (64 elements), so no scale can be computed.');
  // generated tensors: shape 0x0 and 100k x 100k are refused before anything runs
  await page.locator('#fp8-source').selectOption('gauss');
  await page.locator('#fp8-shape').fill('0x0');
  await expect(page.locator('[data-field="fp8-shape"]')).toHaveText('The shape 0x0 has no elements to quantize.');
  await expect(page.getByTestId('fp8-run')).toBeDisabled();
  await page.locator('#fp8-shape').fill('100000x100000');
  await expect(page.locator('[data-field="fp8-shape"]')).toContainText(
    "The shape 100000x100000 has 1.00e10 elements, more than the panel's limit of 33,554,432",
  );
  await page.locator('#fp8-shape').fill('128x384');
  await expect(page.locator('[data-field="fp8-shape"]')).toHaveCount(0);
  await waitDone(page, '128×384');
  await expect(rows(page)).toHaveCount(3);
});

test('an uploaded file name is shown as text, never as markup', async ({ app, page }) => {
  await openFp8(app);
  const name = '<img src=x onerror="window.__pwned=1">.npy';
  await upload(page, name, encodeNpyF32(new Float32Array(16).fill(2), [4, 4]));
  await expect(page.getByTestId('fp8-file-info')).toContainText(name);
  await waitDone(page, '4×4');
  expect(
    await page.evaluate(() => [document.querySelectorAll('.fp8-panel img').length, (window as { __pwned?: number }).__pwned ?? null]),
  ).toEqual([0, null]);
});

test('a 4096x4096 run waits for Run, shows progress and cancels', { tag: '@timing' }, async ({ app, page }) => {
  await openFp8(app);
  await waitDone(page, '1024×1024');
  await page.locator('#fp8-shape').fill('4096x4096');
  await expect(status(page)).toContainText('The inputs changed: press Run to update.');
  await page.getByTestId('fp8-run').click();
  await expect(page.getByTestId('fp8-progress')).toBeVisible();
  await expect
    .poll(async () => Number(await page.getByTestId('fp8-progress').locator('progress').getAttribute('value')), { timeout: 20_000 })
    .toBeGreaterThan(0.05);
  const t0 = Date.now();
  await page.getByTestId('fp8-cancel').click();
  await expect(status(page)).toHaveAttribute('data-status', 'cancelled');
  const cancelMs = Date.now() - t0;
  console.log(`fp8 e2e: cancel acknowledged after ${cancelMs} ms`);
  expect(cancelMs).toBeLessThan(1500);
  await expect(status(page)).toContainText('Cancelled. Showing the previous result.');
  await page.locator('#fp8-shape').fill('256x256');
  await waitDone(page, '256×256');
});

test('no main-thread task over 50 ms while a 4096x4096 tensor is quantized', { tag: '@timing' }, async ({ app, page }) => {
  test.setTimeout(300_000);
  await app.recordLongTasks();
  await openFp8(app, '&fp8shape=4096x4096');
  await expect(status(page)).toContainText('Press Run to quantize 16,777,216 elements with 3 methods.');
  await expect(page.getByTestId('fp8-accum')).toBeVisible({ timeout: 30_000 });
  // Long tasks are wall time: on a machine shared with other busy processes (load well above the
  // core count) a descheduled main thread shows up as one although the page did little. So a run
  // with long tasks is retried (new seed, new tensor) up to twice; the test passes when one whole
  // 4096x4096 run has none, and logs every attempt.
  let clean = false;
  for (let attempt = 1; attempt <= 3 && !clean; attempt++) {
    if (attempt > 1) {
      await page.locator('#fp8-seed').fill(String(attempt));
      await expect(status(page)).toContainText('press Run to update');
    }
    await page.waitForTimeout(300);
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('fp8-run').click();
    await expect(status(page)).toHaveAttribute('data-status', 'running');
    await waitDone(page, '4096×4096', 200_000);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300)))); // results painted (staggered)
    const t1 = await page.evaluate(() => performance.now());
    const tasks = await app.longTasksSince(t0);
    const text = await status(page).textContent();
    console.log(
      `fp8 e2e attempt ${attempt}: ${text}; page wall ${Math.round(t1 - t0)} ms; long tasks (ms after Run): ${JSON.stringify(tasks.map((t) => ({ at: Math.round(t.start - t0), ms: Math.round(t.duration) })))}`,
    );
    clean = tasks.length === 0;
  }
  expect(clean, 'a 4096x4096 run without main-thread long tasks').toBe(true);
  await expect(rows(page)).toHaveCount(3);
});

test('each chart exports a standalone SVG that parses as XML', async ({ app, page }) => {
  await openFp8(app, '&fp8shape=256x512');
  await waitDone(page, '256×512');
  await expect(page.getByTestId('fp8-accum')).toBeVisible({ timeout: 30_000 });
  for (const [id, title] of [
    ['histogram', '|x| histogram with the FP8 range'],
    ['scales', 'Per-group scales (log2)'],
    ['requant', '1×128 → 128×1 re-quantization (backward)'],
    ['accumulation', 'GEMM error vs K (accumulation)'],
  ]) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Export ${title} as SVG` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`pipescope-fp8-${id}.svg`);
    const text = readFileSync((await download.path())!, 'utf8');
    const check = await page.evaluate((t) => {
      const d = new DOMParser().parseFromString(t, 'image/svg+xml');
      const root = d.documentElement;
      return {
        error: d.querySelector('parsererror')?.textContent ?? null,
        root: root.nodeName,
        xmlns: root.getAttribute('xmlns'),
        viewBox: root.getAttribute('viewBox'),
        title: d.querySelector('title')?.textContent,
        texts: d.querySelectorAll('text').length,
        scripts: d.querySelectorAll('script, foreignObject').length,
      };
    }, text);
    expect(check).toMatchObject({ error: null, root: 'svg', xmlns: 'http://www.w3.org/2000/svg', title, scripts: 0 });
    expect(check.viewBox).toMatch(/^0 0 \d+ \d+$/);
    expect(check.texts).toBeGreaterThan(3);
    expect(text).not.toContain('var(--'); // colours are inline, not the page's CSS variables
  }
});
