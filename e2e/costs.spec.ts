/**
 * Per-stage costs, the cost basis and memory limits in the app (docs/schedules.md §1.5): at the
 * same share of the model ZB-V beats 1F1B and DualPipeV is close to DualPipe, each bubble its
 * closed form with the converted chunk costs; the cost table (cells, paste, uneven layers) goes
 * into the link; a memory limit draws cap lines and marks the ops that pass it; zb-auto's
 * memory–bubble curve runs in a worker and a click takes a point's limit; v-auto builds in the
 * background.
 */
import { expect, test } from './fixtures.ts';

const num = async (l: import('@playwright/test').Locator) => Number((await l.textContent())!.replace(/[^\d.]/g, ''));

test('same model share, F = I = W: ZB-V below 1F1B, DualPipeV close to DualPipe, bubbles = closed forms', async ({ app, page }) => {
  await app.open('?schedule=zb-v&ranks=8&microbatches=20&cmp=1f1b');
  const zbv = await num(app.metric('makespan', 0));
  const oneF = await num(app.metric('makespan', 1));
  expect(oneF).toBe(81);
  expect(zbv).toBeLessThan(oneF);
  await expect(app.metric('closed-form', 0)).toHaveText('0 = 0');
  await expect(page.getByTestId('chunk-costs-zb-v')).toContainText('F 0.5 · I 0.5 · W 0.5 · B 1 · F&B 1.5');
  await expect(page.getByTestId('chunk-costs-1f1b')).toContainText('F 1 · I 1 · W 1 · B 2 · F&B 3');

  await app.open('?schedule=dualpipe&ranks=8&microbatches=20&cmp=dualpipev');
  const dp = await num(app.metric('makespan', 0));
  const dpv = await num(app.metric('makespan', 1));
  expect(Math.abs(dpv - dp) / dp).toBeLessThan(0.1);
  await expect(app.metric('closed-form', 0)).toHaveText('(P/2−1)(F&B+B−3W) = 6');
  await expect(app.metric('closed-form', 1)).toHaveText('(PP/2−1)(F&B+B−3W), PP = 2P = 7');
  await expect(app.metric('bubble', 0)).toHaveText('6');
  await expect(app.metric('bubble', 1)).toHaveText('7');

  // one click to the per-stage basis: the V chunks now cost a whole stage each, twice the model
  await app.field('Costs and memory are for').selectOption('stage');
  await app.settle();
  expect(await num(app.metric('makespan', 1))).toBeGreaterThan(1.5 * dp);
  expect((await app.search()).get('basis')).toBe('stage');
});

test('the per-stage table: a cell edit, a pasted range and the uneven-layers fill go into the link', async ({ app, page }) => {
  await app.open('?schedule=1f1b&ranks=4&microbatches=8&render=svg');
  const before = await num(app.metric('makespan'));
  await page.getByTestId('cost-table').locator('summary').click();
  // a cell is its value until it takes focus, then a field in its place (components/costs/CostTable.tsx)
  await page.getByRole('button', { name: 'F of share 3: 1 (default)', exact: true }).click();
  const cell = page.getByLabel('F of share 3', { exact: true });
  await expect(cell).toBeFocused();
  await cell.fill('3');
  await cell.press('Enter');
  await app.settle();
  expect((await app.search()).get('sc')).toBe('F:1,1,1,3');
  expect(await num(app.metric('makespan'))).toBeGreaterThan(before);
  await expect(app.metric('closed-form')).toHaveText('none published');
  await expect(page.getByTestId('chunk-costs-1f1b')).toContainText('F 1–3');
  // Tab goes on to the next cell, itself a field once focused; the left one shows its new value
  await cell.press('Tab');
  await expect(page.getByLabel('I of share 3', { exact: true })).toBeFocused();
  await expect(page.getByRole('button', { name: 'F of share 3: 3', exact: true })).toBeVisible();
  // ↑/↓ step the focused cell by a tenth of its magnitude; Shift+Tab goes back
  await page.keyboard.press('ArrowUp');
  await expect(page.getByLabel('I of share 3', { exact: true })).toHaveValue('1.1');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('I of share 3', { exact: true })).toHaveValue('1');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByLabel('F of share 3', { exact: true })).toBeFocused();

  await page.locator('#cost-paste').fill('F\tI\tW\n1\t1\t1\n2\t2\t1\n2\t2\t1\n1\t1\t1\n');
  await page.getByRole('button', { name: 'Use pasted rows' }).click();
  await app.settle();
  expect((await app.search()).get('sc')).toBe('F:1,2,2,1;I:1,2,2,1;W:1,1,1,1');
  await expect(page.getByTestId('cost-table').locator('summary')).toContainText('from pasted');

  await page.locator('#uneven-layers').fill('4,4,4,2');
  await page.locator('#uneven-head').fill('2');
  await page.locator('#uneven-embedding').fill('0');
  await page.getByRole('button', { name: 'Fill: costs ∝ layers' }).click();
  await app.settle();
  expect((await app.search()).get('sc')).toBe('F:1,1,1,1;I:1,1,1,1;W:1,1,1,1;mF:1,1,1,1');

  // a table that does not fit P is refused with a one-click resample
  await app.open('?schedule=1f1b&ranks=4&microbatches=8&sc=F:1,2,3');
  await expect(page.locator('[data-field="stageCosts"]')).toContainText('the cost table has 3 rows');
  await page.locator('[data-field="stageCosts"] button.fix').click();
  await app.settle();
  expect((await app.search()).get('sc')).toBe('F:1,1.66666666667,2.33333333333,3');
});

test('a memory limit draws cap lines on both strips and marks the ops that pass it, in the chart and the tooltip', async ({
  app,
  page,
}) => {
  await app.open('?schedule=1f1b&ranks=4&microbatches=8&cmp=zb-v&mem=3&render=svg');
  await expect(page.getByTestId('activation').getByTestId('mem-limit-lines').locator('line')).toHaveCount(4);
  await expect(page.getByTestId('activation-compare').getByTestId('mem-limit-lines').locator('line')).toHaveCount(4);
  // 1F1B rank 0 holds 4 A, rank 1 3 A: one rank over
  await expect(page.getByTestId('activation').getByTestId('over-limit-count')).toHaveText(' · 1 rank over it');
  const marks = page.getByTestId('mem-marks-0');
  await expect(marks).toHaveAttribute('data-count', '5');
  await expect(marks.locator('rect:not(clipPath rect)')).toHaveCount(5);
  // the exported figure marks the same ops, with the same geometry (render/shapes.ts memoryMarkPx)
  const svg = (await app.exportFile('svg')).bytes.toString('utf8');
  expect(svg.match(/<g class="mem-over"[^>]*>[\s\S]*?<\/g>/)?.[0].match(/<rect /g)).toHaveLength(5);
  // the 4th forward of rank 0 is the first op over the limit
  const op = app.gantt().locator('[data-rank="0"][data-kind="F"]').nth(3);
  await op.hover();
  await expect(page.getByTestId('tooltip').locator('[data-field="memory"]')).toHaveText('4 A alive after it — over the 3 A limit');
});

test('zb-auto: the memory–bubble curve runs in a worker; a point sets the limit', async ({ app, page }) => {
  await app.open('?schedule=zb-auto&ranks=4&microbatches=12');
  await page.getByTestId('mem-sweep').click();
  await expect(page.getByTestId('mem-curve')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const points = page.locator('.mem-plot').first().locator('circle.mem-point');
  expect(await points.count()).toBeGreaterThan(3);
  await page.locator('.mem-plot').first().locator('circle[data-limit="4"]').click();
  await app.settle();
  expect((await app.search()).get('mem')).toBe('4');
  await expect(app.field('Memory limit per rank (A)')).toHaveValue('4');
});

test('v-auto builds in the background and the chart follows', async ({ app, page }) => {
  await app.open('?schedule=1f1b&ranks=4&microbatches=8');
  await app.field('Schedule').selectOption('v-auto');
  await expect(page.getByTestId('gantt-panel')).toContainText('V-shape automatic', { timeout: 30_000 });
  await expect(page.getByTestId('engine-pending')).toHaveCount(0);
  await expect(page.getByTestId('engine-error')).toHaveCount(0);
});
