/**
 * Units everywhere: the ZB paper presets' costs are µs (sail-sg's timers) and the panel, axis and
 * metrics say so; times past 10⁴ ms read in seconds; big numbers carry thousands separators; the
 * per-rank values in the right gutter are never clipped; the op table and the trace name their
 * time unit.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** every gutter value's box lies inside its overlay (its chart's full width) */
async function gutterFits(page: Page) {
  const out = await page.locator('svg.overlay').evaluateAll((svgs) =>
    svgs.flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text.bubble-value, text.rank-label')].map((t) => {
        const b = t.getBoundingClientRect();
        return { text: t.textContent, inside: b.left >= box.left - 0.5 && b.right <= box.right + 0.5 };
      });
    }),
  );
  expect(out.length).toBeGreaterThan(0);
  expect(out.filter((t) => !t.inside)).toEqual([]);
}

test('the ZB paper preset runs in µs and every number says so', async ({ app, page }) => {
  await app.open();
  await page.getByTestId('presets').selectOption('zb-paper-p16');
  await app.settle();
  expect((await app.search()).get('unit')).toBe('us');
  await expect(page.locator('legend', { hasText: 'Op costs' })).toContainText('µs');
  await expect(app.field('Cost unit')).toHaveValue('us');
  // 2,086,479 µs
  await expect(app.metric('makespan', 0)).toHaveText('2,086 ms');
  await expect(app.metric('bubble', 0)).toHaveText('180.1 ms');
  await expect(page.getByTestId('time-axis').locator('.axis-title')).toHaveText('ms');
  await gutterFits(page);
  // exports: the op table names its time unit, the trace its units
  const table = (await app.exportFile('table')).bytes.toString('utf8');
  const [header, first] = table.split('\n');
  expect(header.split(',')).toEqual([
    'rank',
    'stage',
    'chunk',
    'direction',
    'microbatch',
    'op',
    'lane',
    'start',
    'end',
    'dur',
    'sms',
    'bytes',
    'mem_after',
    'time_unit',
  ]);
  expect(first.split(',').at(-1)).toBe('us');
  const trace = JSON.parse((await app.exportFile('trace')).bytes.toString('utf8'));
  expect(trace.otherData.units).toMatchObject({ ts: 'µs', dur: 'µs', makespan: 'µs' });
  expect(trace.otherData.makespan).toBe(2086479);
  // an op's ts is its start in µs: 1 cost unit = 1 µs
  expect(trace.traceEvents.find((e: { ph: string; name: string }) => e.ph === 'X' && e.name === 'F').dur).toBe(14407);

  // back to unitless costs: the panel says cost units and the table too
  await app.field('Cost unit').selectOption('units');
  await app.settle();
  await expect(page.locator('legend', { hasText: 'Op costs' })).toContainText('cost units');
  await expect(app.metric('makespan', 0)).toHaveText('2,086,479');
  const plain = (await app.exportFile('table')).bytes.toString('utf8');
  expect(plain.split('\n')[1].split(',').at(-1)).toBe('cost');
});

test('past 10⁴ ms the detailed mode reads in seconds, on the axis and in the metrics', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=16&microbatches=64&detail=1');
  // 11,357,952 µs
  await expect(app.metric('makespan', 0)).toHaveText('11.36 s');
  await expect(page.getByTestId('time-axis').locator('.axis-title')).toHaveText('s');
  await expect(page.getByTestId('time-axis').locator('[data-tick]').nth(1)).toHaveText(/^\d+(\.\d+)?$/);
  // per-rank bubbles stay in ms (< 10⁴ ms) and fit the gutter
  await expect(app.metric('bubble', 0)).toHaveText('769.1 ms');
  await gutterFits(page);
  // zoomed in below 10 s the axis is in ms again
  await app.open('?schedule=dualpipe&ranks=16&microbatches=64&detail=1&t0=0&t1=2000000');
  await expect(page.getByTestId('time-axis').locator('.axis-title')).toHaveText('ms');
});

test('large unitless costs: thousands separators and a gutter that never clips', async ({ app, page }) => {
  await app.open('?schedule=1f1b&ranks=4&microbatches=8&F=123456789&I=100000000&W=50000000');
  // (M+P−1)(F+B) = 11 × 273,456,789
  await expect(app.metric('makespan', 0)).toHaveText('3,008,024,679');
  await expect(page.getByTestId('gantt-panel').locator('.chart-title')).toContainText('makespan 3,008,024,679');
  await gutterFits(page);
  await page.setViewportSize({ width: 420, height: 800 });
  await app.settle();
  await gutterFits(page);
  // axis labels do not run into each other
  const boxes = await page
    .getByTestId('time-axis')
    .locator('[data-tick]')
    .evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect()).map((b) => [b.left, b.right]));
  expect(boxes.length).toBeGreaterThan(1);
  for (let k = 1; k < boxes.length; k++) expect(boxes[k][0]).toBeGreaterThan(boxes[k - 1][1]);
});
