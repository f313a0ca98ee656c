/**
 * Export and import in the app: the Export menu's files (SVG byte-identical to the CLI's and
 * drawing the app's ops when opened on its own in chromium, with no request and no script; PNG at
 * 2x; Chrome trace; PyTorch CSV; project; op table) and Import (file picker and drop on the chart)
 * of a PyTorch CSV, a torch golden schedule, a project, a profiler trace — and of malformed files,
 * which leave the chart as it was with the reason shown as text. The fixture fails any test on a
 * console error. (The SVG exporter's escaping of labels is unit-tested: src/interop/svgExport.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, type AppPage } from './fixtures.ts';

const cli = (...args: string[]) => execFileSync('npx', ['tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'pipescope-e2e-io-'));
const SHOTS = 'test-results/screens';

async function importFile(app: AppPage, name: string, content: string | Buffer, mimeType = 'text/plain') {
  await app.imported(() =>
    app.page
      .getByTestId('import-input')
      .setInputFiles({ name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) }),
  );
}

/** Drops a file made in the page onto the chart, as a user dragging it from the desktop. */
async function dropFile(app: AppPage, name: string, text: string) {
  const dt = await app.page.evaluateHandle(
    ([n, t]) => {
      const d = new DataTransfer();
      d.items.add(new File([t], n, { type: 'text/csv' }));
      return d;
    },
    [name, text] as const,
  );
  const area = app.page.getByTestId('chart-area');
  await area.dispatchEvent('dragenter', { dataTransfer: dt });
  await area.dispatchEvent('dragover', { dataTransfer: dt });
  await app.imported(() => area.dispatchEvent('drop', { dataTransfer: dt }));
}

/** axe (WCAG 2.x A/AA, as e2e/a11y.spec.ts): no serious or critical violation in the current state */
async function axe(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}

async function shot(app: AppPage, name: string, fullPage = false) {
  await app.page.addStyleTag({ content: '.volatile { visibility: hidden !important; }' });
  await app.settle();
  await app.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

test('Export SVG is byte-identical to the CLI and opens in chromium with the app’s ops', async ({ app, page }) => {
  test.setTimeout(60_000);
  await app.open('?schedule=zb-v&ranks=4&microbatches=8&F=1.5&I=1&W=0.5&comm=0.25&basis=stage');
  const appOps = await app.opKeys('[data-testid="gantt"] [data-kind]');
  const svg = await app.exportFile('svg');
  expect(svg.name).toBe('pipescope-zb-v-p4-m8.svg');
  const fromCli = cli(
    'schedule',
    '--schedule',
    'zb-v',
    '--ranks',
    '4',
    '--microbatches',
    '8',
    '--costs',
    'F=1.5,I=1,W=0.5,comm=0.25',
    '--format',
    'svg',
  );
  expect(svg.bytes.equals(Buffer.from(fromCli, 'utf8'))).toBe(true);

  const path = join(dir, svg.name);
  writeFileSync(path, svg.bytes);
  // the file on its own: it loads nothing else and every op is drawn with a box inside the figure
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`file://${path}`);
  await expect(page.locator('g.op')).toHaveCount(appOps.length);
  expect(await app.opKeys('g.op')).toEqual(appOps);
  const figure = (await page.locator('svg').first().boundingBox())!;
  const boxes = await page.locator('g.op').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  expect(boxes.filter((b) => !(b.width > 0 && b.height > 0 && b.right <= figure.x + figure.width + 0.5)).length).toBe(0);
  expect(requests).toEqual([`file://${path}`]);
  await expect(page.locator('script')).toHaveCount(0);
});

test('Export PNG is a PNG at twice the SVG size; the trace nests per track and has the detailed pieces', async ({ app }) => {
  await app.open('?schedule=dualpipe&ranks=4&microbatches=8&detail=1');
  const svg = (await app.exportFile('svg')).bytes.toString('utf8');
  const png = await app.exportFile('png');
  expect(png.name).toBe('pipescope-dualpipe-p4-m8.png');
  expect([...png.bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const [w, h] = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
  expect([w, h]).toEqual([2 * Number(/width="(\d+)"/.exec(svg)![1]), 2 * Number(/height="(\d+)"/.exec(svg)![1])]);
  expect(png.bytes.length, 'a drawn chart, not an empty image').toBeGreaterThan(20_000);

  const trace = await app.exportFile('trace');
  expect(trace.name).toBe('pipescope-dualpipe-p4-m8.trace.json');
  const { traceEvents, otherData } = JSON.parse(trace.bytes.toString('utf8')) as {
    traceEvents: { ph: string; name: string; pid: number; tid: number; ts: number; dur: number }[];
    otherData: { project: { overlap: unknown } };
  };
  expect(otherData.project.overlap).toMatchObject({ preset: expect.any(String) });
  const slices = traceEvents.filter((e) => e.ph === 'X');
  expect(slices.some((e) => e.name === 'attn(F)')).toBe(true);
  expect(slices.some((e) => e.name.startsWith('dispatch'))).toBe(true);
  const tracks = new Map<string, typeof slices>();
  for (const s of slices) tracks.set(`${s.pid}:${s.tid}`, [...(tracks.get(`${s.pid}:${s.tid}`) ?? []), s]);
  for (const [track, list] of tracks) {
    // Perfetto's rule: on one track, slices nest or are disjoint (3 decimals: ns rounding)
    const open: number[] = [];
    for (const s of list.sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
      while (open.length && open[open.length - 1] <= s.ts + 1e-6) open.pop();
      const end = s.ts + s.dur;
      if (open.length && end > open[open.length - 1] + 1e-6) throw new Error(`${track}: ${s.name} at ${s.ts} partially overlaps`);
      open.push(end);
    }
  }
});

test('CSV export → import draws the same ops as a custom schedule; leaving it restores the built-in view', async ({ app, page }) => {
  await app.open('?schedule=zb-h1&ranks=4&microbatches=8&comm=0.5');
  const builtIn = await app.opKeys('[data-testid="gantt"] [data-kind]');
  const csv = await app.exportFile('csv');
  expect(csv.name).toBe('pipescope-zb-h1-p4-m8.csv');
  await importFile(app, csv.name, csv.bytes, 'text/csv');
  await expect(page.getByTestId('custom-banner')).toContainText(`Custom schedule from ${csv.name}`);
  await expect(page.getByTestId('gantt-panel')).toContainText('Custom (imported)');
  expect(await app.opKeys('[data-testid="gantt"] [data-kind]')).toEqual(builtIn);
  expect((await app.search()).get('source')).toBe('import');
  // the custom schedule exports as "custom", with its op order inside the project
  const project = JSON.parse((await app.exportFile('project')).bytes.toString('utf8'));
  expect(project).toMatchObject({ params: { schedule: 'custom', ranks: 4, microbatches: 8 }, customCsv: csv.bytes.toString('utf8') });

  await page.getByTestId('leave-custom').click();
  await expect(page.getByTestId('custom-banner')).toHaveCount(0);
  await app.settle();
  expect((await app.search()).get('source')).toBeNull();
  await expect(page.getByTestId('gantt-panel')).toContainText('ZB-H1');
});

test('a torch golden schedule (ZBVZeroBubble P=4 M=8 slots) dropped on the chart is drawn', async ({ app, page }) => {
  const golden = JSON.parse(readFileSync('fixtures/golden/torch-pipelining/ZBVZeroBubble_p4_m8.json', 'utf8')) as {
    slots: string[];
    ops: unknown[][];
  };
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  await dropFile(app, 'ZBVZeroBubble_p4_m8.csv', golden.slots.join('\n'));
  await expect(page.getByTestId('custom-banner')).toContainText('P=4 · M=8 · 192 ops');
  await expect(app.ops()).toHaveCount(golden.ops.flat().length);
  await expect(app.gantt().locator('[data-rank="3"][data-kind="W"]')).toHaveCount(16);
});

test('a project file restores the parameters; an exported SVG re-opens them', async ({ app, page }) => {
  await app.open('?schedule=interleaved-1f1b&ranks=4&microbatches=8&stagesPerRank=3&F=2&basis=stage');
  const project = await app.exportFile('project');
  const svg = await app.exportFile('svg');
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  await importFile(app, project.name, project.bytes, 'application/json');
  await expect
    .poll(() => app.search().then((q) => [q.get('schedule'), q.get('ranks'), q.get('microbatches'), q.get('stagesPerRank'), q.get('F')]))
    .toEqual(['interleaved-1f1b', '4', '8', '3', '2']);
  await app.open('?schedule=gpipe&ranks=2&microbatches=2');
  await importFile(app, svg.name, svg.bytes, 'image/svg+xml');
  await expect.poll(() => app.search().then((q) => q.get('schedule'))).toBe('interleaved-1f1b');
  await expect(page.getByTestId('import-problem')).toHaveCount(0);
});

test('a Kineto trace shows the measured F&B pair beside the model with per-piece durations', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  const before = await app.ops().count();
  await importFile(app, 'synthetic-fb-2layers.json', readFileSync('fixtures/kineto/synthetic-fb-2layers.json'), 'application/json');
  const view = page.getByTestId('profile-view');
  await expect(view).toContainText('synthetic-fb-2layers.json');
  await expect(page.getByTestId('pair-summary')).toContainText('2 layer steps');
  const expected = JSON.parse(readFileSync('fixtures/kineto/synthetic-fb-2layers.expected.json', 'utf8')) as {
    layers: Record<string, number>[];
  };
  for (const [layer, pieces] of expected.layers.entries()) {
    for (const [piece, us] of Object.entries(pieces)) {
      await expect(page.locator(`[data-testid="piece-table"] tr[data-piece="${piece}"] td[data-layer="${layer}"]`)).toHaveText(
        us.toLocaleString('en-US'),
      );
    }
  }
  for (const source of ['measured', 'model']) {
    await expect(page.locator(`[data-testid="pair-chart"] [data-source="${source}"] .piece`)).toHaveCount(20);
  }
  await expect(app.ops()).toHaveCount(before);
  await page.getByTestId('profile-close').click();
  await expect(view).toHaveCount(0);
});

test('a gzip-compressed profiler trace (.pt.trace.json.gz) imports like the plain one', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  await importFile(app, 'rank0.pt.trace.json.gz', gzipSync(readFileSync('fixtures/kineto/synthetic-fb-2layers.json')), 'application/gzip');
  await expect(page.getByTestId('profile-view')).toContainText('rank0.pt.trace.json.gz');
  await expect(page.getByTestId('pair-summary')).toContainText('2 layer steps');
  // a truncated one: the reason, as text, and the view stays
  await page.getByTestId('profile-close').click();
  await importFile(
    app,
    'cut.json.gz',
    gzipSync(readFileSync('fixtures/kineto/synthetic-fb-2layers.json')).subarray(0, 300),
    'application/gzip',
  );
  await expect(page.getByTestId('import-problem')).toContainText('not valid gzip data');
  await expect(page.getByTestId('profile-view')).toHaveCount(0);
});

test('malformed files: the reason is shown as text and the chart stays as it was', async ({ app, page }) => {
  test.setTimeout(60_000);
  await app.open('?schedule=1f1b&ranks=4&microbatches=8');
  const before = await app.opKeys('[data-testid="gantt"] [data-kind]');
  const big = join(dir, 'huge-trace.json');
  writeFileSync(big, Buffer.alloc(33_000_000, 0x20));
  const project = JSON.stringify({ format: 'pipescope-project', version: 1, params: { schedule: '1f1b', ranks: 2, microbatches: 4 } });
  const cases: [string, string | Buffer, RegExp][] = [
    ['truncated.json', project.slice(0, project.length / 2), /not valid JSON \(it may be truncated\)/],
    ['unknown.csv', '0F0,0X0,0B0\n1F0,1B0\n', /row 1, cell 2: unknown action "0X0"/],
    ['missing.csv', '0F0,0F1,0B0\n1F0,1B0,1F1,1B1\n', /not legal: missing backward \(B or I\) of stage 0 micro-batch 1/],
    ['order.csv', '0B0,0F0\n1F0,1B0\n', /cannot run: deadlock: rank 0 cannot run op #0 \(row 1, cell 1\) B s0 mb0/],
    ['deadlock.csv', '0F0,0B0,0F1,0B1\n1F1,1B1,1F0,1B0\n', /cannot run: deadlock: rank 0 cannot run op #1 \(row 1, cell 2\)/],
    [
      '<img src=x onerror="window.pwned=1">.csv',
      '0F0,<script>window.pwned=1</script>\n',
      /unknown action "<script>window\.pwned=1<\/script>"/,
    ],
  ];
  for (const [name, content, message] of cases) {
    await importFile(app, name, content);
    await expect(page.getByTestId('import-problem')).toContainText(`Could not import ${name}:`);
    await expect(page.getByTestId('import-message')).toHaveText(message);
    expect(await app.opKeys('[data-testid="gantt"] [data-kind]'), name).toEqual(before);
  }
  await shot(app, 'io-import-problem-light-1280');
  await axe(page);
  await expect(page.locator('main script, main img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

  await page.getByTestId('import-input').setInputFiles(big);
  await expect(page.getByTestId('import-message')).toHaveText(/33\.0 MB; the import limit is 32\.0 MB/);
  await page.getByRole('button', { name: 'Dismiss the import problem' }).click();
  await expect(page.getByTestId('import-problem')).toHaveCount(0);
  expect(await app.opKeys('[data-testid="gantt"] [data-kind]')).toEqual(before);
  await expect(page.getByTestId('gantt-panel')).toContainText('1F1B');
});

test('the Export menu works from the keyboard', async ({ app, page }) => {
  await app.open('?schedule=1f1b&ranks=4&microbatches=8');
  const button = page.getByTestId('export-button');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  await expect(page.locator('[data-export="svg"]')).toBeFocused();
  // the last items are the range radios of the SVG and PNG
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('[data-range="window"]')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('[data-export="project"]')).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-export="png"]')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(button).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowUp');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  // End = the last range radio, ↑↑ = Project, ↑ = the op table
  expect(download.suggestedFilename()).toBe('pipescope-1f1b-p4-m8.ops.csv');
  const table = readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\n');
  expect(table[0]).toBe('rank,stage,chunk,direction,microbatch,op,lane,start,end,dur,sms,bytes,mem_after,time_unit');
  expect(table).toHaveLength(1 + 4 * 8 * 2);
  await expect(button).toBeFocused();
});

for (const [theme, width] of [
  ['light', 1280],
  ['dark', 1280],
  ['light', 420],
  ['dark', 420],
] as const) {
  test(`screenshots: imported custom schedule and profiler pair, export menu (${theme}, ${width} px)`, async ({ app, page }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width, height: 800 });
    await page.emulateMedia({ colorScheme: theme });
    const tag = `${theme}-${width}`;
    await app.open('?schedule=zb-v&ranks=4&microbatches=8');
    const golden = JSON.parse(readFileSync('fixtures/golden/torch-pipelining/ZBVZeroBubble_p4_m8.json', 'utf8')) as { slots: string[] };
    await importFile(app, 'ZBVZeroBubble_p4_m8.csv', golden.slots.join('\n'), 'text/csv');
    await expect(page.getByTestId('custom-banner')).toBeVisible();
    await importFile(app, 'synthetic-fb-2layers.json', readFileSync('fixtures/kineto/synthetic-fb-2layers.json'), 'application/json');
    await expect(page.getByTestId('pair-chart')).toBeVisible();
    await expect(page.getByTestId('custom-banner')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

    await page.getByTestId('export-button').click();
    const menu = page.getByRole('menu');
    await expect(menu).toBeVisible();
    const box = (await menu.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    // with the imports above the chart the toolbar sits low: the menu opens above the button then
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    await expect(page.locator('[data-export="svg"]')).toBeFocused();
    await shot(app, `io-export-menu-${tag}`);
    // one axe run over all three at once: the custom banner, the profiler view and the open menu
    await axe(page);
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    // last: a full-page screenshot resizes the window for a moment, which closes an open menu
    await shot(app, `io-custom-profile-${tag}`, width < 800);
  });
}
