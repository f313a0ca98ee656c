/**
 * The Explore page with a model as the cost source (docs/explore.md §4.5): a Model panel setup on its
 * GPU and MFU, swept in the web workers over schedules × P × M; the scatter in GB against ms or s
 * with the GPU's HBM line, the rows the engine, the planner or the memory rule out listed with why,
 * the inputs in the link (ex* keys), the CSV with the model's columns, and Open drawing the point
 * with the model's costs on the schedule page (Back returns).
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const status = (page: Page) => page.getByTestId('explore-status');
const done = (page: Page) => expect(status(page)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });

test('a model setup swept over 2 schedules × 2 P × 2 M: GB against ms, HBM line, reasons, link, CSV and Open', async ({ app, page }) => {
  await app.open('?page=explore&exs=1f1b,interleaved-1f1b&exp=3,8&exm=8,16&exv=2');
  await done(page);
  await expect(page.getByTestId('explore-basis')).toContainText('Cost basis: per stage.');

  // choose the model source and a setup from the Model panel's list
  await page.getByLabel('a model on its cluster').check();
  await page.getByLabel('Setup').selectOption('llama3.1-70b-128-h100');
  await expect(page.getByLabel('GPU')).toHaveValue('h100');
  await expect(page.getByLabel('MFU while computing')).toHaveValue('0.5');
  await expect(page.locator('.ex-status')).toHaveText(/^8 configurations in [\d.]+ s: 7 run, 1 do not; all that run fit in 80 GB\.$/, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('explore-basis')).toContainText('Cost basis: the model.');
  await expect(page.getByTestId('explore-basis')).toContainText('Llama 3.1 70B');

  // axes in physical units; the HBM line of the H100
  const chart = page.getByTestId('explore-chart');
  await expect(chart.locator('.ex-axis-title').first()).toContainText('(GB');
  await expect(chart.locator('.ex-axis-title').nth(1)).toHaveText('step time ÷ M (ms)');
  await expect(page.getByTestId('hbm-line')).toContainText('H100 SXM HBM 80 GB');
  await expect(chart.locator('path[data-schedule]')).toHaveCount(2);
  const table = page.getByTestId('frontier-table');
  await expect(table.locator('thead')).toContainText('peak memory (GB)');
  await expect(table.locator('thead')).toContainText('step time (ms)');
  await expect(table.locator('thead')).toContainText('MFU');
  // the step on the y axis: its largest value is over a second, so seconds
  await page.getByLabel('y axis').selectOption('makespan');
  await expect(chart.locator('.ex-axis-title').nth(1)).toHaveText('step time (s)');
  await page.getByLabel('y axis').selectOption('perMicrobatch');

  // the combination that does not run, with the engine's reason
  const invalid = page.getByTestId('explore-invalid');
  await invalid.locator('summary').click();
  await expect(invalid.locator('tbody tr')).toHaveCount(1);
  await expect(invalid).toContainText('interleaved-1f1b');
  await expect(invalid).toContainText('must divide M=16');

  // hover describes a point in the model's units
  const point = page.getByTestId('frontier-point').first();
  await point.hover();
  const tip = page.getByTestId('explore-tooltip');
  await expect(tip).toContainText(/step time [\d,.]+ ms, [\d,.]+ ms per micro-batch/);
  await expect(tip).toContainText(/peak memory [\d.]+ GB \(most loaded rank\)/);
  await expect(tip).toContainText(/tokens\/s per GPU, MFU [\d.]+ %/);

  // the link keeps the source; the CSV has the model's columns
  await app.settle();
  const q = await app.search();
  expect(q.get('exsrc')).toBe('model');
  expect(q.get('exsetup')).toBe('llama3.1-70b-128-h100');
  expect(q.get('exgpu')).toBeNull();
  const download = page.waitForEvent('download');
  await page.getByTestId('explore-csv').click();
  const csv = readFileSync((await (await download).path())!, 'utf8')
    .trim()
    .split('\n');
  expect(csv[0]).toBe(
    'schedule,ranks,microbatches,stagesPerRank,memLimit,valid,reason,makespan,bubbleRatio,peakActivations,stepTimeMs,tokensPerSecondPerGpu,mfu,peakBytes',
  );
  expect(csv).toHaveLength(9);

  // Open: the schedule page draws the configuration with the model's costs; Back returns
  const row = await table.locator('tbody tr').first().locator('td').allTextContents();
  const [schedule, config] = row;
  const m = /P=(\d+), M=(\d+), v=(\d+)/.exec(config)!;
  await table
    .locator('tbody tr')
    .first()
    .getByRole('button', { name: /^Open / })
    .click();
  await app.settle();
  await expect(page.getByTestId('page-schedule')).toHaveAttribute('aria-current', 'page');
  const s = await app.search();
  expect(s.get('m_on')).toBe('1');
  expect(s.get('m_setup')).toBe('llama3.1-70b-128-h100');
  expect(s.get('m_pp') ?? '4').toBe(m[1]);
  expect(s.get('m_mb') ?? '16').toBe(m[2]);
  expect(s.get('m_sched') ?? 'interleaved-1f1b').toBe(schedule);
  await expect(app.gantt()).toBeVisible();
  await page.goBack();
  await app.settle();
  await expect(page.getByTestId('page-explore')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByLabel('Setup')).toHaveValue('llama3.1-70b-128-h100');
});

test("a setup whose layout string fixes the stages: the planner's reason and rows over the HBM are listed", async ({ app, page }) => {
  await app.open('?page=explore&exsrc=model&exs=interleaved-1f1b,zb-v&exp=8,16&exm=32,64&exv=2');
  await done(page);
  await expect(page.getByLabel('Setup')).toHaveValue('deepseek-v3-2048-h800');
  await expect(page.locator('.ex-status')).toHaveText(
    /^8 configurations in [\d.]+ s: 4 run, 4 do not; 4 of those that run need more than 80 GB\.$/,
  );
  const invalid = page.getByTestId('explore-invalid');
  await expect(invalid.locator('summary')).toContainText('8 combinations do not run, cannot be laid out or do not fit');
  await invalid.locator('summary').click();
  await expect(invalid).toContainText('pipeline_model_parallel_layout: has 32 stages; zb-v on 8 ranks runs 16 model chunks (2 per rank)');
  await expect(invalid).toContainText(/does not fit: [\d.]+ GB on the most loaded rank; the H800 SXM has 80 GB of HBM/);
  // drawn past the HBM line, none on the frontier of configurations that fit
  await expect(page.getByTestId('hbm-line')).toContainText('H800 SXM HBM 80 GB');
  await expect(page.getByTestId('frontier-point')).toHaveCount(0);
  // with nothing on the frontier, a row over the HBM still opens from its Open button (keyboard)
  const over = invalid.locator('tr', { hasText: 'does not fit' }).first();
  await over.getByRole('button', { name: /^Open .* in the Gantt chart$/ }).focus();
  await page.keyboard.press('Enter');
  await app.settle();
  await expect(page.getByTestId('page-schedule')).toHaveAttribute('aria-current', 'page');
  expect((await app.search()).get('m_on')).toBe('1');
  await expect(page.locator('.main-col')).toHaveAttribute('data-model', 'ready', { timeout: 20_000 });
  await expect(page.getByTestId('gantt-panel').locator('.chart-title')).toContainText('P=16');
  await page.goBack();
  await app.settle();
  await expect(page.getByTestId('page-explore')).toHaveAttribute('aria-current', 'page');
  await done(page);
  // a bad MFU keeps the last sweep and says why, with the Model panel's words
  await page.getByLabel('MFU while computing').fill('1.5');
  await expect(page.locator('[data-field="mfu"]')).toHaveText('MFU while computing must be above 0 and at most 1; got 1.5');
  await page.getByLabel('MFU while computing').fill('0.4');
  await app.settle();
  expect((await app.search()).get('exmfu')).toBe('0.4');
  await done(page);
});
