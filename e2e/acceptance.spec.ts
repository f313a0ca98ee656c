/**
 * Acceptance of the main view: the default link draws exactly the ops the CLI reports (count by kind
 * per rank, with the data attributes), every parameter round-trips through the URL, reload
 * restores the view, and a link with an invalid combination explains itself.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from './fixtures.ts';

type Report = {
  timeline: {
    rank: number;
    ops: (
      | { kind: string; stage: number; microbatch: number }
      | { kind: 'FB'; forward: { stage: number; microbatch: number }; backward: { stage: number; microbatch: number } }
    )[];
  }[];
};

test('/?schedule=dualpipe&ranks=8&microbatches=20 draws exactly the ops the CLI reports', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  const report = JSON.parse(
    execFileSync('npx', ['tsx', 'src/cli/main.ts', 'schedule', '--schedule', 'dualpipe', '--ranks', '8', '--microbatches', '20'], {
      encoding: 'utf8',
    }),
  ) as Report;
  const expected = report.timeline.reduce((n, r) => n + r.ops.length, 0);
  await expect(app.ops()).toHaveCount(expected);
  for (const { rank, ops } of report.timeline) {
    for (const kind of ['F', 'B', 'I', 'W', 'FB']) {
      const n = ops.filter((o) => o.kind === kind).length;
      await expect(app.gantt().locator(`[data-rank="${rank}"][data-kind="${kind}"]`)).toHaveCount(n);
    }
  }
  // each op's ids, in order, exactly as the CLI's (FB: forward in data-stage/-microbatch, backward in data-backward-*)
  const drawn = await app
    .ops()
    .evaluateAll((els) =>
      els.map((e) =>
        [
          e.getAttribute('data-rank'),
          e.getAttribute('data-kind'),
          e.getAttribute('data-stage'),
          e.getAttribute('data-microbatch'),
          e.getAttribute('data-backward-stage'),
          e.getAttribute('data-backward-microbatch'),
        ].join(' '),
      ),
    );
  const want = report.timeline.flatMap(({ rank, ops }) =>
    ops.map((o) =>
      ('forward' in o
        ? [rank, 'FB', o.forward.stage, o.forward.microbatch, o.backward.stage, o.backward.microbatch]
        : [rank, o.kind, o.stage, o.microbatch, '', '']
      ).join(' '),
    ),
  );
  expect(drawn).toEqual(want);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-renderer', 'svg');
});

test('every parameter round-trips through the URL and reload restores the view', async ({ app, page }) => {
  const all =
    '?schedule=interleaved-1f1b&ranks=4&microbatches=12&stagesPerRank=3&F=1.5&I=2&W=0.5&B=3&FB=4&comm=0.25&cmp=1f1b&t0=2&t1=9&mb=3&theme=dark&pal=paper&render=canvas';
  await app.open(all);
  expect(await page.evaluate(() => window.location.search)).toBe(all);
  await expect(app.field('Schedule')).toHaveValue('interleaved-1f1b');
  await expect(app.field('Ranks P')).toHaveValue('4');
  await expect(app.field('Micro-batches M')).toHaveValue('12');
  await expect(app.field('Stages per rank v')).toHaveValue('3');
  for (const [label, v] of [
    ['F', '1.5'],
    ['I', '2'],
    ['W', '0.5'],
    ['B', '3'],
    ['F&B', '4'],
    ['comm', '0.25'],
  ])
    await expect(app.field(label)).toHaveValue(v);
  await expect(app.field('Compare with')).toHaveValue('1f1b');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('gantt-canvas')).toBeVisible();
  expect(await app.domain()).toEqual([2, 9]);
  await expect(page.getByTestId('gantt-panel')).toContainText('micro-batch 3');

  const detailed = '?schedule=dualpipe&ranks=4&microbatches=8&detail=1&hw=deepseek-v3-h100-derived&sms=24&nvl=300&ib=40&layers=2&tab=fp8';
  await app.open(detailed);
  expect(await page.evaluate(() => window.location.search)).toBe(detailed);
  await expect(app.field('Hardware')).toHaveValue('deepseek-v3-h100-derived');
  await expect(app.field('Comm SMs (of 132)')).toHaveValue('24');
  await expect(app.field('NVLink GB/s')).toHaveValue('300');
  await expect(app.field('IB GB/s')).toHaveValue('40');
  await expect(app.field('MoE layers per stage')).toHaveValue('2');
  await expect(page.getByRole('tab', { name: 'FP8' })).toHaveAttribute('aria-selected', 'true');
  await page.reload();
  await app.ready();
  expect(await page.evaluate(() => window.location.search)).toBe(detailed);
  await expect(app.field('Comm SMs (of 132)')).toHaveValue('24');
});

test('a link with bad values falls back field by field and says so; an invalid combination explains itself', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=abc&microbatches=20&F=-1&theme=pink');
  const warnings = page.getByTestId('url-warnings');
  await expect(warnings).toContainText('ranks="abc": "abc" is not a number; ranks takes a whole number; using the default 8');
  await expect(warnings).toContainText('F="-1": F is a duration and must not be negative; got -1; using the default 1');
  await expect(warnings).toContainText('theme="pink" is not one of auto, light, dark');
  await expect(app.ops()).toHaveCount(282);
  expect((await app.search()).get('ranks')).toBe('8');

  await app.open('?schedule=dualpipe&ranks=7&microbatches=20');
  const inline = page.locator('.field-error[data-field="ranks"]');
  await expect(inline).toContainText('DualPipe needs an even number of ranks; got 7');
  await expect(app.field('Ranks P')).toHaveValue('7');
  await expect(app.ops()).toHaveCount(282); // the nearest valid configuration (P=8) is drawn
  await inline.getByRole('button', { name: 'use 8' }).click();
  await expect(inline).toHaveCount(0);
});
