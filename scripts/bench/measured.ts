/**
 * Measured-run import (docs/measured.md §12): the real per-rank traces of fixtures/golden/torch-runtime
 * from choosing their folder (the input's change event) to the first frame with the measured and
 * simulated charts, in real chromium (built app, `vite preview`), 5 runs per folder in a fresh page
 * each (so the worker's and the page's code are fetched every time); and the longest main-thread task
 * during the import (Long Tasks API), which shows whether parsing stayed in the worker. Beside it,
 * the worker's job (app/traceJob.ts: gunzip/decode, parse, analyse) timed in Node on the same files.
 * The budget (2 s per folder) is in budget.ts.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { runTraceJob } from '../../src/app/traceJob.ts';
import { printTable } from '../benchUtil.ts';
import { record } from './lib/results.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const ROOT = join(process.cwd(), 'fixtures/golden/torch-runtime');
const CONFIGS = ['Interleaved1F1B_p4_m8_v2', 'InterleavedZeroBubble_p4_m8_v2u'];
const RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function inBrowser(browser: Browser, base: string, config: string): Promise<{ ms: number; longestTaskMs: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    // tsx compiles the in-page functions with esbuild's keepNames, which calls a __name helper
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.goto(`${base}/?schedule=1f1b&ranks=4&microbatches=8`);
    await page.waitForFunction(() => window.__pipescope?.ready === true, null, { timeout: 60_000 });
    // in the page: from the input's change event to the first frame with both charts in the DOM
    // (Playwright's own polling would add up to hundreds of ms to a wall-clock measure)
    await page.evaluate(() => {
      const w = window as unknown as { __long: number[]; __t: { change?: number; drawn?: number } };
      w.__long = [];
      w.__t = {};
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({
        type: 'longtask',
        buffered: false,
      });
      document.addEventListener('change', () => (w.__t.change ??= performance.now()), true);
      const poll = () => {
        if (document.querySelector('[data-testid="measured-gantt"]') && document.querySelector('[data-testid="simulated-gantt"]'))
          w.__t.drawn = performance.now();
        else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
    await page.locator('[data-testid="import-folder-input"]').setInputFiles(join(ROOT, config));
    await page.waitForFunction(() => (window as unknown as { __t: { drawn?: number } }).__t.drawn !== undefined, null, { timeout: 30_000 });
    const { ms, long } = await page.evaluate(() => {
      const w = window as unknown as { __long: number[]; __t: { change: number; drawn: number } };
      return { ms: Math.round(w.__t.drawn - w.__t.change), long: w.__long };
    });
    return { ms, longestTaskMs: Math.max(0, ...long) };
  } finally {
    await context.close();
  }
}

async function inNode(config: string): Promise<number> {
  const files = readdirSync(join(ROOT, config))
    .filter((n) => n.endsWith('.json'))
    .map((n) => {
      const b = readFileSync(join(ROOT, config, n));
      return { name: n, bytes: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, listed: true };
    });
  const ctx = { progress: () => {}, yieldNow: async () => {}, cancelled: () => false };
  const times: number[] = [];
  for (let k = 0; k < RUNS + 1; k++) {
    const t0 = performance.now();
    await runTraceJob(files, ctx);
    if (k > 0) times.push(performance.now() - t0);
  }
  return median(times);
}

export async function bench(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'pipescope-bench-measured-'));
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    await build({ logLevel: 'error', build: { outDir, emptyOutDir: true } });
    server = await preview({
      logLevel: 'error',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    const base = (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
    if (!base) throw new Error('vite preview did not report its URL');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const rows = [['folder', 'MB', 'chosen → charts drawn, median (max) ms', 'longest main-thread task ms', 'worker job in Node ms']];
    let worst = 0;
    for (const config of CONFIGS) {
      const runs = [];
      for (let k = 0; k < RUNS; k++) runs.push(await inBrowser(browser, base, config));
      const ms = runs.map((r) => r.ms);
      const mb = readdirSync(join(ROOT, config)).reduce((t, n) => t + readFileSync(join(ROOT, config, n)).length, 0) / 1e6;
      const node = await inNode(config);
      worst = Math.max(worst, median(ms));
      record(`measured.${config}.loadMs`, median(ms));
      rows.push([
        config,
        mb.toFixed(1),
        `${median(ms)} (${Math.max(...ms)})`,
        Math.max(...runs.map((r) => r.longestTaskMs)).toFixed(0),
        node.toFixed(0),
      ]);
    }
    record('measured.loadMs', worst);
    printTable(rows);
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
