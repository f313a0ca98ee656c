import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, test, type Page } from '@playwright/test';

/**
 * Exports in a real chromium: the CLI-made SVG renders the same ops as the app and as the CLI's
 * JSON, with no network access and no script; labels with markup stay text; the PNG export
 * rasterises that SVG at 2x. (One <g class="op"> per op, its halves and border inside.)
 */

const cli = (...args: string[]) => execFileSync('npx', ['tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'pipescope-e2e-'));
const PARAMS = ['--schedule', 'dualpipe', '--ranks', '8', '--microbatches', '20'];

type OpKey = string;
const opKeys = (page: Page, selector: string) =>
  page
    .locator(selector)
    .evaluateAll((els) =>
      els
        .map((e) =>
          ['data-rank', 'data-kind', 'data-stage', 'data-microbatch', 'data-backward-stage', 'data-backward-microbatch']
            .map((a) => e.getAttribute(a) ?? '')
            .join(' '),
        )
        .sort(),
    ) as Promise<OpKey[]>;

test('the CLI SVG opens in chromium and draws the same ops as the CLI JSON and the app', async ({ page }) => {
  test.setTimeout(60_000); // two CLI processes (tsx start-up) before the browser work
  const svgPath = join(dir, 'pipescope-dualpipe-p8-m20.svg');
  writeFileSync(svgPath, cli('schedule', ...PARAMS, '--format', 'svg'));
  const report = JSON.parse(cli('schedule', ...PARAMS)) as { timeline: { rank: number; ops: { kind: string }[] }[] };
  const expected = report.timeline.reduce((n, r) => n + r.ops.length, 0);

  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`file://${svgPath}`);
  const ops = page.locator('g.op');
  await expect(ops).toHaveCount(expected);
  for (const { rank, ops: rankOps } of report.timeline) {
    for (const kind of ['F', 'B', 'I', 'W', 'FB']) {
      await expect(page.locator(`g.op[data-rank="${rank}"][data-kind="${kind}"]`)).toHaveCount(
        rankOps.filter((o) => o.kind === kind).length,
      );
    }
  }
  // rendered, not just present: every op has a box with positive width inside the viewport
  const boxes = await ops.evaluateAll((els) =>
    els.map((e) => (e as SVGGraphicsElement).getBoundingClientRect()).map((b) => [b.width, b.height, b.right]),
  );
  expect(boxes.every(([w, h]) => w > 0 && h > 0)).toBe(true);
  expect(Math.max(...boxes.map((b) => b[2]))).toBeLessThanOrEqual(1200);
  const svgOps = await opKeys(page, 'g.op');
  await page.screenshot({ path: 'test-results/export-dualpipe-p8-m20.png' });
  expect(requests).toEqual([`file://${svgPath}`]);
  expect(errors).toEqual([]);

  // the app draws the same multiset of ops (rank, kind, stage, micro-batch, backward half)
  await page.goto('/?schedule=dualpipe&ranks=8&microbatches=20');
  const appOps = await opKeys(page, '[data-testid="gantt"] [data-kind]');
  expect(appOps).toEqual(svgOps);
});

test('labels with markup are text: a <script> title never runs', async ({ page }) => {
  const svg = cli('schedule', '--schedule', 'gpipe', '--ranks', '2', '--microbatches', '2', '--format', 'svg').replace(
    /<title>[^<]*<\/title>/,
    '<title>&lt;script&gt;window.pwned = 1&lt;/script&gt;</title>',
  );
  await page.setContent(svg);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  await expect(page.locator('svg > title')).toHaveText('<script>window.pwned = 1</script>');
  await expect(page.locator('script')).toHaveCount(0);
});

test('the PNG export rasterises the SVG at 2x in the browser', async ({ page }) => {
  const svg = cli('schedule', ...PARAMS, '--format', 'svg');
  const bundle = await build({
    entryPoints: ['src/render/pngExport.ts'],
    bundle: true,
    format: 'iife',
    globalName: 'pngExport',
    write: false,
    logLevel: 'silent',
  });
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  const result = await page.evaluate(async (text) => {
    const { svgToPngBlob } = (window as unknown as { pngExport: typeof import('../src/render/pngExport.ts') }).pngExport;
    const blob = await svgToPngBlob(text);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const view = new DataView(bytes.buffer);
    // PNG signature, then the IHDR chunk: width and height at bytes 16..23
    return {
      type: blob.type,
      size: bytes.length,
      sig: Array.from(bytes.slice(0, 8)),
      width: view.getUint32(16),
      height: view.getUint32(20),
    };
  }, svg);
  const height = Number(/height="(\d+)"/.exec(svg)![1]);
  expect(result.type).toBe('image/png');
  expect(result.sig).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect([result.width, result.height]).toEqual([2400, 2 * height]);
  expect(result.size).toBeGreaterThan(10_000);
});
