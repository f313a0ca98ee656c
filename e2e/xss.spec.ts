/**
 * XSS payloads in every text the page shows from outside (docs/style.md I.1): link values and keys (shown in
 * the link-warnings banner), an imported profiler trace's device and trace names and its file name
 * (shown in the profiler view), a rejected file's content (shown in the import problem). Each must
 * appear as literal text: no element, attribute handler or script comes from it, no dialog opens.
 * The production CSP would block inline script anyway; these checks do not rely on it.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** how the warnings quote a value: JSON string, cut to 24 characters */
const shown = (v: string) => JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);

const PAYLOADS = [
  '<img src=x onerror="window.pwned=1">',
  '"><svg onload="window.pwned=2">',
  '<script>window.pwned=3</script>',
  'javascript:window.pwned=4',
];

/** Elements or handlers that no page text may ever create. */
async function injected(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) if (a.toLowerCase().startsWith('on')) out.push(`${el.tagName}[${a}]`);
      const href = el.getAttribute('href') ?? el.getAttribute('src') ?? '';
      if (/^\s*javascript:/i.test(href)) out.push(`${el.tagName} ${href}`);
    }
    out.push(...[...document.querySelectorAll('img, iframe, object, embed, script:not([src])')].map((e) => e.tagName));
    const w = window as unknown as { pwned?: number };
    if (w.pwned !== undefined) out.push(`window.pwned=${w.pwned}`);
    return out;
  });
}

test('link values and keys with markup are shown as text in the warnings', async ({ app, page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const q = new URLSearchParams({
    schedule: 'dualpipe',
    ranks: PAYLOADS[0],
    microbatches: '20',
    theme: PAYLOADS[1],
    [PAYLOADS[2]]: '1',
    mb: PAYLOADS[3],
  });
  await app.open(`?${q}`);
  const banner = page.getByTestId('url-warnings');
  await expect(banner).toBeVisible();
  // values are quoted and cut to 24 characters: the text shows them verbatim up to the cut
  await expect(banner).toContainText(`ranks=${shown(PAYLOADS[0])}`);
  await expect(banner).toContainText(`theme=${shown(PAYLOADS[1])}`);
  await expect(banner).toContainText(`unknown parameter ${shown(PAYLOADS[2])}`);
  await expect(banner).toContainText(`mb=${shown(PAYLOADS[3])}`);
  expect(await injected(page)).toEqual([]);
  expect(dialogs).toEqual([]);
  await expect(app.ops()).toHaveCount(282); // the defaults were drawn
});

test('names inside an imported trace and the file name are shown as text', async ({ app, page }) => {
  await app.open('?schedule=dualpipe&ranks=8&microbatches=20');
  const trace = JSON.parse(readFileSync('fixtures/kineto/synthetic-fb-2layers.json', 'utf8')) as {
    traceName: string;
    deviceProperties: { name: string }[];
  };
  trace.traceName = PAYLOADS[2];
  trace.deviceProperties[0].name = PAYLOADS[0];
  const fileName = `${PAYLOADS[1]}.json`;
  await page
    .getByTestId('import-input')
    .setInputFiles({ name: fileName, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(trace)) });
  const view = page.getByTestId('profile-view');
  await expect(view).toContainText(fileName);
  await expect(view).toContainText(PAYLOADS[0]);
  await expect(view).toContainText(PAYLOADS[2]);
  expect(await injected(page)).toEqual([]);

  // a rejected file: its offending content is quoted in the message, as text
  await page
    .getByTestId('import-input')
    .setInputFiles({ name: `${PAYLOADS[0]}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`0F0,${PAYLOADS[1]}\n`) });
  await expect(page.getByTestId('import-problem')).toContainText(`Could not import ${PAYLOADS[0]}.csv:`);
  await expect(page.getByTestId('import-message')).toContainText(`unknown action ${JSON.stringify(PAYLOADS[1])}`);
  expect(await injected(page)).toEqual([]);
});
