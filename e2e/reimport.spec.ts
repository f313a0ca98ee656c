/**
 * The app's own exports come back in: the op table CSV re-opens its schedule (every op's rank,
 * stage, micro-batch and duration is in it), the Chrome trace restores the parameters it carries
 * in otherData, and the PNG is refused with the reason (an image holds no parameters) — none is
 * misread as another format.
 */
import { expect, test, type AppPage } from './fixtures.ts';

async function importFile(app: AppPage, name: string, bytes: Buffer, mimeType: string) {
  await app.page.getByTestId('import-input').setInputFiles({ name, mimeType, buffer: bytes });
  await expect(app.page.getByTestId('importing')).toHaveCount(0);
  await app.settle();
}

test('the op table CSV re-opens its schedule: same ops, same costs, the built-in schedule recognised', async ({ app, page }) => {
  await app.open('?schedule=zb-v&ranks=4&microbatches=8&F=1.5&I=1&W=0.5&comm=0.25&basis=stage&render=svg');
  const ops = await app.opKeys();
  const makespan = await app.metric('makespan').textContent();
  const table = await app.exportFile('table');
  expect(table.name).toBe('pipescope-zb-v-p4-m8.ops.csv');

  await app.open('?schedule=1f1b&ranks=2&microbatches=2&render=svg');
  await importFile(app, table.name, table.bytes, 'text/csv');
  await expect(page.getByTestId('import-problem')).toHaveCount(0);
  await expect(app.field('Schedule')).toHaveValue('zb-v');
  await expect(app.field('Ranks P')).toHaveValue('4');
  await expect(app.field('F')).toHaveValue('1.5');
  await expect(app.field('comm')).toHaveValue('0.25');
  await expect(app.metric('makespan')).toHaveText(makespan!);
  expect(await app.opKeys()).toEqual(ops);
});

test('an op table from the detailed mode re-opens the same op timeline, in µs', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=4&microbatches=8&detail=1&render=svg');
  const ops = await app.opKeys();
  const makespan = await app.metric('makespan').textContent();
  const table = await app.exportFile('table');
  await app.open('?schedule=1f1b&ranks=2&microbatches=2&render=svg');
  await importFile(app, table.name, table.bytes, 'text/csv');
  await expect(page.getByTestId('import-problem')).toHaveCount(0);
  await expect(app.field('Schedule')).toHaveValue('dualpipe');
  await expect(app.field('Cost unit')).toHaveValue('us');
  await expect(app.metric('makespan')).toHaveText(makespan!);
  expect(await app.opKeys()).toEqual(ops);
});

test('a custom schedule’s op table re-opens as that custom schedule', async ({ app, page }) => {
  // no built-in schedule runs this order
  const order = '0F0,0F1,0F2,0B0,0B2,0B1\n1F0,1B0,1F1,1F2,1B2,1B1\n';
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20&render=svg');
  await importFile(app, 'mine.csv', Buffer.from(order), 'text/csv');
  await expect(page.getByTestId('custom-banner')).toBeVisible();
  const ops = await app.opKeys();
  const table = await app.exportFile('table');
  await app.open('?schedule=1f1b&ranks=2&microbatches=2&render=svg');
  await importFile(app, table.name, table.bytes, 'text/csv');
  await expect(page.getByTestId('import-problem')).toHaveCount(0);
  await expect(page.getByTestId('custom-banner')).toContainText(table.name);
  expect(await app.opKeys()).toEqual(ops);
});

test('the Chrome trace restores the parameters it carries', async ({ app }) => {
  await app.open('?schedule=interleaved-1f1b&ranks=4&microbatches=8&stagesPerRank=3&F=2&comm=0.5&basis=stage');
  const trace = await app.exportFile('trace');
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  await importFile(app, trace.name, trace.bytes, 'application/json');
  await expect(app.page.getByTestId('import-problem')).toHaveCount(0);
  await expect(app.page.getByTestId('profile-view')).toHaveCount(0);
  await expect
    .poll(() =>
      app
        .search()
        .then((q) => [q.get('schedule'), q.get('ranks'), q.get('microbatches'), q.get('stagesPerRank'), q.get('F'), q.get('comm')]),
    )
    .toEqual(['interleaved-1f1b', '4', '8', '3', '2', '0.5']);
});

test('the PNG is refused with the reason, and the chart stays', async ({ app, page }) => {
  await app.open('?schedule=zb-h1&ranks=4&microbatches=8');
  const png = await app.exportFile('png');
  await importFile(app, png.name, png.bytes, 'image/png');
  await expect(page.getByTestId('import-message')).toHaveText(
    'this is an image export (PNG), which holds no parameters; import the SVG or project file instead',
  );
  expect((await app.search()).get('schedule')).toBe('zb-h1');
});
