// @vitest-environment jsdom
/**
 * The Export menu: a keyboard-operable menu button whose items download the chart's files
 * through a Blob object URL that is revoked afterwards.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { REVOKE_AFTER_MS } from '../../app/download.ts';
import { runEngine, type EngineOk } from '../../pipeline/runEngine.ts';
import { StoreContext } from '../../hooks/useAppStore.ts';
import { createAppStore } from '../../store/index.ts';
import { DEFAULT_PARAMS } from '../../store/params.ts';
import { ExportMenu } from './ExportMenu.tsx';

const saved: { name: string; blob: Blob }[] = [];
const blobs = new Map<string, Blob>();

// the menu loads its writers on first use; load them once here so a click resolves at once
beforeAll(async () => {
  await import('../../pipeline/exportFiles.ts');
});

beforeEach(() => {
  saved.length = 0;
  let n = 0;
  URL.createObjectURL = vi.fn((b: Blob) => {
    const url = `blob:test/${n++}`;
    blobs.set(url, b);
    return url;
  });
  URL.revokeObjectURL = vi.fn((url: string) => void blobs.delete(url));
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.href)! });
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function setup() {
  const r = runEngine({ ...DEFAULT_PARAMS, schedule: '1f1b', ranks: 4, microbatches: 8 }) as EngineOk;
  render(
    <StoreContext.Provider value={createAppStore('')}>
      <ExportMenu result={r} />
    </StoreContext.Provider>,
  );
  return screen.getByRole('button', { name: /Export/ });
}

/** waits for the lazily loaded writer (setImmediate: not faked, unlike setTimeout) */
async function until(done: () => boolean) {
  for (let i = 0; i < 200 && !done(); i++) await act(() => new Promise<void>((r) => setImmediate(r)));
}

const focused = () => {
  const d = (document.activeElement as HTMLElement).dataset;
  return d.export ?? `range:${d.range}`;
};

describe('ExportMenu', () => {
  it('opens from the keyboard, moves with arrows/Home/End, closes on Escape back to the button', () => {
    const button = setup();
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    expect(screen.queryByRole('menu')).toBeNull();
    fireEvent.keyDown(button, { key: 'ArrowDown' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getAllByRole('menuitem').map((m) => m.dataset.export)).toEqual(['svg', 'png', 'trace', 'csv', 'table', 'project']);
    expect(focused()).toBe('svg');
    const menu = screen.getByRole('menu');
    // the last items choose the range of the SVG and PNG
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    expect(focused()).toBe('range:window');
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    expect(focused()).toBe('project');
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(focused()).toBe('svg');
    fireEvent.keyDown(menu, { key: 'End' });
    fireEvent.keyDown(menu, { key: 'Home' });
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(focused()).toBe('png');
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
    fireEvent.keyDown(button, { key: 'ArrowUp' });
    expect(focused()).toBe('range:window');
  });

  it('the range radios: whole schedule by default, the visible window on choice (the menu stays open)', async () => {
    const store = createAppStore('?schedule=1f1b&ranks=4&microbatches=8&t0=2&t1=6');
    const r = runEngine({ ...DEFAULT_PARAMS, schedule: '1f1b', ranks: 4, microbatches: 8 }) as EngineOk;
    render(
      <StoreContext.Provider value={store}>
        <ExportMenu result={r} />
      </StoreContext.Provider>,
    );
    const ops = async () => {
      fireEvent.click(document.querySelector('[data-export="svg"]')!);
      await until(() => saved.length > 0);
      return (await saved.pop()!.blob.text()).match(/<g class="op /g)!.length;
    };
    fireEvent.click(screen.getByRole('button', { name: /Export/ }));
    const radios = screen.getAllByRole('menuitemradio');
    expect(radios.map((e) => [e.dataset.range, e.getAttribute('aria-checked')])).toEqual([
      ['whole', 'true'],
      ['window', 'false'],
    ]);
    expect(radios[1].textContent).toContain('2 – 6');
    expect(await ops()).toBe(4 * 8 * 2);
    fireEvent.click(screen.getByRole('button', { name: /Export/ }));
    fireEvent.click(screen.getAllByRole('menuitemradio')[1]);
    expect(screen.getByRole('menu')).toBeTruthy();
    expect(screen.getAllByRole('menuitemradio')[1].getAttribute('aria-checked')).toBe('true');
    expect(await ops()).toBeLessThan(4 * 8 * 2);
  });

  it('a click outside closes it', () => {
    const button = setup();
    fireEvent.click(button);
    expect(screen.getByRole('menu')).toBeTruthy();
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('stays open for a scroll that moved nothing, closes when the page moved the button', () => {
    const button = setup();
    let top = 700;
    vi.spyOn(button, 'getBoundingClientRect').mockImplementation(() => DOMRect.fromRect({ x: 100, y: top, width: 80, height: 24 }));
    fireEvent.click(button);
    // the scroll that brought the button into view, dispatched after the menu opened
    fireEvent.scroll(window);
    expect(screen.getByRole('menu')).toBeTruthy();
    top = 640;
    fireEvent.scroll(document);
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('opens above the button when the window has no room below it', () => {
    const button = setup();
    vi.spyOn(button, 'getBoundingClientRect').mockReturnValue(
      DOMRect.fromRect({ x: 100, y: window.innerHeight - 30, width: 80, height: 24 }),
    );
    vi.spyOn(HTMLDivElement.prototype, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ width: 290, height: 240 }));
    fireEvent.click(button);
    expect(screen.getByRole('menu').style.top).toBe(`${window.innerHeight - 30 - 4 - 240}px`);
  });

  it.each([
    ['svg', 'pipescope-1f1b-p4-m8.svg', 'image/svg+xml', '<svg'],
    ['trace', 'pipescope-1f1b-p4-m8.trace.json', 'application/json', '{"traceEvents"'],
    ['csv', 'pipescope-1f1b-p4-m8.csv', 'text/csv', '0F0,'],
    ['table', 'pipescope-1f1b-p4-m8.ops.csv', 'text/csv', 'rank,stage,chunk,direction,microbatch,op,lane'],
    ['project', 'pipescope-1f1b-p4-m8.pipescope.json', 'application/json', '{\n  "format": "pipescope-project"'],
  ])('%s downloads %s through an object URL revoked afterwards', async (kind, name, type, start) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fireEvent.click(setup());
    fireEvent.click(document.querySelector(`[data-export="${kind}"]`)!);
    await until(() => saved.length > 0);
    expect(saved.map((s) => s.name)).toEqual([name]);
    expect(saved[0].blob.type).toBe(`${type};charset=utf-8`);
    expect((await saved[0].blob.text()).slice(0, 60)).toContain(start);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(URL.revokeObjectURL).not.toHaveBeenCalled();
    vi.advanceTimersByTime(REVOKE_AFTER_MS);
    expect(URL.revokeObjectURL).toHaveBeenCalledTimes(1);
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
  });
});
