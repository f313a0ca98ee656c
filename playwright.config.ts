import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// PW_PORT / PW_DIST let a second run (another checkout, the benchmark) use its own server and build;
// PW_PREBUILT=1 serves the build already in PW_DIST (scripts/test-all.sh has just made it)
const PORT = Number(process.env.PW_PORT ?? 4173);
const DIST = process.env.PW_DIST ?? 'dist';
const BASE_URL = `http://127.0.0.1:${PORT}`;
const BUILD = process.env.PW_PREBUILT === '1' ? '' : `npx vite build --outDir ${DIST} --emptyOutDir --logLevel warn && `;

// Playwright cannot download its own browser on every machine; where Debian's chromium exists
// (or CHROMIUM_PATH names one) use it, otherwise fall back to Playwright's own build.
const chromium = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const browser = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  // no LCD text or hinting: screenshots (e2e/views.spec.ts) come out the same on every machine
  launchOptions: { ...(chromium ? { executablePath: chromium } : {}), args: ['--disable-lcd-text', '--font-render-hinting=none'] },
};

export default defineConfig({
  testDir: './e2e',
  // every test opens its own page: tests spread over the workers, within a file too
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // One retry in CI, reported as flaky in the summary: timing checks (long tasks, frame rates) can
  // trip on a busy 2-core machine.
  retries: process.env.CI ? 1 : 0,
  // Two pages at a time even on two cores: a test spends much of its time waiting (the app's
  // debounces, the FP8 worker, the next frame), which the other worker's test fills. Tests that
  // time the page (tagged @timing) run afterwards on their own (the "timing" project).
  workers: Number(process.env.PW_WORKERS ?? 2),
  reporter: 'list',
  timeout: 30_000,
  use: {
    baseURL: BASE_URL,
    headless: true,
    trace: 'off',
    viewport: { width: 1280, height: 800 },
  },
  projects: [
    { name: 'chromium', use: browser, grepInvert: /@timing/ },
    // after every other test (a failure there skips these, named in the summary), one at a time
    { name: 'chromium-timing', use: browser, grep: /@timing/, dependencies: ['chromium'], fullyParallel: false },
  ],
  webServer: {
    command: `${BUILD}npx vite preview --outDir ${DIST} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
