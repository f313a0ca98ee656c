/**
 * The op tooltip is never clipped: for ops anywhere (the right third too, where it flips) it stays
 * inside the chart column's visible area, wide and narrow. A clicked op's details stay pinned in a
 * card with a visible close button (reached with Tab, closed with Enter or Escape) that sits away
 * from the micro-batch path it highlights.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

type Box = { x: number; y: number; width: number; height: number };

/** what of the chart column shows: the window, and the column's box where it clips (scrolls) */
async function visibleArea(page: Page): Promise<Box> {
  return page.evaluate(() => {
    const col = document.querySelector('.main-col')!;
    const clips = getComputedStyle(col).overflowY !== 'visible';
    const r = clips ? col.getBoundingClientRect() : { left: 0, top: 0, right: Infinity, bottom: Infinity };
    const left = Math.max(0, r.left);
    const top = Math.max(0, r.top);
    const right = Math.min(window.innerWidth, r.right);
    const bottom = Math.min(window.innerHeight, r.bottom);
    return { x: left, y: top, width: right - left, height: bottom - top };
  });
}

async function expectInside(el: Locator, area: Box) {
  const b = (await el.boundingBox())!;
  expect(b.x).toBeGreaterThanOrEqual(area.x - 0.5);
  expect(b.y).toBeGreaterThanOrEqual(area.y - 0.5);
  expect(b.x + b.width).toBeLessThanOrEqual(area.x + area.width + 0.5);
  expect(b.y + b.height).toBeLessThanOrEqual(area.y + area.height + 0.5);
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

for (const width of [1280, 420]) {
  test(`hover tooltip for ops left, middle and right stays inside the chart column (${width} px)`, async ({ app, page }) => {
    await page.setViewportSize({ width, height: 800 });
    await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
    const plot = (await page.locator('[data-chart="0"]').boundingBox())!;
    await page.locator('[data-chart="0"]').scrollIntoViewIfNeeded();
    const tip = page.getByTestId('tooltip');
    for (const frac of [0.02, 0.5, 0.8, 0.97]) {
      for (const rank of [0, 7]) {
        const op = app.gantt().locator(`[data-rank="${rank}"]`);
        // the op nearest the fraction of the plot's width
        const boxes = await op.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((b) => [b.x, b.y, b.width, b.height]));
        const want = plot.x + 64 + (plot.width - 128) * frac;
        const [x, y, w, h] = boxes.reduce((a, b) => (Math.abs(b[0] + b[2] / 2 - want) < Math.abs(a[0] + a[2] / 2 - want) ? b : a));
        await page.mouse.move(x + w / 2, y + h / 2);
        await expect(tip).toBeVisible();
        await expectInside(tip, await visibleArea(page));
      }
    }
  });
}

test('a clicked op pins a card with a close button, away from the highlighted path; Tab, Enter and Escape work', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  const card = page.getByTestId('op-card');
  // an op in the right third of the chart: the card must not flip out of the column
  const op = app.gantt().locator('[data-rank="6"][data-kind="B"]').last();
  await op.click();
  await expect(card).toBeVisible();
  await expect(page.locator('.path-outline')).not.toHaveCount(0);
  const close = card.getByRole('button', { name: /close/i });
  await expect(close).toBeVisible();
  await expectInside(card, await visibleArea(page));
  // away from every highlighted op
  const cb = (await card.boundingBox())!;
  const outlines = await page
    .locator('.path-outline')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height })));
  expect(outlines.filter((o) => overlaps(o, cb))).toEqual([]);
  // moving the pointer over other ops shows their tooltip; the card stays
  await app.gantt().locator('[data-rank="0"][data-kind="F"]').first().hover();
  await expect(page.getByTestId('tooltip')).toBeVisible();
  await expect(card).toBeVisible();
  // keyboard: the close button is the next Tab stop after the chart; Enter closes
  await page.getByTestId('viewport').focus();
  await page.keyboard.press('Tab');
  await expect(close).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(card).toHaveCount(0);
  await expect(page.locator('.path-outline')).toHaveCount(0);
  await expect(page.getByTestId('viewport')).toBeFocused();
  // Escape on the card closes it too
  await op.click();
  await expect(card).toBeVisible();
  await close.focus();
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  // and clicking the close button
  await op.click();
  await close.click();
  await expect(card).toHaveCount(0);
});

test('narrow 420 px: the pinned card fits the column and avoids the path', async ({ app, page }) => {
  await page.setViewportSize({ width: 420, height: 800 });
  await app.open('?schedule=1f1b&ranks=4&microbatches=8');
  await app.gantt().locator('[data-rank="2"][data-kind="F"]').nth(5).click();
  const card = page.getByTestId('op-card');
  await expect(card).toBeVisible();
  await expectInside(card, await visibleArea(page));
  const cb = (await card.boundingBox())!;
  const outlines = await page
    .locator('.path-outline')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height })));
  expect(outlines.length).toBeGreaterThan(0);
  expect(outlines.filter((o) => overlaps(o, cb))).toEqual([]);
});
