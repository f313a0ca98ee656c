/**
 * Shared e2e fixture (perfetto's test-helper pattern): every test fails on any console error or
 * warning, uncaught exception, Content-Security-Policy violation or request to another origin
 * than the app's; pages are awaited through the app's ready hook (window.__pipescope) rather
 * than sleeps, and `app` wraps the common reads.
 */
import { readFileSync } from 'node:fs';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export class AppPage {
  constructor(readonly page: Page) {}

  async open(query = '') {
    await this.page.goto(`/${query}`);
    await this.ready();
  }

  async ready() {
    await this.page.waitForFunction(() => window.__pipescope?.ready === true);
    await this.settle();
  }

  /** next painted frame plus the URL debounce */
  async settle() {
    await this.page.evaluate(() => window.__pipescope!.settle());
  }

  /**
   * Runs `handOver` (a file given to the Import input or dropped on the chart) and resolves once
   * the app has finished with that file — imported, or refused with a reason — and settled. The
   * importers load on first use, so "no import in progress" alone would also hold before it began.
   */
  async imported(handOver: () => Promise<void>) {
    await this.page.evaluate(() => {
      const w = window as unknown as { __importDone?: boolean };
      const store = window.__pipescope!.store;
      const before = store.getState().importProblem;
      w.__importDone = false;
      const stop = store.subscribe((s, prev) => {
        if ((prev.importing !== null && s.importing === null) || (s.importProblem && s.importProblem !== before)) {
          w.__importDone = true;
          stop();
        }
      });
    });
    await handOver();
    await this.page.waitForFunction(() => (window as unknown as { __importDone?: boolean }).__importDone === true);
    await this.settle();
  }

  gantt(testid = 'gantt'): Locator {
    return this.page.getByTestId(testid);
  }

  ops(testid = 'gantt'): Locator {
    return this.gantt(testid).locator('[data-kind]');
  }

  /** each drawn op as "rank kind stage mb backward-stage backward-mb", sorted: compares two drawings of one schedule */
  opKeys(selector = '[data-testid="gantt"] [data-kind]'): Promise<string[]> {
    return this.page
      .locator(selector)
      .evaluateAll((els) =>
        els
          .map((e) =>
            ['data-rank', 'data-kind', 'data-stage', 'data-microbatch', 'data-backward-stage', 'data-backward-microbatch']
              .map((a) => e.getAttribute(a) ?? '')
              .join(' '),
          )
          .sort(),
      );
  }

  /** Records the page's long tasks (over 50 ms) from its first script on; call before open(). */
  async recordLongTasks(): Promise<void> {
    await this.page.addInitScript(() => {
      const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
  }

  /** The long tasks recorded since `from` (performance.now() ms), as recordLongTasks saw them. */
  longTasksSince(from: number): Promise<{ start: number; duration: number }[]> {
    return this.page.evaluate(
      (t0) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((t) => t.start >= t0),
      from,
    );
  }

  /** One entry of the Export menu, downloaded: its file name and bytes (the menu closes). */
  async exportFile(kind: string): Promise<{ name: string; bytes: Buffer }> {
    await this.page.getByTestId('export-button').click();
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.locator(`[role="menuitem"][data-export="${kind}"]`).click(),
    ]);
    await expect(this.page.getByRole('menu')).toHaveCount(0);
    return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
  }

  metric(id: string, col = 0): Locator {
    return this.page.locator(`[data-metric="${id}"][data-col="${col}"]`);
  }

  field(label: string | RegExp): Locator {
    return this.page.getByLabel(label, { exact: typeof label === 'string' });
  }

  async search(): Promise<URLSearchParams> {
    return new URLSearchParams(await this.page.evaluate(() => window.location.search));
  }

  async domain(): Promise<[number, number] | null> {
    return this.page.evaluate(() => window.__pipescope!.store.getState().domain);
  }

  async state<T>(fn: string): Promise<T> {
    return this.page.evaluate(`(${fn})(window.__pipescope.store.getState())`) as Promise<T>;
  }

  /** centre of the plot area of a chart, client px */
  async plotCentre(chart = 0): Promise<{ x: number; y: number }> {
    const box = (await this.page.locator(`[data-chart="${chart}"]`).boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }
}

/** Schemes that never leave the machine: in-page objects and the local files some specs open. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'file:']);

export const test = base.extend<{ app: AppPage; consoleProblems: string[]; foreignRequests: string[] }>({
  /** requests (page, workers, popups) to any origin but the app's; the test fails unless empty */
  foreignRequests: [
    async ({ context, baseURL }, use) => {
      const own = new URL(baseURL!).origin;
      const foreign: string[] = [];
      context.on('request', (r) => {
        const url = new URL(r.url());
        if (!LOCAL_SCHEMES.has(url.protocol) && url.origin !== own) foreign.push(`${r.method()} ${r.url()}`);
      });
      await use(foreign);
      expect(foreign, "requests outside the app's origin").toEqual([]);
    },
    { auto: true },
  ],
  consoleProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
      // CSP violations (the production build's policy, scripts/staticHosting.ts) become console errors
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
        ),
      );
      await use(problems);
      expect(problems, 'console errors or warnings').toEqual([]);
    },
    { auto: true },
  ],
  app: async ({ page }, use) => {
    await use(new AppPage(page));
  },
});

export { expect };
