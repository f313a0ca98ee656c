/**
 * Presets, themes, palettes and "copy link".
 */
import { expect, test } from './fixtures.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('each preset sets its parameters, resets the view and draws', async ({ app, page }) => {
  await app.open('?schedule=1f1b&ranks=4&microbatches=8&t0=1&t1=3&mb=2&render=svg');
  const presets = page.getByTestId('presets');
  const cases: [string, Record<string, string>, number | null][] = [
    ['dualpipe-figure', { schedule: 'dualpipe', ranks: '8', microbatches: '20', B: '2', FB: '3' }, 282],
    ['dualpipev-figure', { schedule: 'dualpipev', ranks: '4', microbatches: '10', B: '2', FB: '3' }, null],
    ['deepseek-v3-h800', { schedule: 'dualpipe', ranks: '16', microbatches: '32', detail: '1' }, null],
    [
      'zb-paper-p8',
      { schedule: 'zb-h1', ranks: '8', microbatches: '24', F: '18522', I: '18086', W: '9337', comm: '601', cmp: '1f1b', unit: 'us' },
      576,
    ],
    ['zb-paper-p16', { schedule: 'zb-h2', ranks: '16', microbatches: '48', F: '14407', cmp: '1f1b', unit: 'us' }, null],
  ];
  for (const [id, expected, ops] of cases) {
    await presets.selectOption(id);
    await app.settle();
    const q = await app.search();
    for (const [k, v] of Object.entries(expected)) expect(q.get(k), `${id} ${k}`).toBe(v);
    expect(q.get('t0')).toBeNull();
    expect(q.get('mb')).toBeNull();
    await expect(presets).toHaveValue('');
    if (ops !== null) await expect(app.ops()).toHaveCount(ops);
    await expect(app.metric('makespan')).not.toBeEmpty();
  }
  // the ZB paper's costs are µs
  await expect(page.locator('.time-axis .axis-title')).toHaveText('ms');
  await presets.selectOption('dualpipe-figure');
  await expect(page.locator('.time-axis .axis-title')).toHaveText('cost units');
  expect((await app.search()).get('unit')).toBeNull();
  await presets.selectOption('deepseek-v3-h800');
  await expect(page.locator('.time-axis .axis-title')).toHaveText('ms');
  await expect(app.field('Comm SMs (of 132)')).toHaveValue('20');
});

test('theme and palette switch the page and the chart colours', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await bg()).toBe('rgb(255, 255, 255)');
  await page.getByLabel('Theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await bg()).toBe('rgb(15, 23, 42)');
  await app.settle();
  expect((await app.search()).get('theme')).toBe('dark');
  // the reverse direction's tint follows the background
  const dir1 = app.gantt().locator('[data-kind="F"][data-direction="1"] rect').first();
  const darkTint = await dir1.getAttribute('fill');
  await page.getByLabel('Theme').selectOption('auto');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await dir1.getAttribute('fill')).not.toBe(darkTint);

  const f = app.gantt().locator('[data-kind="F"][data-direction="0"] rect').first();
  await expect(f).toHaveAttribute('fill', '#56B4E9');
  await page.getByLabel('Colour palette').selectOption('paper');
  await expect(f).toHaveAttribute('fill', '#F4A259');
  await expect(app.gantt().locator('[data-kind="W"][data-direction="0"] rect').first()).toHaveAttribute('fill', '#6FA8DC');
  await app.settle();
  expect((await app.search()).get('pal')).toBe('paper');
});

test('copy link puts the current state on the clipboard', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  await app.field('Micro-batches M').fill('24');
  await page.getByTestId('copy-link').click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(copied).search).toBe('?schedule=dualpipe&ranks=8&microbatches=24');
  // the copied link opens the same view
  await page.goto(copied);
  await app.ready();
  await expect(app.field('Micro-batches M')).toHaveValue('24');
});
