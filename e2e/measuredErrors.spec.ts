/**
 * Bad trace imports in the app (docs/measured.md §10, §12): every problem src/measured names is
 * shown as its one sentence in the import status, as text, and the view stays as it was — the
 * schedule view, or a measured run already shown. A running import can be cancelled, which
 * changes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type AppPage } from './fixtures.ts';

const ROOT = join(process.cwd(), 'fixtures/golden/torch-runtime');
const I1F1B = 'Interleaved1F1B_p4_m8_v2';
type Trace = { traceEvents: { name?: string; ts?: number; dur?: number; ph?: string; cat?: string }[] };

const rankFile = (r: number) => `rank${r}.pt.trace.json`;
const text = (r: number) => readFileSync(join(ROOT, I1F1B, rankFile(r)), 'utf8');
const edit = (r: number, change: (t: Trace) => void) => {
  const t = JSON.parse(text(r)) as Trace;
  change(t);
  return JSON.stringify(t);
};
/** A ProfilerStep#N range around every event of the trace. */
const inStep = (n: number) => (t: Trace) => {
  const xs = t.traceEvents.filter((e) => e.ph === 'X' && typeof e.ts === 'number');
  const lo = Math.min(...xs.map((e) => e.ts!));
  const hi = Math.max(...xs.map((e) => e.ts! + (e.dur ?? 0)));
  t.traceEvents.push({ ph: 'X', cat: 'user_annotation', name: `ProfilerStep#${n}`, ts: lo - 1, dur: hi - lo + 2 });
};

async function choose(app: AppPage, files: { name: string; content: string | Buffer }[]) {
  await app.page.getByTestId('import-input').setInputFiles(
    files.map((f) => ({
      name: f.name,
      mimeType: 'application/json',
      buffer: Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content),
    })),
  );
}

/** The schedule view's ops, to check they are unchanged. */
const opKeys = (app: AppPage) =>
  app
    .ops()
    .evaluateAll((gs) =>
      gs.map((g) => `${g.getAttribute('data-rank')}:${g.getAttribute('data-kind')}:${g.getAttribute('data-microbatch')}`),
    );

const CASES: [string, () => { name: string; content: string | Buffer }[], RegExp][] = [
  [
    'no PP: ranges (Schedule1F1B records none)',
    () => [0, 1, 2, 3].map((r) => ({ name: rankFile(r), content: readFileSync(join(ROOT, '1F1B_p4_m8', rankFile(r))) })),
    /^rank0\.pt\.trace\.json has no "PP:" ranges: looked for user_annotation ranges named PP:<action> \(PP:0F0, .*single-stage ones such as Schedule1F1B and ScheduleGPipe record none$/,
  ],
  [
    'a missing rank',
    () => [0, 1, 3].map((r) => ({ name: rankFile(r), content: text(r) })),
    /^rank 2 is missing: the files hold ranks 0, 1, 3 of world size 4; give one trace per rank$/,
  ],
  [
    'two different steps',
    () => [0, 1, 2, 3].map((r) => ({ name: rankFile(r), content: edit(r, inStep(r === 1 ? 8 : 7)) })),
    /^the files are from different steps: rank 0 holds ProfilerStep#7 but rank 1 holds ProfilerStep#8; import the same step from every rank$/,
  ],
  [
    'mismatched micro-batch counts',
    () =>
      [0, 1, 2, 3].map((r) => ({
        name: rankFile(r),
        content: r === 3 ? edit(r, (t) => (t.traceEvents = t.traceEvents.filter((e) => !/^PP:\d+[A-Z_]*7$/.test(e.name ?? '')))) : text(r),
      })),
    /^the micro-batch counts do not match: stage 0 \(rank 0\) runs 8 forward micro-batches but stage 3 \(rank 3\) runs 7; every stage of one step runs the same micro-batches$/,
  ],
  [
    'malformed (truncated) JSON',
    () => [0, 1, 2, 3].map((r) => ({ name: rankFile(r), content: r === 2 ? text(r).slice(0, 20_000) : text(r) })),
    /^rank2\.pt\.trace\.json is not valid JSON \(it may be truncated\): /,
  ],
  [
    'a gzip file that is not valid gzip',
    () =>
      [0, 1, 2, 3].map((r) => ({ name: `${rankFile(r)}.gz`, content: r === 1 ? gzipSync(text(r)).subarray(0, 300) : gzipSync(text(r)) })),
    /^rank1\.pt\.trace\.json\.gz starts like gzip but is not valid gzip data/,
  ],
];

test('each bad trace import says what is wrong in one sentence; the schedule view stays', async ({ app, page }) => {
  await app.open('?schedule=1f1b&ranks=4&microbatches=8');
  const before = await opKeys(app);
  for (const [what, make, message] of CASES) {
    const files = make();
    await choose(app, files);
    await expect(page.getByTestId('import-message'), what).toHaveText(message, { timeout: 15_000 });
    await expect(page.getByTestId('import-problem')).toContainText(`Could not import ${files.length} files:`);
    await expect(page.getByTestId('trace-import')).toHaveCount(0);
    await app.settle();
    expect(await opKeys(app), what).toEqual(before);
    expect(await app.state<string>('(s) => s.page')).toBe('schedule');
    expect(await app.state<unknown>('(s) => s.measured')).toBeNull();
    expect((await app.search()).get('page')).toBeNull();
    await page.getByRole('button', { name: 'Dismiss the import problem' }).click();
  }
  await expect(page.locator('main script, main img')).toHaveCount(0);
});

test('a trace over the size limit is refused before it is read', async ({ app, page }) => {
  await app.open('?schedule=1f1b&ranks=4&microbatches=8');
  const before = await opKeys(app);
  // a File whose size says 2.1 GB: the importer refuses it by its size and never reads it
  const dt = await page.evaluateHandle(
    (t) => {
      const d = new DataTransfer();
      for (const n of [0, 1]) d.items.add(new File([t], `rank${n}.pt.trace.json`, { type: 'application/json' }));
      const f = d.files[0];
      Object.defineProperty(f, 'size', { value: 2_147_500_000 });
      return d;
    },
    text(0).slice(0, 100),
  );
  const area = page.getByTestId('chart-area');
  await area.dispatchEvent('dragenter', { dataTransfer: dt });
  await area.dispatchEvent('drop', { dataTransfer: dt });
  await expect(page.getByTestId('import-message')).toHaveText(
    'rank0.pt.trace.json is 2147.5 MB; the trace import limit is 256 MB (export one step per file, or trim the trace)',
  );
  expect(await opKeys(app)).toEqual(before);
});

test('a bad import over a measured run keeps the run on screen', async ({ app, page }) => {
  await app.open();
  await page.getByTestId('import-folder-input').setInputFiles(join(ROOT, I1F1B));
  await expect(page.getByTestId('measured-gantt')).toBeVisible({ timeout: 15_000 });
  const ops = await app.ops('measured-gantt').count();
  await page.getByTestId('import-folder-input').setInputFiles(join(ROOT, '1F1B_p4_m8'));
  await expect(page.getByTestId('import-message')).toContainText('has no "PP:" ranges');
  await expect(page.getByTestId('import-problem')).toContainText('Could not import 1F1B_p4_m8/:');
  await expect(app.ops('measured-gantt')).toHaveCount(ops);
  await expect(page.getByTestId('recognised')).toContainText('interleaved-1f1b');
});

test('Cancel stops a running import and leaves everything as it was', async ({ app, page }) => {
  await app.open('?schedule=zb-v&ranks=4&microbatches=8');
  const before = await opKeys(app);
  // rank 0's trace padded to ~200 MB of JSON, gzipped: gunzipping and parsing it takes a while
  const padded = gzipSync(`{"pad":"${'x'.repeat(200_000_000)}",${text(0).trimStart().slice(1)}`);
  await choose(app, [{ name: `${rankFile(0)}.gz`, content: padded }, ...[1, 2, 3].map((r) => ({ name: rankFile(r), content: text(r) }))]);
  await expect(page.getByTestId('trace-import')).toBeVisible();
  await page.getByTestId('trace-import-cancel').click();
  await expect(page.getByTestId('trace-import')).toHaveCount(0);
  await app.settle();
  await page.waitForTimeout(500);
  expect(await app.state<unknown>('(s) => [s.page, s.measured, s.importProblem, s.traceImport]')).toEqual(['schedule', null, null, null]);
  expect(await opKeys(app)).toEqual(before);
  await expect(page.getByTestId('import-button')).toBeEnabled();
});
