/**
 * Detailed mode: hardware presets that give the same timeline say so and why (their all-to-all is
 * bound by the same IB NIC; compute is the same measured pieces), and a small makespan-vs-comm-SMs
 * curve beside the SM slider shows where the optimum is — the whole schedule's makespan when the
 * sweep is affordable, the F&B pair span otherwise, and the panel says which.
 */
import { expect, test } from './fixtures.ts';

test('H100, H200 and H800 (derived) give the same timeline, and the panel says why', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=4&microbatches=8&detail=1&hw=deepseek-v3-h100-derived');
  const note = page.getByTestId('hw-note');
  await expect(note).toContainText('Same timeline as DeepSeek-V3 on H800 (derived), DeepSeek-V3 on H200 (derived)');
  await expect(note).toContainText('IB');
  await expect(note).toContainText('50 GB/s');
  const makespan = await app.metric('makespan').textContent();
  await app.field('Hardware').selectOption('deepseek-v3-h200-derived');
  await app.settle();
  await expect(app.metric('makespan')).toHaveText(makespan!);
  await expect(note).toContainText('Same timeline as DeepSeek-V3 on H800 (derived), DeepSeek-V3 on H100 (derived)');
  // the measured preset differs: no "same timeline", but the binding link is still named
  await app.field('Hardware').selectOption('deepseek-v3-h800-measured');
  await app.settle();
  await expect(app.metric('makespan')).not.toHaveText(makespan!);
  await expect(note).not.toContainText('Same timeline');
  await expect(note).toContainText('IB');
  // with IB raised past NVLink's share the derived GPUs part ways
  await app.field('Hardware').selectOption('deepseek-v3-h100-derived');
  await app.field('IB GB/s').fill('400');
  await page.keyboard.press('Enter');
  await app.settle();
  await expect(note).not.toContainText('Same timeline');
});

test('the SM curve: whole-schedule makespan with its optimum; one click applies it', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=4&microbatches=8&detail=1&sms=60');
  const curve = page.getByTestId('sm-curve');
  await expect(curve).toHaveAttribute('data-kind', 'schedule', { timeout: 20_000 });
  await expect(curve).toContainText('makespan of the whole schedule');
  await expect(curve.locator('path.sm-line')).toHaveCount(1);
  await expect(curve.locator('.sm-best')).toHaveCount(1);
  const best = Number(await curve.getAttribute('data-best'));
  expect(best).toBeGreaterThan(1);
  expect(best).toBeLessThan(131);
  // the current split is marked; using the optimum moves the slider and the chart
  await expect(curve.locator('.sm-now')).toHaveCount(1);
  const before = await app.metric('makespan').textContent();
  await curve.getByRole('button', { name: `use ${best}` }).click();
  await app.settle();
  await expect(app.field('Comm SMs (of 132)')).toHaveValue(String(best));
  await expect(app.metric('makespan')).not.toHaveText(before!);
  await expect(app.metric('makespan')).toHaveText(
    await curve
      .locator('[data-best-value]')
      .textContent()
      .then((t) => t!),
  );
});

test('too large to sweep the schedule: the curve is the F&B pair span, and says so', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=64&microbatches=512&detail=1');
  const curve = page.getByTestId('sm-curve');
  await expect(curve).toHaveAttribute('data-kind', 'pair');
  await expect(curve).toContainText('F&B pair span');
  await expect(curve).toContainText('ops');
});
