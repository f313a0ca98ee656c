/**
 * Zoom and pan of the time axis: wheel at the pointer, drag, trackpad-style horizontal wheel,
 * keyboard, toolbar and reset; the window lives in the store and the URL (reload restores it);
 * in the detailed mode ops open into their pieces once wide enough.
 */
import { expect, test } from './fixtures.ts';

const span = (d: [number, number] | null, full: number) => (d ? d[1] - d[0] : full);

test('wheel zooms at the pointer, drag pans, horizontal wheel pans, reset restores', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  const full = 66;
  const ticksBefore = await page.getByTestId('time-axis').locator('text[data-tick]').allTextContents();
  const c = await app.plotCentre();
  await page.mouse.move(c.x, c.y);
  const tBefore = await page.evaluate(
    ([x]) => {
      const plot = document.querySelector('[data-chart="0"]')!.getBoundingClientRect();
      return (x - plot.left - 64) / (plot.width - 128);
    },
    [c.x],
  );
  await page.mouse.wheel(0, -400);
  await app.settle();
  const d1 = (await app.domain())!;
  expect(span(d1, full)).toBeLessThan(full / 1.5); // d3-zoom: 2^(400 × 0.002) = 1.74×
  // the time under the pointer stays under the pointer
  expect((tBefore * full - d1[0]) / (d1[1] - d1[0])).toBeCloseTo(tBefore, 2);
  expect(await page.getByTestId('time-axis').locator('text[data-tick]').allTextContents()).not.toEqual(ticksBefore);
  const q = await app.search();
  expect(Number(q.get('t0'))).toBeCloseTo(d1[0], 4);
  expect(Number(q.get('t1'))).toBeCloseTo(d1[1], 4);

  // drag left by 150 px: later times come into view
  await page.mouse.move(c.x, c.y);
  await page.mouse.down();
  await page.mouse.move(c.x - 150, c.y, { steps: 8 });
  await page.mouse.up();
  await app.settle();
  const d2 = (await app.domain())!;
  const plotW = (await page.locator('[data-chart="0"]').boundingBox())!.width - 128;
  expect(d2[0] - d1[0]).toBeCloseTo((150 / plotW) * (d1[1] - d1[0]), 1);
  expect(span(d2, full)).toBeCloseTo(span(d1, full), 6);
  // a drag is not a click: nothing got highlighted
  expect(await app.state<number | null>('(s) => s.selectedMb')).toBeNull();

  // trackpad horizontal scroll pans
  await page.mouse.wheel(-120, 0);
  await app.settle();
  const d3 = (await app.domain())!;
  expect(d3[0]).toBeLessThan(d2[0]);

  // reload restores the window
  await page.reload();
  await app.ready();
  const d4 = (await app.domain())!;
  expect(d4[0]).toBeCloseTo(d3[0], 4);
  expect(d4[1]).toBeCloseTo(d3[1], 4);
  // and gestures continue from the restored window (d3-zoom's transform follows the store)
  await page.mouse.move(c.x, c.y);
  await page.mouse.wheel(0, -200);
  await app.settle();
  const d5 = (await app.domain())!;
  expect(d5[0]).toBeGreaterThanOrEqual(d4[0] - 1e-9);
  expect(d5[1]).toBeLessThanOrEqual(d4[1] + 1e-9);
  expect(d5[1] - d5[0]).toBeLessThan(d4[1] - d4[0]);

  await page.getByTestId('reset-zoom').click();
  await app.settle();
  expect(await app.domain()).toBeNull();
  expect((await app.search()).get('t0')).toBeNull();
  await expect(page.getByTestId('reset-zoom')).toBeDisabled();
});

test('keyboard and toolbar zoom and pan; zoom stops at a tenth of the shortest op', async ({ app, page }) => {
  await app.open('?schedule=1f1b&ranks=4&microbatches=8');
  const full = Number(await app.metric('makespan').textContent());
  const viewport = page.getByTestId('viewport');
  await viewport.focus();
  await page.keyboard.press('w');
  expect(span(await app.domain(), full)).toBeCloseTo(full / 1.5, 6);
  await page.keyboard.press('+');
  expect(span(await app.domain(), full)).toBeCloseTo(full / 2.25, 6);
  const before = (await app.domain())!;
  await page.keyboard.press('d');
  const after = (await app.domain())!;
  expect(after[0] - before[0]).toBeCloseTo(0.2 * (before[1] - before[0]), 6);
  await page.keyboard.press('Shift+ArrowLeft');
  expect((await app.domain())![0]).toBeCloseTo(before[0], 6);
  await page.keyboard.press('s');
  expect(span(await app.domain(), full)).toBeCloseTo(full / 1.5, 6);
  await page.keyboard.press('0');
  expect(await app.domain()).toBeNull();
  for (let k = 0; k < 40; k++) await page.keyboard.press('w');
  expect(span(await app.domain(), full)).toBeCloseTo(0.1, 6); // shortest op 1 → 0.1
  await page.getByRole('button', { name: 'Zoom out' }).click();
  expect(span(await app.domain(), full)).toBeCloseTo(0.15, 6);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  expect(span(await app.domain(), full)).toBeCloseTo(0.1, 6);
  await page.getByTestId('reset-zoom').click();
  expect(await app.domain()).toBeNull();
});

test('detailed mode: zooming in opens ops into their pieces on the compute and all-to-all lanes', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=4&microbatches=8&detail=1');
  await expect(app.gantt().locator('[data-piece^="attn"]')).toHaveCount(0);
  await expect(app.gantt().locator('.comm-envelope')).not.toHaveCount(0);
  await expect(app.gantt().locator('[data-piece^="send"]')).not.toHaveCount(0);
  // zoom onto the middle of the step: one FB pair fills the width
  await page.getByTestId('viewport').focus();
  for (let k = 0; k < 6; k++) await page.keyboard.press('w');
  await app.settle();
  const expanded = app.gantt().locator('.op.expanded');
  await expect(expanded.first()).toBeVisible();
  await expect(expanded.first().locator('[data-piece="attn(F)"]').first()).toBeVisible();
  await expect(app.gantt().locator('[data-piece^="dispatch"]').first()).toBeVisible();
  // still exactly one data-kind element per drawn op
  const kinds = await app.gantt().locator('[data-kind]').count();
  const visible = await page.evaluate(() => window.__pipescope!.visibleOps);
  expect(kinds).toBe(visible / 3);
  // hovering a piece names it
  const piece = expanded.first().locator('[data-piece="mlp(F)"]').first();
  await piece.hover();
  await expect(page.getByTestId('tooltip').locator('.tt-piece').first()).toContainText(/mlp\(F\), layer \d/);
});
