/**
 * Compare: a second schedule stacked under the first on one shared time axis (zooming moves
 * both), with the metrics side by side; a comparison that cannot run says why.
 */
import { expect, test } from './fixtures.ts';

test('two schedules on a shared time axis with side-by-side metrics', async ({ app, page }) => {
  await app.open('?schedule=zb-h1&ranks=8&microbatches=24&render=svg'); // 960 ops: SVG forced, to count elements
  await app.field('Compare with').selectOption('1f1b');
  await app.settle();
  expect((await app.search()).get('cmp')).toBe('1f1b');
  await expect(page.getByTestId('gantt-compare-panel')).toContainText('compare: 1F1B');
  await expect(app.ops('gantt-compare')).toHaveCount(8 * 24 * 2);
  await expect(app.ops()).toHaveCount(8 * 24 * 3);
  // both start at t = 0 on rank 0: same x
  const a = (await app.gantt().locator('[data-rank="0"]').first().boundingBox())!;
  const b = (await app.gantt('gantt-compare').locator('[data-rank="0"]').first().boundingBox())!;
  expect(a.x).toBeCloseTo(b.x, 3);
  // 1F1B's last op ends at its makespan; ZB-H1's at its own, on the same scale: x ∝ time
  await expect(page.getByTestId('metrics-col-0')).toHaveText('ZB-H1 (ZB1P)');
  await expect(page.getByTestId('metrics-col-1')).toHaveText('1F1B');
  await expect(app.metric('makespan', 0)).toHaveText('79');
  await expect(app.metric('makespan', 1)).toHaveText('93');
  await expect(app.metric('closed-form', 0)).toHaveText('(P−1)(F+I−W) = 7');
  await expect(app.metric('closed-form', 1)).toHaveText('(P−1)(F+B) = 21');
  await expect(app.metric('bubble', 0)).toHaveText('7');
  await expect(app.metric('bubble', 1)).toHaveText('21');
  const lastA = (await app.gantt().locator('[data-rank="0"]').last().boundingBox())!;
  const lastB = (await app.gantt('gantt-compare').locator('[data-rank="0"]').last().boundingBox())!;
  expect((lastA.x + lastA.width - a.x) / (lastB.x + lastB.width - b.x)).toBeCloseTo(79 / 93, 1);

  // zooming (at the left edge, so t = 3 stays in view) moves both charts together
  const plot = (await page.locator('[data-chart="0"]').boundingBox())!;
  await page.mouse.move(plot.x + 70, plot.y + 20);
  await page.mouse.wheel(0, -300);
  await app.settle();
  expect(await app.domain()).not.toBeNull();
  const a2 = (await app.gantt().locator('[data-rank="3"][data-kind="F"]').first().boundingBox())!;
  const b2 = (await app.gantt('gantt-compare').locator('[data-rank="3"][data-kind="F"]').first().boundingBox())!;
  expect(a2.x).toBeCloseTo(b2.x, 3); // rank 3's first F starts at t = 3 in both
  // keyboard cursor walks down from the main chart into the comparison
  await page.getByTestId('viewport').focus();
  await page.keyboard.press('ArrowRight');
  for (let k = 0; k < 8; k++) await page.keyboard.press('ArrowDown');
  expect(await app.state<number | undefined>('(s) => s.cursor?.chart')).toBe(1);
  await app.field('Compare with').selectOption('');
  await expect(page.getByTestId('gantt-compare')).toHaveCount(0);
  await expect(page.getByTestId('metrics-col-1')).toHaveCount(0);
});

test('a comparison the parameters cannot run explains itself and leaves the main chart alone', async ({ app, page }) => {
  await app.open('?schedule=1f1b&ranks=7&microbatches=20&cmp=dualpipe');
  await expect(page.getByTestId('compare-error')).toHaveText(
    'Cannot draw DualPipe for comparison: DualPipe needs an even number of ranks; got 7',
  );
  await expect(page.getByText('cannot compare: DualPipe needs an even number of ranks; got 7')).toBeVisible();
  await expect(app.ops()).toHaveCount(7 * 20 * 2);
});
