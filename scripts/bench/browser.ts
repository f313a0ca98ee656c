/**
 * Browser benchmark: interaction speed of the web app in real chromium (Debian's /usr/bin/chromium
 * or CHROMIUM_PATH), driven by Playwright. Builds the app with vite into a temporary directory,
 * serves it with `vite preview` on 127.0.0.1 (a free port), measures, prints tables, and always
 * stops its browser and server.
 *
 * 1. Parameter change → its frame: real key presses (↑/↓ on the micro-batches field, each a
 *    valid new M) at random phases of the display frame, timed from a devtools.timeline trace
 *    (lib/frameTrace.ts): handled, frame committed by the page's main thread, frame presented;
 *    and Event Timing's duration (the browser's input → next paint, in 8 ms steps) beside them.
 *    (Timing "the first task after the next animation frame" instead misleads: chromium holds
 *    tasks posted in a frame until that frame is presented, 15–20 ms later here.)
 * 2. Pan: a mouse drag synthesised in the page, one move per animation frame, over a zoomed
 *    P=64/M=512 DualPipe (canvas view); frames per second from rAF timestamps and the per-frame
 *    work (p50/p95).
 * 3. First load: a fresh browser context (empty cache) per run opens the default link; from
 *    navigation start to DOMContentLoaded, the load event and the app's ready hook
 *    (`window.__pipescope.ready`: first chart drawn, inputs bound), median and worst of 5.
 *    (Headless chromium's first-contentful-paint entry is late or missing, so it is not used.)
 * Also the gzip size of the production bundle and of the JavaScript the page loads at start
 * (the entry script and its modulepreloads, read from the built index.html; lazy chunks and the
 * FP8 worker come later). Key numbers go to the budget table (budget.ts).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { printTable } from '../benchUtil.ts';
import { keyFrames, type KeyFrame, type TraceEvent } from './lib/frameTrace.ts';
import { record } from './lib/results.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function open(page: Page, base: string, query: string): Promise<void> {
  await page.goto(`${base}/${query}`);
  await page.waitForFunction(() => window.__pipescope?.ready === true, null, { timeout: 60_000 });
  await page.evaluate(() => window.__pipescope!.settle());
}

interface ChangeResult {
  frames: KeyFrame[];
  /** Event Timing's duration per change (the browser's own input → next paint, 8 ms steps) */
  eventTiming: number[];
  renderer: string;
}

/**
 * Steps the micro-batches field (or the input at `selector`: a cost-table cell) with real key
 * presses (↑ then ↓, each to the next accepted value) `n` times, each at a random phase of the
 * display's frame as a user's keystroke comes, and times every change to its frame from a
 * performance trace (lib/frameTrace.ts) and Event Timing.
 */
export async function paramChange(
  browser: Browser,
  page: Page,
  base: string,
  query: string,
  n = 60,
  selector = '#field-microbatches',
): Promise<ChangeResult> {
  await open(page, base, query);
  await page.evaluate(() => {
    const w = window as unknown as { __eventTiming: number[] };
    w.__eventTiming = [];
    // durationThreshold 16 is the lowest allowed: a missing entry means under 16 ms
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'keydown') w.__eventTiming.push(e.duration);
    }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
  });
  await page.focus(selector);
  await browser.startTracing(page, { categories: ['devtools.timeline'] });
  for (let k = 0; k < n; k++) {
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, Math.random() * 16)))),
    );
    await page.keyboard.press(k % 2 ? 'ArrowDown' : 'ArrowUp');
  }
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
  const buffer = await browser.stopTracing();
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const frames = keyFrames(Array.isArray(parsed) ? parsed : parsed.traceEvents);
  const reported = await page.evaluate(() => (window as unknown as { __eventTiming: number[] }).__eventTiming);
  const eventTiming = [...reported, ...Array<number>(Math.max(0, n - reported.length)).fill(8)];
  return { frames, eventTiming, renderer: await page.evaluate(() => window.__pipescope!.renderer) };
}

interface PanResult {
  fps: number;
  frameMs: number[];
  workMs: number[];
  visible: number;
  renderer: string;
}

/** Drags the chart left by `step` px per animation frame for `frames` frames. */
async function pan(page: Page, base: string, query: string, frames = 180, step = 6): Promise<PanResult> {
  await open(page, base, query);
  return page.evaluate(
    async ({ frames, step }) => {
      const hook = window.__pipescope!;
      const el = document.querySelector('[data-chart="0"]') as HTMLElement;
      const box = el.getBoundingClientRect();
      let x = box.left + box.width * 0.9;
      const y = box.top + Math.min(box.height / 2, 200);
      const mouse = (type: string, target: EventTarget) =>
        target.dispatchEvent(
          new MouseEvent(type, {
            bubbles: true,
            cancelable: true,
            view: window,
            clientX: x,
            clientY: y,
            button: 0,
            buttons: type === 'mouseup' ? 0 : 1,
          }),
        );
      mouse('mousedown', el);
      const stamps: number[] = [];
      const work: number[] = [];
      await new Promise<void>((resolve) => {
        const tick = (ts: number) => {
          stamps.push(ts);
          const t0 = performance.now();
          x -= step;
          mouse('mousemove', window);
          const handled = performance.now() - t0;
          // React commits synchronously; the canvas paints in the next rAF: add its duration
          const paints = hook.paints;
          requestAnimationFrame(() => setTimeout(() => work.push(handled + (hook.paints > paints ? hook.lastPaintMs : 0)), 0));
          if (stamps.length < frames) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      mouse('mouseup', window);
      const frameMs = stamps.slice(1).map((t, k) => t - stamps[k]);
      const fps = (1000 * (stamps.length - 1)) / (stamps[stamps.length - 1] - stamps[0]);
      return { fps, frameMs, workMs: work, visible: hook.visibleOps, renderer: hook.renderer };
    },
    { frames, step },
  );
}

/** How fast this browser/machine is at plain JS and at SVG attribute updates, to read the rest by. */
async function calibrate(page: Page): Promise<{ js: number; dom: number }> {
  await page.setContent('<svg id="s" width="800" height="600"></svg>');
  return page.evaluate(() => {
    const s = document.getElementById('s')!;
    const rects: SVGRectElement[] = [];
    for (let i = 0; i < 1000; i++) {
      const e = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      e.setAttribute('height', '5');
      s.appendChild(e);
      rects.push(e);
    }
    const dom: number[] = [];
    for (let k = 0; k < 15; k++) {
      const t0 = performance.now();
      for (let i = 0; i < 1000; i++) {
        rects[i].setAttribute('x', String(i * 0.7 + k * 1.123456));
        rects[i].setAttribute('width', String(3.14159 + k));
      }
      dom.push(performance.now() - t0);
    }
    let x = 0;
    const t0 = performance.now();
    for (let i = 0; i < 1e7; i++) x += Math.sqrt(i);
    const js = performance.now() - t0 + (x < 0 ? 1 : 0);
    return { js, dom: dom.sort((a, b) => a - b)[7] };
  });
}

/** The JS a first visit downloads before the app runs: index.html's module scripts and modulepreloads. */
function initialJs(dir: string): { files: string[]; raw: number; gz: number } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"|<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (m) => (m[1] ?? m[2]).replace(/^.*\/assets\//, 'assets/'),
  );
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const b = readFileSync(join(dir, f));
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  return { files, raw, gz };
}

interface LoadResult {
  dcl: number;
  load: number;
  ready: number;
}

/** Opens `query` in a fresh context (cold cache) and times navigation → DOMContentLoaded, load, ready. */
async function firstLoad(browser: Browser, base: string, query: string): Promise<LoadResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    // the moment the ready hook flips, polled every frame from the first script on
    await page.addInitScript({
      content: `(function poll() { if (window.__pipescope && window.__pipescope.ready) { window.__readyAt = performance.now(); return; } requestAnimationFrame(poll); })();`,
    });
    await page.goto(`${base}/${query}`);
    await page.waitForFunction(
      () => (window as unknown as { __readyAt?: number }).__readyAt !== undefined && document.readyState === 'complete',
      null,
      { timeout: 60_000 },
    );
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, ready: (window as unknown as { __readyAt: number }).__readyAt };
    });
  } finally {
    await context.close();
  }
}

function bundleGzip(dir: string): { raw: number; gz: number } {
  let raw = 0;
  let gz = 0;
  const assets = join(dir, 'assets');
  for (const f of readdirSync(assets)) {
    if (!/\.(js|css)$/.test(f)) continue;
    const b = readFileSync(join(assets, f));
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  return { raw, gz };
}

export async function bench(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'pipescope-bench-'));
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    await build({ logLevel: 'error', build: { outDir, emptyOutDir: true } });
    const size = bundleGzip(outDir);
    const initial = initialJs(outDir);
    record('bundle.initialJsGzipBytes', initial.gz);
    server = await preview({
      logLevel: 'error',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    const base = (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
    if (!base) throw new Error('vite preview did not report its URL');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    // tsx compiles the in-page functions with esbuild's keepNames, which calls a __name helper
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(m.text()));

    console.log(
      `chromium ${browser.version()}, 1280×800, DPR 1; bundle ${(size.raw / 1024).toFixed(0)} KiB, ${(size.gz / 1024).toFixed(1)} KiB gzip`,
    );
    console.log(
      `initial JavaScript (${initial.files.join(', ')}): ${(initial.raw / 1024).toFixed(0)} KiB, ${(initial.gz / 1000).toFixed(1)} kB gzip`,
    );
    const cal = await calibrate(page);
    console.log(
      `machine: 1e7 Math.sqrt loop ${cal.js.toFixed(1)} ms, 2000 SVG setAttribute ${cal.dom.toFixed(1)} ms (a recent laptop: about 10 ms and 1 ms)`,
    );

    console.log('\nfirst load, cold cache (fresh context each time), 5 runs, ms from navigation start');
    const loads: LoadResult[] = [];
    for (let k = 0; k < 5; k++) loads.push(await firstLoad(browser, base, '?schedule=dualpipe&ranks=8&microbatches=20'));
    const loadRows: string[][] = [['event', 'median ms', 'worst ms']];
    for (const [label, key] of [
      ['DOMContentLoaded', 'dcl'],
      ['load event', 'load'],
      ['interactive (ready hook)', 'ready'],
    ] as const) {
      const xs = loads.map((l) => l[key]);
      loadRows.push([label, quantile(xs, 0.5).toFixed(0), Math.max(...xs).toFixed(0)]);
    }
    printTable(loadRows);
    record(
      'browser.load.readyMs',
      quantile(
        loads.map((l) => l.ready),
        0.5,
      ),
    );
    console.log('\nparameter change → its frame: micro-batches stepped with ↑/↓ (real key presses, 60 changes), ms from the key event');
    console.log(
      "committed = the page's main thread has finished the frame with the change (handler, canvas paint, style, layout, paint, commit);",
    );
    console.log(
      "presented = that frame on screen (adds raster and this GPU-less chromium's software compositor); Event Timing = the browser's own input → next paint, 8 ms steps",
    );
    const changeRows: string[][] = [
      ['config', 'renderer', 'handled p50', 'committed p50', 'committed p95', 'presented p50', 'presented p95', 'Event Timing p50'],
    ];
    // one stage's cost edited: ↑/↓ on share 5's F cell of a 16-row table (components/costs/CostTable.tsx)
    const table = `F:${Array.from({ length: 16 }, (_, k) => (k === 15 ? 2 : 1)).join(',')}`;
    for (const [label, query, key, selector] of [
      ['DualPipe P=16 M=64', '?schedule=dualpipe&ranks=16&microbatches=64', 'p16m64', undefined],
      ['DualPipe P=16 M=64 (SVG forced)', '?schedule=dualpipe&ranks=16&microbatches=64&render=svg', '', undefined],
      ['DualPipe P=8 M=20', '?schedule=dualpipe&ranks=8&microbatches=20', 'p8m20', undefined],
      ['DualPipe P=16 M=64 detailed', '?schedule=dualpipe&ranks=16&microbatches=64&detail=1', '', undefined],
      [
        "one stage's cost edited, DualPipe P=16 M=64",
        `?schedule=dualpipe&ranks=16&microbatches=64&sc=${table}`,
        'stageCost',
        '[data-cell="F-5"]',
      ],
    ] as const) {
      const r = await paramChange(browser, page, base, query, 60, selector);
      const q = (f: (k: KeyFrame) => number, p: number) => (r.frames.length ? quantile(r.frames.map(f), p) : NaN);
      if (key) {
        record(
          `browser.change.${key}.committedMs`,
          q((k) => k.committed, 0.5),
        );
        record(
          `browser.change.${key}.presentedMs`,
          q((k) => k.presented, 0.5),
        );
      }
      changeRows.push([
        label,
        r.renderer,
        q((k) => k.handled, 0.5).toFixed(1),
        q((k) => k.committed, 0.5).toFixed(1),
        q((k) => k.committed, 0.95).toFixed(1),
        q((k) => k.presented, 0.5).toFixed(1),
        q((k) => k.presented, 0.95).toFixed(1),
        String(quantile(r.eventTiming, 0.5)),
      ]);
    }
    printTable(changeRows);

    console.log('\npan (drag, one move per frame, 180 frames), DualPipe P=64 M=512 (40,898 ops)');
    const panRows: string[][] = [
      ['window', 'visible ops', 'renderer', 'fps', 'frame p50 ms', 'frame p95 ms', 'work p50 ms', 'work p95 ms'],
    ];
    for (const [label, t0, t1, key] of [
      ['1/2 of the step', 400, 1199, 'half'],
      ['1/8 of the step', 700, 900, 'eighth'],
      ['1/32 of the step', 750, 800, 'thirtysecond'],
    ] as const) {
      const r = await pan(page, base, `?schedule=dualpipe&ranks=64&microbatches=512&t0=${t0}&t1=${t1}`);
      record(`browser.pan.${key}.fps`, r.fps);
      panRows.push([
        label,
        r.visible.toLocaleString('en-US'),
        r.renderer,
        r.fps.toFixed(1),
        quantile(r.frameMs, 0.5).toFixed(1),
        quantile(r.frameMs, 0.95).toFixed(1),
        quantile(r.workMs, 0.5).toFixed(1),
        quantile(r.workMs, 0.95).toFixed(1),
      ]);
    }
    printTable(panRows);
    if (errors.length) console.log(`\npage errors: ${errors.join('; ')}`);
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
