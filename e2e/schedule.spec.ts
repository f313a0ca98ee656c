import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';

test('the page draws exactly the ops the CLI reports for DualPipe P=8 M=20', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?schedule=dualpipe&ranks=8&microbatches=20');
  const ops = page.locator('[data-testid="gantt"] [data-kind]');
  const report = JSON.parse(
    execFileSync('npx', ['tsx', 'src/cli/main.ts', 'schedule', '--schedule', 'dualpipe', '--ranks', '8', '--microbatches', '20'], { encoding: 'utf8' }),
  ) as { timeline: { rank: number; ops: { kind: string }[] }[] };
  const expected = report.timeline.reduce((n, r) => n + r.ops.length, 0);
  await expect(ops).toHaveCount(expected);
  for (const { rank, ops: rankOps } of report.timeline) {
    for (const kind of ['F', 'B', 'I', 'W', 'FB']) {
      const n = rankOps.filter((o) => o.kind === kind).length;
      await expect(page.locator(`[data-testid="gantt"] [data-rank="${rank}"][data-kind="${kind}"]`)).toHaveCount(n);
    }
  }
  await page.screenshot({ path: 'test-results/dualpipe-p8-m20.png' });
  expect(errors).toEqual([]);
});

test('an invalid configuration shows the reason instead of a blank page', async ({ page }) => {
  await page.goto('/?schedule=dualpipe&ranks=7&microbatches=20');
  await expect(page.getByRole('alert')).toHaveText('DualPipe needs an even number of ranks; got 7');
});
