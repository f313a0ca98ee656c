/**
 * Browser Back/Forward step through parameter changes: a committed change (Enter, leaving the
 * field, a select, a preset, a one-click fix) adds a history entry; typing, a slider drag or a
 * held arrow key only updates the entry it started; zoom, pan and highlight never add entries.
 * Going back or forward restores the parameters from the URL, through the same validated reader
 * as a pasted link.
 */
import { expect, test, type AppPage } from './fixtures.ts';

const historyLength = (app: AppPage) => app.page.evaluate(() => window.history.length);

async function back(app: AppPage) {
  await app.page.goBack();
  await app.settle();
}

async function forward(app: AppPage) {
  await app.page.goForward();
  await app.settle();
}

test('each committed change is one entry; Back and Forward restore panel, chart and URL', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  const start = await historyLength(app);
  const m = app.field('Micro-batches M');

  // typed, then Enter: one entry, however many keystrokes
  await m.fill('');
  await m.pressSequentially('24');
  await page.keyboard.press('Enter');
  await app.settle();
  expect(await historyLength(app)).toBe(start + 1);
  expect((await app.search()).get('microbatches')).toBe('24');

  // a select commits on its own
  await app.field('Schedule').selectOption('1f1b');
  await app.settle();
  expect(await historyLength(app)).toBe(start + 2);

  // zoom and a highlight do not add entries
  await page.getByTestId('viewport').focus();
  await page.keyboard.press('w');
  await app.gantt().locator('[data-rank="0"][data-kind="F"]').first().click();
  await app.settle();
  expect(await historyLength(app)).toBe(start + 2);

  // a preset
  await page.getByTestId('presets').selectOption('dualpipev-figure');
  await app.settle();
  expect(await historyLength(app)).toBe(start + 3);
  await expect(app.field('Schedule')).toHaveValue('dualpipev');

  await back(app);
  await expect(app.field('Schedule')).toHaveValue('1f1b');
  await expect(m).toHaveValue('24');
  expect((await app.search()).get('schedule')).toBe('1f1b');
  await expect(page.getByTestId('gantt-panel').locator('.chart-title')).toContainText('1F1B');
  // 1F1B at P=8, M=24: (M+P−1)(F+B) = 31·3
  await expect(app.metric('makespan')).toHaveText('93');

  await back(app);
  await expect(app.field('Schedule')).toHaveValue('dualpipe');
  await expect(m).toHaveValue('24');

  await back(app);
  await expect(m).toHaveValue('20');
  expect((await app.search()).get('microbatches')).toBe('20');
  await expect(app.metric('makespan')).toHaveText('66');

  await forward(app);
  await expect(m).toHaveValue('24');
  await forward(app);
  await expect(app.field('Schedule')).toHaveValue('1f1b');
  // going back and forth adds nothing
  expect(await historyLength(app)).toBe(start + 3);
});

test('typing then leaving the field, and a one-click fix, are one entry each', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  const start = await historyLength(app);
  const f = app.field('F');
  await f.fill('');
  await f.pressSequentially('1.5', { delay: 200 });
  await page.keyboard.press('Tab');
  await app.settle();
  expect(await historyLength(app)).toBe(start + 1);
  expect((await app.search()).get('F')).toBe('1.5');

  // an invalid value adds nothing; its fix is a committed change
  const ranks = app.field('Ranks P');
  await ranks.fill('9'); // DualPipe needs an even P: the fix offers 10
  await page.keyboard.press('Tab');
  await app.settle();
  expect(await historyLength(app)).toBe(start + 1);
  await page.locator('.field-error .fix').click();
  await app.settle();
  expect(await historyLength(app)).toBe(start + 2);
  expect((await app.search()).get('ranks')).toBe('10');

  await back(app);
  await expect(ranks).toHaveValue('8');
  await expect(page.locator('.field-error')).toHaveCount(0);
  await back(app);
  await expect(f).toHaveValue('1');
});

test('a held arrow key and a slider drag replace their entry instead of adding one per step', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=4&microbatches=8&detail=1');
  const start = await historyLength(app);
  const sms = app.field('Comm SMs (of 132)');
  await expect(sms).toHaveValue('20');

  // held ↑: key repeats
  await sms.focus();
  for (let k = 0; k < 6; k++) await page.keyboard.down('ArrowUp');
  await page.keyboard.up('ArrowUp');
  await app.settle();
  await expect(sms).toHaveValue('26');
  expect(await historyLength(app)).toBe(start + 1);

  // a drag of the slider across many values
  const slider = page.getByLabel('Comm SMs slider');
  const box = (await slider.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  for (const frac of [0.3, 0.4, 0.5, 0.6]) {
    await page.mouse.move(box.x + box.width * frac, box.y + box.height / 2, { steps: 3 });
    await app.settle();
  }
  await page.mouse.up();
  await app.settle();
  expect(await historyLength(app)).toBe(start + 2);
  expect(Number(await sms.inputValue())).toBeGreaterThan(60);

  await back(app);
  await expect(sms).toHaveValue('26');
  await back(app);
  await expect(sms).toHaveValue('20');
});
