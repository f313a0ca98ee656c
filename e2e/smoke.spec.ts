/**
 * Smoke: every kind of view draws something a person can see, read from the pixels. It runs
 * against the production build (playwright.config.ts), the `/pipescope/` build
 * (playwright.subpath.config.ts) and what `npm start` serves — the vite dev server with React's
 * development build and StrictMode (playwright.dev.config.ts) — because a chart can paint in one
 * and stay blank in another. One page load per view, no sleeps: the app's ready hook, then the
 * next painted frame (settle).
 *
 * "Painted": a canvas chart has pixels other than its background (the colour of its top-left
 * corner, in the rank-label gutter) over a good part of its area; the SVG view's transparent
 * label layer has text pixels; SVG op shapes have a fill and a box on screen.
 */
import type { Locator } from '@playwright/test';
import { SCHEDULE_NAMES } from '../src/engine/types.ts';
import { expect, test, type AppPage } from './fixtures.ts';

interface Pixels {
  /** canvas size, device px */
  width: number;
  height: number;
  /** pixels that differ from the background (opaque canvas) or are not fully transparent (layer) */
  painted: number;
  /** distinct colours among them */
  colours: number;
}

async function pixels(canvas: Locator, layer = false): Promise<Pixels> {
  return canvas.evaluate((el, transparent) => {
    // read a copy: reading the chart's own canvas back more than once makes chromium warn
    const c = el as HTMLCanvasElement;
    const copy = document.createElement('canvas');
    [copy.width, copy.height] = [c.width, c.height];
    const g = copy.getContext('2d', { willReadFrequently: true })!;
    g.drawImage(c, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const bg = transparent ? -1 : ((d[0] << 16) | (d[1] << 8) | d[2]) >>> 0;
    const colours = new Set<number>();
    let painted = 0;
    for (let i = 0; i < d.length; i += 4) {
      const rgb = ((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]) >>> 0;
      if (transparent ? d[i + 3] > 0 : rgb !== bg) {
        painted++;
        colours.add(rgb);
      }
    }
    return { width: c.width, height: c.height, painted, colours: colours.size };
  }, layer);
}

/** A canvas chart (Gantt or activation strip): a tenth of its area or more, in `colours` colours or more. */
async function expectCanvasPainted(canvas: Locator, what: string, minColours = 3) {
  await expect(canvas, what).toBeVisible();
  const p = await pixels(canvas);
  expect(p.width * p.height, `${what}: size`).toBeGreaterThan(10_000);
  expect(p.painted / (p.width * p.height), `${what}: share of painted pixels`).toBeGreaterThan(0.1);
  expect(p.colours, `${what}: colours`).toBeGreaterThanOrEqual(minColours);
}

/**
 * The SVG view: every op a filled shape with a box, and the label layer carrying text (the views
 * below are zoomed in far enough for micro-batch ids to fit on the ops).
 */
async function expectSvgPainted(app: AppPage, testid: string) {
  const ops = app.ops(testid);
  const n = await ops.count();
  expect(n, `${testid}: op shapes`).toBeGreaterThan(0);
  const shapes = await ops.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      const fills = [...e.querySelectorAll('rect, path')].map((s) => s.getAttribute('fill')).filter((f) => f && f !== 'none');
      return r.width > 0 && r.height > 0 && fills.length > 0;
    }),
  );
  expect(shapes.filter((ok) => !ok).length, `${testid}: ops without a filled box`).toBe(0);
  const labels = app.gantt(testid).locator('xpath=..').locator('canvas.gantt-labels');
  const p = await pixels(labels, true);
  expect(p.painted, `${testid}: label pixels`).toBeGreaterThan(200);
}

/** Whatever renderer each chart on the page uses, it painted; returns that renderer. */
async function expectChartsPainted(app: AppPage, charts = ['gantt']): Promise<string> {
  const mode = (await app.page.getByTestId('viewport').getAttribute('data-renderer'))!;
  for (const id of charts) {
    if (mode === 'canvas') await expectCanvasPainted(app.page.getByTestId(`${id}-canvas`), `${id} canvas`);
    else await expectSvgPainted(app, id);
  }
  // the strip: row backgrounds and one fill colour
  if (mode === 'canvas') await expectCanvasPainted(app.page.getByTestId('activation').locator('canvas'), 'activation strip', 2);
  else await expect(app.page.getByTestId('activation').locator('svg[role="img"] path').first()).toBeVisible();
  return mode;
}

async function switchRenderer(app: AppPage, mode: 'svg' | 'canvas') {
  await app.page.getByLabel('Renderer').selectOption(mode);
  await expect(app.page.getByTestId('viewport')).toHaveAttribute('data-renderer', mode);
  await app.settle();
}

// every schedule the engine registers
const FAMILIES = SCHEDULE_NAMES;

for (const schedule of FAMILIES) {
  test(`${schedule}: the SVG view and the canvas view paint`, async ({ app, page }) => {
    // the first 12 cost units: ops wide enough for their labels
    await app.open(`?schedule=${schedule}&ranks=4&microbatches=8&render=svg&t0=0&t1=12`);
    await expect(page.getByTestId('engine-error')).toHaveCount(0);
    expect(await expectChartsPainted(app)).toBe('svg');
    await switchRenderer(app, 'canvas');
    expect(await expectChartsPainted(app)).toBe('canvas');
  });
}

test('P=16: the automatic renderer is the canvas, and it paints; a change logs no React component timings', async ({ app }) => {
  // React's development build would log every component render with a diff of its props into
  // the performance timeline (entry names start with a zero-width space; React clears them again,
  // so they are caught as they are made): most of a change's time in the dev server, which turns
  // them off (scripts/devReactTracks.ts); the production build has none
  await app.page.addInitScript(() => {
    const w = window as unknown as { componentTimings: number };
    w.componentTimings = 0;
    new PerformanceObserver((list) => {
      w.componentTimings += list.getEntries().filter((e) => e.name.startsWith('\u200b')).length;
    }).observe({ type: 'measure' });
  });
  await app.open('?schedule=zb-v&ranks=16&microbatches=64');
  expect(await expectChartsPainted(app)).toBe('canvas');
  await app.field('Micro-batches M').fill('66');
  await app.settle();
  await expectChartsPainted(app);
  expect(await app.page.evaluate(() => (window as unknown as { componentTimings: number }).componentTimings)).toBe(0);
});

test('the per-stage cost table: a cell becomes a field on focus, ↑ steps it, the chart repaints', async ({ app, page }) => {
  // the cell swaps itself for a focused field (components/costs/CostTable.tsx), which StrictMode's
  // double effects in the dev server must not undo
  await app.open('?schedule=dualpipe&ranks=16&microbatches=64&sc=F:1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2');
  await page.getByRole('button', { name: 'F of share 5: 1', exact: true }).click();
  const cell = page.getByLabel('F of share 5', { exact: true });
  await expect(cell).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(cell).toHaveValue('1.1');
  await app.settle();
  expect((await app.search()).get('sc')).toBe('F:1,1,1,1,1,1.1,1,1,1,1,1,1,1,1,1,2');
  expect(await expectChartsPainted(app)).toBe('canvas');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('I of share 5', { exact: true })).toBeFocused();
  await expect(page.getByRole('button', { name: 'F of share 5: 1.1', exact: true })).toBeVisible();
});

test('compare: both charts paint, on canvas and in SVG', async ({ app }) => {
  await app.open('?schedule=zb-h1&ranks=8&microbatches=24&cmp=1f1b&render=canvas&t0=0&t1=20');
  const charts = ['gantt', 'gantt-compare'];
  expect(await expectChartsPainted(app, charts)).toBe('canvas');
  await switchRenderer(app, 'svg');
  await expectChartsPainted(app, charts);
});

test('detailed mode: the compute, all-to-all and PP lanes paint in SVG and on canvas', async ({ app }) => {
  await app.open('?schedule=dualpipe&ranks=4&microbatches=8&detail=1');
  expect(await expectChartsPainted(app)).toBe('svg');
  await expect(app.gantt().locator('[data-piece^="send"]').first()).toBeVisible();
  await switchRenderer(app, 'canvas');
  await expectChartsPainted(app);
});

test('the FP8 tab: metrics, histogram, scale map, re-quantization and accumulation charts', async ({ app, page }) => {
  await app.open('?tab=fp8&fp8shape=256x512');
  await expect(page.getByTestId('fp8-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('fp8-metrics').locator('tbody tr')).toHaveCount(3);
  // histogram bars, the three SQNR bars, the accumulation error points
  for (const [id, least] of [
    ['fp8-histogram', 10],
    ['fp8-requant', 3],
    ['fp8-accum', 12],
  ] as const) {
    const marks = page.getByTestId(id).locator(':is(rect, path, circle)[fill]:not([fill="none"])');
    await expect(marks.first(), id).toBeVisible({ timeout: 30_000 });
    expect(await marks.count(), `${id}: filled marks`).toBeGreaterThanOrEqual(least);
  }
  await expect(page.getByTestId('fp8-requant-extra')).toContainText('dB');
  // the scale map is an image the page rendered from the scales: it must have more than one colour
  const image = page.getByTestId('fp8-heatmap').locator('image');
  await expect(image).toHaveCount(1);
  const colours = await image.evaluate(async (el) => {
    const img = new Image();
    img.src = el.getAttribute('href')!;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.naturalWidth, img.naturalHeight];
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  });
  expect(colours).toBeGreaterThan(1);
});
