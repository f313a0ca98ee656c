/**
 * Accessibility of the Model panel and tab (docs/style.md I.3): axe-core (WCAG 2.x A/AA) finds no
 * serious or critical violation with the model's costs on, in light and dark, with the fits table
 * done, narrow, and with a rejected layout string; each field's Megatron argument is its description.
 * Full results go to test-results/a11y/ for review.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type AppPage } from './fixtures.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function ready(app: AppPage) {
  await expect(app.page.locator('.main-col')).toHaveAttribute('data-model', 'ready', { timeout: 20_000 });
}
async function fitsDone(app: AppPage) {
  await ready(app);
  await expect(app.page.getByTestId('fits')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
}

const VIEWS: { name: string; query: string; dark?: boolean; width?: number; prepare: (app: AppPage) => Promise<void> }[] = [
  { name: 'model costs', query: '?m_on=1&m_setup=llama3.1-8b-64-h100', prepare: ready },
  { name: 'model tab with fits', query: '?m_on=1&m_setup=llama3.1-8b-64-h100&tab=model', prepare: fitsDone },
  { name: 'dark model tab', query: '?m_on=1&m_setup=llama3.1-8b-64-h100&tab=model&theme=dark', dark: true, prepare: fitsDone },
  { name: 'narrow model', query: '?m_on=1&m_setup=llama3.1-8b-64-h100&tab=model', width: 420, prepare: fitsDone },
  { name: 'rejected layout', query: '?m_on=1&m_setup=llama3.1-8b-64-h100&m_layout=Et*8%7Ct*8%7CtQ*8%7Ct*8L', prepare: ready },
];

for (const view of VIEWS) {
  test(`axe: no serious or critical violation — ${view.name}`, async ({ app, page }) => {
    if (view.width) await page.setViewportSize({ width: view.width, height: 800 });
    await page.emulateMedia({ colorScheme: view.dark ? 'dark' : 'light' });
    await app.open(view.query);
    await view.prepare(app);
    await app.settle();
    const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    mkdirSync('test-results/a11y', { recursive: true });
    const summary = result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
    writeFileSync(`test-results/a11y/model-${view.name.replace(/\W+/g, '-')}.json`, JSON.stringify({ view, violations: summary }, null, 1));
    const serious = summary.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious, JSON.stringify(serious, null, 1)).toEqual([]);
  });
}

test('each model field is labelled with its unit and described by its Megatron argument', async ({ app, page }) => {
  await app.open('?m_on=1&m_setup=llama3.1-8b-64-h100');
  await ready(app);
  await expect(page.getByLabel('TP (GPUs)')).toHaveAccessibleDescription('tensor_model_parallel_size');
  await expect(page.getByLabel('Sequence length (tokens)')).toHaveAccessibleDescription('seq_length');
  await expect(page.getByLabel('Distributed optimizer')).toHaveAccessibleDescription('use_distributed_optimizer');
  // a rejected value adds its reason to the description
  await page.getByLabel('Micro-batches (per step)').fill('0');
  await expect(page.getByLabel('Micro-batches (per step)')).toHaveAccessibleDescription(/--microbatches .*must be at least 1; got 0/);
});
