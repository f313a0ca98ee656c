/**
 * Static hosting (docs/style.md I.2): the production build carries a Content-Security-Policy that allows
 * nothing outside the page's origin and blocks inline script; every asset is fetched under the
 * site's base path (this spec also runs against the `/pipescope/` build,
 * playwright.subpath.config.ts); a deep link answered with 404.html boots the app with its query
 * and returns to the base path; 404.html is index.html. The shared fixture already fails any test
 * on a CSP violation or a request to another origin.
 */
import { expect, test } from './fixtures.ts';

const ALLOWED_SOURCES = new Set(["'self'", "'none'", "'unsafe-inline'", 'data:', 'blob:']);

test('the page carries a CSP that allows no other origin and no inline script', async ({ app, page, consoleProblems, foreignRequests }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).not.toBeNull();
  const directives = new Map(
    csp!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
  for (const name of [
    'default-src',
    'script-src',
    'style-src',
    'img-src',
    'font-src',
    'connect-src',
    'worker-src',
    'object-src',
    'base-uri',
    'form-action',
  ]) {
    expect(directives.has(name), name).toBe(true);
  }
  for (const [name, sources] of directives) for (const s of sources) expect(ALLOWED_SOURCES.has(s), `${name} ${s}`).toBe(true);
  expect(directives.get('script-src')).toEqual(["'self'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);

  // the policy is enforced: an outside script, image, fetch and an inline script are all refused
  const result = await page.evaluate(async () => {
    const seen: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective));
    const w = window as unknown as { inlineRan?: boolean };
    const inline = document.createElement('script');
    inline.textContent = 'window.inlineRan = true';
    document.head.append(inline);
    const external = document.createElement('script');
    external.src = 'https://third-party.invalid/x.js';
    document.head.append(external);
    const img = new Image();
    img.src = 'https://third-party.invalid/x.png';
    const fetched = await fetch('https://third-party.invalid/x.json').then(
      () => 'loaded',
      () => 'refused',
    );
    await new Promise((r) => setTimeout(r, 200));
    return { seen: [...new Set(seen)].sort(), inlineRan: w.inlineRan === true, fetched };
  });
  expect(result.inlineRan).toBe(false);
  expect(result.fetched).toBe('refused');
  expect(result.seen).toEqual(['connect-src', 'img-src', 'script-src-elem']);
  // those refusals were provoked here (chromium reports the refused element loads as requests
  // that fail); the fixture fails the test on any other one
  expect(consoleProblems.every((p) => /CSP violation|Content Security Policy/.test(p))).toBe(true);
  expect(foreignRequests.every((r) => r.includes('//third-party.invalid/'))).toBe(true);
  consoleProblems.length = 0;
  foreignRequests.length = 0;
});

test('every request stays under the base path', async ({ app, page, baseURL }) => {
  const base = new URL(baseURL!);
  const paths: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin === base.origin) paths.push(u.pathname);
  });
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20&tab=fp8');
  await expect(page.getByTestId('fp8-panel')).toBeVisible();
  await expect(page.getByTestId('fp8-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 }); // the worker ran
  // `/` itself only redirects to the base (sub-path host); everything else is under it
  const loaded = paths.filter((p) => p !== '/');
  expect(loaded.length).toBeGreaterThan(3);
  for (const p of loaded) expect(p.startsWith(base.pathname), p).toBe(true);
  expect(loaded.some((p) => /\/assets\/.*\.js$/.test(p))).toBe(true);
  expect(new URL(page.url()).pathname).toBe(base.pathname);
});

test('a deep link served as 404.html boots with its parameters and returns to the base path', async ({
  app,
  page,
  baseURL,
  consoleProblems,
}) => {
  const base = new URL(baseURL!);
  const query = '?schedule=zb-v&ranks=4&microbatches=8&mb=3';
  const response = await page.goto(new URL(`no/such/page${query}`, base).href);
  await app.ready();
  // a project-page host answers 404 with 404.html (chromium logs the status); vite preview answers 200 with index.html
  if (response!.status() === 404) {
    expect(consoleProblems).toEqual(['error: Failed to load resource: the server responded with a status of 404 (Not Found)']);
    consoleProblems.length = 0;
  } else expect(response!.status()).toBe(200);
  await expect(app.field('Schedule')).toHaveValue('zb-v');
  await expect(app.field('Ranks P')).toHaveValue('4');
  await expect(page.getByTestId('gantt-panel')).toContainText('micro-batch 3');
  expect(await page.evaluate(() => window.location.pathname)).toBe(base.pathname);
  expect(await page.evaluate(() => window.location.search)).toBe(query);

  const index = await page.request.get(new URL('index.html', base).href);
  const notFound = await page.request.get(new URL('404.html', base).href);
  expect(index.ok()).toBe(true);
  expect(await notFound.text()).toBe(await index.text());
});
