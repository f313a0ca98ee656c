/**
 * The Model panel (docs/model.md §10): a setup draws its schedule with the model's per-stage costs
 * in ms and its memory in GB against the HBM line; the Model tab ranks every schedule and one click
 * draws any of them; everything is in the link; a layout string that does not parse shows its column
 * under the field while the chart keeps the last model that ran.
 */
import { expect, test, type AppPage } from './fixtures.ts';

/** The model's run is back from its worker and drawn. */
async function modelReady(app: AppPage) {
  await expect(app.page.locator('.main-col')).toHaveAttribute('data-model', 'ready', { timeout: 20_000 });
  await app.settle();
}

test('a setup draws its schedule with the model costs: ms on the axis, GB and the HBM line on the memory strip', async ({ app, page }) => {
  await app.open('?schedule=1f1b&ranks=4&microbatches=8');
  await expect(page.locator('.main-col')).toHaveAttribute('data-model', 'off');
  await page.locator('#model-setup').selectOption('deepseek-v3-2048-h800');
  await modelReady(app);
  await expect(page.getByTestId('costs-from-model')).toBeChecked();
  await expect(page.getByTestId('gantt-panel').locator('.chart-title')).toContainText('P=16 · M=120 · v=2');
  // a step of DualPipe on DeepSeek-V3 is seconds long: the axis reads in s, the per-rank bubbles in ms
  await expect(page.locator('.time-axis .axis-title')).toHaveText('s');
  await expect(page.locator('.gantt-labels .bubble-value, [data-testid="gantt-panel"] .bubble-value').first()).toContainText('ms');
  const strip = page.getByTestId('activation');
  await expect(strip).toHaveAttribute('data-unit', 'GB');
  await expect(strip.locator('.chart-title')).toContainText('80 GB − static');
  await expect(strip.locator('.memory-limit')).toHaveCount(16);
  // a rank whose activations pass the HBM it has left is marked: DeepSeek-V3's peaks pass 80 GB here (docs/model.md §9)
  await expect(strip.locator('[data-rank-peak="0"]')).toHaveText(/^\d+\.\d GB ▲$/);
  await expect(strip.getByTestId('over-limit-count')).toBeVisible();
  await expect(app.metric('peak-activations')).toHaveText(/^\d+\.\d GB$/);
  const q = await app.search();
  expect(q.get('m_on')).toBe('1');
  expect(q.get('m_setup')).toBe('deepseek-v3-2048-h800');
  // the parameters panel's own fields step aside while the model sets the costs
  await expect(page.locator('#field-F')).toHaveCount(0);
});

test('the Model tab ranks every schedule; one click draws any row in the chart', async ({ app, page }) => {
  await app.open('?m_on=1&m_setup=llama3.1-8b-64-h100&tab=model');
  await modelReady(app);
  const fits = page.getByTestId('fits');
  await expect(fits).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('fits-progress')).toHaveText('18 of 18');
  await expect(fits.locator('tbody tr')).toHaveCount(18);
  await expect(page.getByTestId('step-throughput')).toHaveText(/tokens\/s per GPU$/);
  await expect(page.getByTestId('rank-memory').locator('tbody tr')).toHaveCount(4);
  // the table's activation peak is the one the memory strip draws (transient buffers in their own column)
  const strip0 = await page.getByTestId('activation').locator('.bubble-value').first().textContent();
  await expect(page.getByTestId('rank-memory').locator('tbody tr').first().locator('td').nth(1)).toHaveText(
    strip0!.replace(' GB', '').replace(' ▲', ''),
  );
  // the valid rows come by step time
  const steps = await fits.locator('tbody tr[data-fits] td:first-of-type').allTextContents();
  const seconds = steps.map((t) => Number.parseFloat(t));
  expect(seconds.length).toBeGreaterThan(8);
  expect([...seconds].sort((a, b) => a - b)).toEqual(seconds);
  await fits.locator('tr[data-schedule="zb-v"] button').click();
  await modelReady(app);
  await expect(page.getByTestId('gantt-panel').locator('.chart-title')).toContainText('ZB-V');
  await expect(fits.locator('tr[data-schedule="zb-v"]')).toHaveAttribute('aria-current', 'true');
  expect((await app.search()).get('m_sched')).toBe('zb-v');
  await expect(page.locator('#model-schedule')).toHaveValue('zb-v');
});

test('the fits table can be cancelled and run again', async ({ app, page }) => {
  await app.open('?m_on=1&m_setup=deepseek-v3-2048-h800&tab=model');
  const fits = page.getByTestId('fits');
  await expect(fits).toHaveAttribute('data-state', 'running');
  await fits.getByRole('button', { name: 'Cancel' }).click();
  await expect(fits).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByTestId('fits-progress')).toContainText('(cancelled)');
  await expect(fits.getByRole('button', { name: 'Run again' })).toBeVisible();
});

test('the model is in the link: edits survive a reload and the Back button', async ({ app, page }) => {
  await app.open('?m_on=1&m_setup=llama3.1-8b-64-h100');
  await modelReady(app);
  const mb = page.locator('#model-microbatches');
  await mb.fill('32');
  await mb.press('Enter');
  await page.locator('#model-gpu').selectOption('h200');
  await modelReady(app);
  await expect(page.getByTestId('gantt-panel').locator('.chart-title')).toContainText('P=4 · M=32');
  const q = await app.search();
  expect(q.get('m_mb')).toBe('32');
  expect(q.get('m_gpu')).toBe('h200');
  await page.reload();
  await app.ready();
  await modelReady(app);
  await expect(mb).toHaveValue('32');
  await expect(page.locator('#model-gpu')).toHaveValue('h200');
  await expect(page.getByTestId('activation').locator('.chart-title')).toContainText('141 GB − static');
  await page.goBack();
  await app.settle();
  await expect(page.locator('#model-gpu')).toHaveValue('h100');
  await modelReady(app);
  await expect(page.getByTestId('activation').locator('.chart-title')).toContainText('80 GB − static');
});

test('a layout string that does not parse shows its column; the chart keeps the last model', async ({ app, page }) => {
  await app.open('?m_on=1&m_setup=llama3.1-8b-64-h100');
  await modelReady(app);
  const title = await page.getByTestId('gantt-panel').locator('.chart-title').textContent();
  const layout = page.locator('#model-layout');
  await layout.fill('Et*8|t*8|tQ*8|t*8L');
  const error = page.locator('[data-model-field="layout"]');
  await expect(error).toContainText('column 11 of "Et*8|t*8|tQ*8|t*8L": invalid layer character "Q"');
  await expect(page.getByTestId('layout-caret')).toHaveAttribute('data-column', '11');
  await expect(page.getByTestId('layout-parse')).toHaveText('does not parse');
  await expect(layout).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('gantt-panel').locator('.chart-title')).toHaveText(title!);
  // a layout that parses but puts a stage count PP does not divide: the reason, no column
  await layout.fill('Et*8|t*8|t*8|t*4|t*4L');
  await expect(error).toContainText('has 5 stages');
  await expect(page.getByTestId('layout-caret')).toHaveCount(0);
  await layout.fill('Et*8|t*8|t*8|t*8L');
  await expect(error).toHaveCount(0);
  await expect(page.getByTestId('layout-parse')).toHaveText('4 stages, 1 per rank');
});

test('a header preset while the model sets the costs draws the preset: the model costs turn off', async ({ app, page }) => {
  await app.open('?m_on=1');
  await modelReady(app);
  await page.getByTestId('presets').selectOption('dualpipe-figure');
  await expect(page.locator('.main-col')).toHaveAttribute('data-model', 'off');
  await app.settle();
  await expect(page.getByTestId('costs-from-model')).not.toBeChecked();
  // the parameters panel's own fields are back, holding the preset's schedule
  await expect(page.locator('#field-F')).toBeVisible();
  await expect(page.getByTestId('gantt-panel').locator('.chart-title')).not.toContainText('M=120');
  expect((await app.search()).get('m_on')).toBeNull();
});
