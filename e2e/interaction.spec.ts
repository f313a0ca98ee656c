/**
 * Hover tooltip and micro-batch highlighting, in the SVG view and (same hit-test path) on canvas.
 */
import { expect, test } from './fixtures.ts';

test('hovering an op shows kind, stage, micro-batch, times and what it waited for', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  // rank 1's first FB op: forward/backward halves
  const fb = app.gantt().locator('[data-rank="1"][data-kind="FB"]').first();
  const box = (await fb.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.25);
  const tip = page.getByTestId('tooltip');
  await expect(tip).toBeVisible();
  await expect(tip.locator('.tt-title')).toHaveText('F&B · overlapped forward + backward — forward half');
  const stage = await fb.getAttribute('data-stage');
  const mb = await fb.getAttribute('data-microbatch');
  await expect(tip.locator('[data-field="forward"]')).toContainText(`stage ${stage}, micro-batch ${mb}`);
  await expect(tip.locator('[data-field="backward"]')).toContainText(
    `stage ${await fb.getAttribute('data-backward-stage')}, micro-batch ${await fb.getAttribute('data-backward-microbatch')}`,
  );
  for (const f of ['start', 'end', 'duration']) await expect(tip.locator(`[data-field="${f}"]`)).toHaveText(/^\d/);
  await expect(tip.locator('[data-field="duration"]')).toHaveText('3');
  await expect(tip.getByTestId('tooltip-waits').locator('li.binding').first()).toContainText(/ready at|rank busy until/);
  await expect(page.locator('.hover-outline')).toHaveCount(1);

  // a plain op: the first F of rank 3 waited for rank 2's forward
  const f = app.gantt().locator('[data-rank="3"][data-kind="F"]').first();
  await f.hover();
  await expect(tip.locator('.tt-title')).toHaveText('F · forward');
  await expect(tip.locator('[data-field="stage"]')).toHaveText('3 (forward direction)');
  await expect(tip.locator('[data-field="micro-batch"]')).toHaveText('0');
  await expect(tip.getByTestId('tooltip-waits').locator('li.binding')).toHaveText(['F s2 mb0 (rank 2) ready at 3']);
  // the tooltip stays inside the window
  const tb = (await tip.boundingBox())!;
  expect(tb.x + tb.width).toBeLessThanOrEqual(1280);
  await page.mouse.move(5, 5);
  await expect(tip).toHaveCount(0);
});

test('clicking an op highlights its micro-batch across ranks with dependency arrows', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  const f = app.gantt().locator('[data-rank="0"][data-kind="F"][data-microbatch="2"]').first();
  await f.click();
  await app.settle();
  expect((await app.search()).get('mb')).toBe('2');
  await expect(page.getByTestId('gantt-panel').locator('.chip')).toHaveText('micro-batch 2');
  // micro-batch 2 goes forward through ranks 0..7 and back: 7 transfers each way
  await expect(page.locator('.arrows path[data-arrow]')).toHaveCount(14);
  await expect(page.locator('.path-outline')).not.toHaveCount(0);
  // ops off the path are dimmed
  const other = app.gantt().locator('[data-rank="0"][data-kind="F"][data-microbatch="5"] rect').first();
  await expect(other).toHaveAttribute('opacity', '0.22');
  await expect(f.locator('rect').first()).not.toHaveAttribute('opacity', /./);
  // clicking the backward half of an FB selects the backward's micro-batch
  const fb = app.gantt().locator('[data-rank="4"][data-kind="FB"]').first();
  const bmb = await fb.getAttribute('data-backward-microbatch');
  const box = (await fb.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.8);
  await expect(page.getByTestId('gantt-panel').locator('.chip')).toHaveText(`micro-batch ${bmb}`);
  // the same again clears it; so does Escape
  await page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.8);
  await expect(page.locator('.arrows')).toHaveCount(0);
  await f.click();
  await expect(page.locator('.arrows')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.locator('.arrows')).toHaveCount(0);
  await app.settle();
  expect((await app.search()).get('mb')).toBeNull();
});

test('the canvas view hit-tests the same way: tooltip and highlight at P=64, M=512', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=64&microbatches=512');
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-renderer', 'canvas');
  await expect(page.getByTestId('gantt-canvas')).toBeVisible();
  const c = await app.plotCentre();
  await page.mouse.move(c.x, c.y);
  const tip = page.getByTestId('tooltip');
  await expect(tip).toBeVisible();
  await expect(tip.locator('[data-field="rank"]')).toHaveText(/^\d+$/);
  await page.mouse.click(c.x, c.y);
  await expect(page.getByTestId('gantt-panel').locator('.chip')).toHaveText(/micro-batch \d+/);
  await expect(page.locator('.arrows path[data-arrow]')).toHaveCount(126);
});
