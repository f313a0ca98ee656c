/**
 * Keyboard-only operation: reach and edit parameters, move through the chart's ops with the
 * tooltip following, highlight a micro-batch, zoom and pan, switch side-panel tabs, open help.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** Presses Tab until `match` holds for the focused element (at most 60 presses). */
async function tabTo(page: Page, match: string) {
  for (let k = 0; k < 60; k++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`(() => { const e = document.activeElement; return !!e && e.matches(${JSON.stringify(match)}); })()`)) return;
  }
  throw new Error(`Tab never reached ${match}`);
}

test('parameters, chart, highlight, zoom and tabs work from the keyboard alone', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  await page.locator('body').focus();

  await tabTo(page, '#field-ranks');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('6');
  await tabTo(page, '#field-microbatches');
  await page.keyboard.press('ArrowUp'); // 22: ↑ skips the odd 21, which DualPipe refuses
  await expect(app.field('Micro-batches M')).toHaveValue('22');
  await expect(page.locator('.field-error')).toHaveCount(0);
  await app.settle();
  const q = await app.search();
  expect([q.get('ranks'), q.get('microbatches')]).toEqual(['6', '22']);

  // the inline fix is reachable too
  await page.keyboard.press('Control+a');
  await page.keyboard.type('5');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('use 12');
  await page.keyboard.press('Enter');
  await expect(app.field('Micro-batches M')).toHaveValue('12');

  // into the chart: arrows move a cursor, its details card follows
  await tabTo(page, '[data-testid="viewport"]');
  await page.keyboard.press('ArrowRight');
  const tip = page.getByTestId('op-card');
  await expect(tip).toBeVisible();
  await expect(page.locator('.cursor-outline')).toHaveCount(1);
  await expect(page.getByTestId('cursor-announcer')).toHaveText('F s0 mb0 on rank 0, 0 to 1'); // the first arrow lands on the first op
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('cursor-announcer')).toHaveText(/on rank 1,/);
  await expect(tip.locator('[data-field="rank"]')).toHaveText('1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('gantt-panel').locator('.chip')).toHaveText(/micro-batch \d+/);
  await expect(page.locator('.arrows path[data-arrow]')).not.toHaveCount(0);

  // zoom and pan
  await page.keyboard.press('w');
  await page.keyboard.press('w');
  const d = (await app.domain())!;
  await page.keyboard.press('d');
  expect((await app.domain())![0]).toBeGreaterThan(d[0]);
  await page.keyboard.press('a');
  await page.keyboard.press('0');
  expect(await app.domain()).toBeNull();
  // moving the cursor off-screen pans to it
  await page.keyboard.press('w');
  await page.keyboard.press('w');
  await page.keyboard.press('w');
  for (let k = 0; k < 25; k++) await page.keyboard.press('ArrowRight');
  const cur = await page.evaluate(() => {
    const s = window.__pipescope!.store.getState();
    return s.cursor;
  });
  expect(cur).not.toBeNull();
  const dd = (await app.domain())!;
  const box = await page.locator('.cursor-outline').boundingBox();
  expect(box).not.toBeNull();
  expect(dd[0]).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  await expect(page.locator('.arrows')).toHaveCount(0);
  await expect(tip).toHaveCount(0);

  // side panel tabs: arrow keys switch, the FP8 slot is there
  await tabTo(page, '[role="tab"][aria-selected="true"]');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'FP8' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'FP8' })).toBeFocused();
  await expect(page.locator('#panel-fp8[role="tabpanel"]')).toBeVisible(); // the FP8 panel's slot
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('metrics')).toBeVisible();

  // help opens from the keyboard
  await page.locator('body').focus();
  await tabTo(page, '.help summary');
  await page.keyboard.press('Enter');
  await expect(page.locator('.help-body')).toBeVisible();
  await expect(page.locator('.help-body')).toContainText('reset zoom');
});
