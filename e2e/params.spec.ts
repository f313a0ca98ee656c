/**
 * Parameters: changing any control updates chart, metrics and URL; invalid input (odd ranks for
 * DualPipe, M < 2P, 0, negative, text) shows the reason inline with a fix, while the chart keeps
 * the last valid state — never a blank page, never a console error.
 */
import { expect, test, type AppPage } from './fixtures.ts';

async function snapshot(app: AppPage) {
  return {
    metrics: (await app.page.getByTestId('metrics').textContent()) ?? '',
    svg: await app.gantt().innerHTML(),
  };
}

test('each control updates chart, metrics and URL', async ({ app }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20&render=svg');
  const steps: [string, () => Promise<unknown>, string, string][] = [
    ['schedule → 1F1B', () => app.field('Schedule').selectOption('1f1b'), 'schedule', '1f1b'],
    ['ranks', () => app.field('Ranks P').fill('6'), 'ranks', '6'],
    ['micro-batches', () => app.field('Micro-batches M').fill('18'), 'microbatches', '18'],
    ['F', () => app.field('F').fill('2'), 'F', '2'],
    ['B', () => app.field('B').fill('3'), 'B', '3'],
    ['comm', () => app.field('comm').fill('0.25'), 'comm', '0.25'],
    ['schedule → ZB-H1', () => app.field('Schedule').selectOption('zb-h1'), 'schedule', 'zb-h1'],
    ['I', () => app.field('I').fill('1.5'), 'I', '1.5'],
    ['W', () => app.field('W').fill('0.5'), 'W', '0.5'],
    ['schedule → interleaved', () => app.field('Schedule').selectOption('interleaved-1f1b'), 'schedule', 'interleaved-1f1b'],
    ['stages per rank', () => app.field('Stages per rank v').fill('3'), 'stagesPerRank', '3'],
    ['schedule → DualPipe', () => app.field('Schedule').selectOption('dualpipe'), 'schedule', 'dualpipe'],
    ['F&B', () => app.field('F&B').fill('4'), 'FB', '4'],
  ];
  for (const [name, act, key, value] of steps) {
    const before = await snapshot(app);
    await act();
    await expect.poll(async () => (await app.search()).get(key), { message: `${name} reaches the URL` }).toBe(value);
    await expect.poll(async () => (await snapshot(app)).svg !== before.svg, { message: `${name} redraws the chart` }).toBe(true);
    await expect.poll(async () => (await snapshot(app)).metrics !== before.metrics, { message: `${name} updates the metrics` }).toBe(true);
  }
});

test('detailed mode: SM split, bandwidths, hardware and layers drive chart, metrics and URL', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=4&microbatches=8');
  await page.getByLabel(/Detailed mode/).check();
  await app.settle();
  expect((await app.search()).get('detail')).toBe('1');
  await expect(page.locator('.time-axis .axis-title')).toHaveText('ms');
  // the measured preset's all-to-all is IB-bound (DeepEP at EP64): NVLink matters on the derived one
  const steps: [string, () => Promise<unknown>, string, string][] = [
    ['SM slider', () => page.getByLabel('Comm SMs slider').fill('8'), 'sms', '8'],
    ['SM field', () => app.field('Comm SMs (of 132)').fill('40'), 'sms', '40'],
    ['IB', () => app.field('IB GB/s').fill('25'), 'ib', '25'],
    ['layers', () => app.field('MoE layers per stage').fill('2'), 'layers', '2'],
    ['hardware', () => app.field('Hardware').selectOption('deepseek-v3-h800-derived'), 'hw', 'deepseek-v3-h800-derived'],
    ['NVLink', () => app.field('NVLink GB/s').fill('20'), 'nvl', '20'],
  ];
  for (const [name, act, key, value] of steps) {
    const before = await app.metric('makespan').textContent();
    await act();
    await app.settle();
    expect((await app.search()).get(key), name).toBe(value);
    await expect(app.metric('makespan'), name).not.toHaveText(before!);
  }
  await expect(app.metric('exposed-comm')).toContainText('ms');
  await expect(app.field('F')).toBeDisabled();
  await expect(app.field('F')).toHaveValue(/^\d+(\.\d+)?$/);
});

test('invalid input shows the reason inline with a fix; the chart keeps the last valid state', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  const cases: [string, string, RegExp, string][] = [
    ['Ranks P', '7', /DualPipe needs an even number of ranks; got 7/, 'ranks'],
    ['Micro-batches M', '10', /DualPipe needs at least 2P = 16 micro-batches for P=8 ranks; got 10/, 'microbatches'],
    ['Ranks P', '0', /ranks must be at least 1; got 0/, 'ranks'],
    ['Micro-batches M', '-4', /micro-batches must be at least 1; got -4/, 'microbatches'],
    ['F', '-1', /F is a duration and must not be negative; got -1/, 'F'],
    ['Ranks P', 'eight', /"eight" is not a number; ranks takes a whole number/, 'ranks'],
    ['W', 'abc', /"abc" is not a number/, 'W'],
  ];
  for (const [label, bad, reason, field] of cases) {
    const good = await app.field(label).inputValue();
    await app.field(label).fill(bad);
    await app.settle();
    const error = page.locator(`.field-error[data-field="${field}"]`);
    await expect(error, `${label}=${bad}`).toHaveText(reason);
    await expect(app.field(label)).toHaveAttribute('aria-invalid', 'true');
    await expect(app.ops()).toHaveCount(282);
    await expect(page.getByTestId('stale')).toBeVisible();
    expect((await app.search()).get(field) ?? null).toBe(field === 'F' || field === 'W' ? null : good);
    await expect(error.getByRole('button', { name: /^use / })).toBeVisible();
    await app.field(label).fill(good);
    await expect(error).toHaveCount(0);
  }
  // the fix button applies a value that works
  await app.field('Micro-batches M').fill('9');
  await page.locator('.field-error[data-field="microbatches"]').getByRole('button').click();
  await app.settle();
  await expect(page.locator('.field-error')).toHaveCount(0);
  expect(Number((await app.search()).get('microbatches'))).toBeGreaterThanOrEqual(16);
});
