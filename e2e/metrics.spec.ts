/**
 * What the metrics panel claims: each number has its definition on screen next to it; the
 * per-rank bubble (idle inside a rank's own span) sits beside idle GPU-time over the whole step,
 * so ZB-H2's 0% bubble with ZB-H1's makespan is not read as "no idle time"; a comparison shows
 * Δ makespan and speed-up of the compared schedule against the main one.
 */
import { expect, test } from './fixtures.ts';

test('ZB-H2 vs ZB-H1 at the same makespan: 0% bubble but the same idle GPU-time, definitions on screen', async ({ app, page }) => {
  await app.open('?schedule=zb-h1&ranks=8&microbatches=20&cmp=zb-h2');
  await expect(app.metric('makespan', 0)).toHaveText('67');
  await expect(app.metric('makespan', 1)).toHaveText('67');
  await expect(app.metric('bubble-ratio', 0)).toHaveText('10.4%');
  await expect(app.metric('bubble-ratio', 1)).toHaveText('0.0%');
  // idle GPU-time = 1 − 8·60 / (8·67) for both
  await expect(app.metric('idle-gpu', 0)).toHaveText('10.4%');
  await expect(app.metric('idle-gpu', 1)).toHaveText('10.4%');
  // the definitions are text on the page, not hover-only titles
  const defs = page.getByTestId('metrics').locator('.metric-def');
  await expect(page.locator('[data-metric-def="bubble"]')).toBeVisible();
  await expect(page.locator('[data-metric-def="bubble"]')).toContainText("inside each rank's own span");
  await expect(page.locator('[data-metric-def="idle-gpu"]')).toContainText('1 − busy ÷ (P × makespan)');
  expect(await defs.count()).toBeGreaterThanOrEqual(6);
  // same makespan: no change, speed-up 1
  await expect(app.metric('delta-makespan', 1)).toHaveText('0 (0.0%)');
  await expect(app.metric('speed-up', 1)).toHaveText('1.00×');
  await expect(app.metric('delta-makespan', 0)).toHaveText('—');
});

test('compare mode: Δ makespan and speed-up of the compared schedule against the main one', async ({ app }) => {
  // 1F1B runs (M+P−1)(F+B) = 27·3 = 81; ZB-H1 67
  await app.open('?schedule=zb-h1&ranks=8&microbatches=20&cmp=1f1b');
  await expect(app.metric('makespan', 1)).toHaveText('81');
  await expect(app.metric('delta-makespan', 1)).toHaveText('+14 (+20.9%)');
  await expect(app.metric('speed-up', 1)).toHaveText('0.83×');
  // the other way round
  await app.open('?schedule=1f1b&ranks=8&microbatches=20&cmp=zb-h1');
  await expect(app.metric('delta-makespan', 1)).toHaveText('−14 (−17.3%)');
  await expect(app.metric('speed-up', 1)).toHaveText('1.21×');
  // without a comparison the rows are not there
  await app.open('?schedule=zb-h1&ranks=8&microbatches=20');
  await expect(app.metric('delta-makespan', 0)).toHaveCount(0);
  await expect(app.metric('idle-gpu', 0)).toHaveText('10.4%');
});
