/**
 * Accessibility beyond axe (axe-core runs on every main view in e2e/views.spec.ts): every control
 * is reached by Tab and shows a visible focus ring; every chart region has an accessible name;
 * with `prefers-reduced-motion: reduce` nothing on the page animates.
 */
import type { Page } from '@playwright/test';
import { expect, test, type AppPage } from './fixtures.ts';

async function fp8Done(app: AppPage) {
  await expect(app.page.getByTestId('fp8-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(app.page.getByTestId('fp8-accum')).toBeVisible({ timeout: 30_000 });
}

/** Tags every visible, enabled control that belongs in the tab order; returns their descriptions. */
async function markControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
    const out: string[] = [];
    const radios = new Set<string>();
    let n = 0;
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if ((el as HTMLButtonElement).disabled || el.tabIndex < 0 || el.closest('[inert], [aria-hidden="true"]')) continue;
      if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
      // a file input opened by its button is not a separate stop
      if (el instanceof HTMLInputElement && el.type === 'file' && getComputedStyle(el).display === 'none') continue;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      // one stop per radio group
      if (el instanceof HTMLInputElement && el.type === 'radio') {
        if (radios.has(el.name)) continue;
        radios.add(el.name);
        el.dataset.a11yGroup = el.name;
      }
      el.dataset.a11y = String(n++);
      const name = el.getAttribute('aria-label') ?? el.id ?? '';
      out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${name || (el.textContent ?? '').trim().slice(0, 30)}`);
    }
    return out;
  });
}

/** Tabs through the whole page once; returns the marked ids reached and the focus style of each stop. */
async function tabThrough(page: Page, stops: number) {
  await page.locator('body').focus();
  const reached = new Map<string, { ring: boolean; what: string }>();
  for (let k = 0; k < stops * 2 + 20; k++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const radio =
        el instanceof HTMLInputElement && el.type === 'radio'
          ? document.querySelector<HTMLElement>(`[data-a11y-group="${CSS.escape(el.name)}"]`)
          : null;
      const id = (radio ?? el).dataset.a11y ?? null;
      const s = getComputedStyle(el);
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) || (s.boxShadow !== 'none' && s.boxShadow !== '');
      return {
        id,
        ring,
        what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30)}`,
      };
    });
    if (!info || info.id === null) continue;
    if (reached.has(info.id)) break; // wrapped around
    reached.set(info.id, { ring: info.ring, what: info.what });
  }
  return reached;
}

for (const [name, query] of [
  ['main view', '?schedule=dualpipe&ranks=8&microbatches=20&cmp=1f1b'],
  ['detailed mode', '?schedule=dualpipe&ranks=4&microbatches=8&detail=1'],
  ['FP8 tab', '?schedule=dualpipe&ranks=8&microbatches=20&tab=fp8'],
] as const) {
  test(`keyboard: every control of the ${name} is reached by Tab and shows a focus ring`, async ({ app, page }) => {
    await app.open(query);
    if (name === 'FP8 tab') await fp8Done(app);
    const controls = await markControls(page);
    expect(controls.length).toBeGreaterThan(10);
    const reached = await tabThrough(page, controls.length);
    const missed = controls.filter((_, i) => !reached.has(String(i)));
    expect(missed, 'controls Tab never reaches').toEqual([]);
    const noRing = [...reached.values()].filter((r) => !r.ring).map((r) => r.what);
    expect(noRing, 'controls without a visible focus indicator').toEqual([]);
  });
}

test('chart regions have accessible names; with reduced motion nothing animates', async ({ app, page }) => {
  await app.open('?schedule=zb-h1&ranks=8&microbatches=24&cmp=1f1b&tab=fp8');
  await fp8Done(app);
  const unnamed = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<Element>('svg, canvas')) {
      if (el.closest('[aria-hidden="true"]') || el.parentElement?.closest('svg')) continue;
      const role = el.getAttribute('role');
      const label = el.getAttribute('aria-label') ?? el.getAttribute('aria-labelledby');
      if (!(role === 'img' || role === 'group' || role === 'figure') || !label) out.push(el.outerHTML.slice(0, 120));
    }
    return out;
  });
  expect(unnamed).toEqual([]);
  for (const region of ['Parameters', 'Timeline', 'Side panel', 'FP8 quantization panel']) {
    await expect(
      page
        .getByRole('region', { name: region })
        .or(page.getByRole('complementary', { name: region }))
        .first(),
    ).toBeVisible();
  }
  await expect(page.getByRole('img', { name: /timeline|schedule|ZB-H1/i }).first()).toBeVisible();

  // reduced motion: a probe with its own transition and animation: the page-wide rule (styles.css) must stop both
  const probe = () =>
    page.evaluate(() => {
      const el = document.createElement('div');
      el.style.transition = 'opacity 0.5s';
      el.style.animation = 'probe-spin 2s infinite';
      document.getElementById('root')!.append(el);
      const s = getComputedStyle(el);
      const secs = (d: string) => parseFloat(d) * (d.endsWith('ms') ? 0.001 : 1);
      const out = Math.max(secs(s.transitionDuration), secs(s.animationDuration));
      el.remove();
      return out;
    });
  expect(await probe()).toBeGreaterThan(0.05);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
  expect(await probe()).toBeLessThan(0.001);
  const moving = await page.evaluate(() => {
    const out: string[] = [];
    const secs = (v: string) => Math.max(...v.split(',').map((x) => parseFloat(x) * (x.trim().endsWith('ms') ? 0.001 : 1)));
    for (const el of document.querySelectorAll<Element>('*')) {
      for (const pseudo of [null, '::before', '::after']) {
        const s = getComputedStyle(el, pseudo);
        if (secs(s.transitionDuration) > 0.001 || (s.animationName !== 'none' && secs(s.animationDuration) > 0.001))
          out.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}${pseudo ?? ''}`);
      }
    }
    return out;
  });
  expect(moving).toEqual([]);
});
