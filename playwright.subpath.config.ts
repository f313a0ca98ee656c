/**
 * The hosting spec and the smoke spec again, against a production build made with
 * `--base=/pipescope/` and served the way a project page is (scripts/serve-subpath.mjs: only under
 * /pipescope/, unknown paths get 404.html). Specs open `/?…`; the server redirects that to
 * `/pipescope/?…`, so they run unchanged, and any asset, worker or link that ignores the base 404s
 * and fails the test (the fixture fails on the console error). The smoke spec loads every kind of
 * view, the FP8 worker included; the rest of the suite does not depend on the base path.
 * Run: npx playwright test -c playwright.subpath.config.ts
 */
import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';

const PORT = Number(process.env.PW_SUBPATH_PORT ?? 4174);
const DIST = process.env.PW_SUBPATH_DIST ?? 'dist-subpath';
export const SUBPATH = '/pipescope/';
const BASE_URL = `http://127.0.0.1:${PORT}${SUBPATH}`;

export default defineConfig({
  ...base,
  testMatch: ['hosting.spec.ts', 'smoke.spec.ts'],
  outputDir: 'test-results/subpath',
  use: { ...base.use, baseURL: BASE_URL },
  // the main project only: the @timing tests it leaves out are not in these specs
  projects: [{ ...base.projects![0], name: 'chromium-subpath', use: { ...base.projects![0].use, baseURL: BASE_URL } }],
  webServer: {
    command: `npx vite build --base=${SUBPATH} --outDir ${DIST} --emptyOutDir --logLevel warn && node scripts/serve-subpath.mjs --dir ${DIST} --base ${SUBPATH} --port ${PORT}`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
