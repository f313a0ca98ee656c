/**
 * The smoke spec against what `npm start` serves: the vite dev server, React's development build
 * under StrictMode, modules served one by one. Views that paint in the production build can stay
 * blank here (a paint scheduler that does not survive StrictMode's mount–unmount–mount), so
 * `npm test` runs e2e/smoke.spec.ts against both.
 * Run: npx playwright test -c playwright.dev.config.ts (PW_DEV_PORT picks the port).
 */
import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';

const PORT = Number(process.env.PW_DEV_PORT ?? 5173);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  ...base,
  testMatch: ['smoke.spec.ts'],
  outputDir: 'test-results/dev',
  use: { ...base.use, baseURL: BASE_URL },
  // the main project only: the @timing tests it leaves out are not in these specs
  projects: [{ ...base.projects![0], name: 'chromium-dev', use: { ...base.projects![0].use, baseURL: BASE_URL } }],
  webServer: {
    // exactly `npm start` (install check, then the dev server), on this run's port
    command: `npm start -- --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
