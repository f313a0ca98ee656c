// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../store/index.ts';
import { App } from './App.tsx';

afterEach(cleanup);

describe('App (jsdom smoke)', () => {
  it('draws one SVG element per op with the data attributes, and metrics', () => {
    const store = createAppStore('?schedule=dualpipe&ranks=8&microbatches=20');
    render(<App store={store} />);
    const gantt = screen.getByTestId('gantt');
    const ops = gantt.querySelectorAll('[data-kind]');
    expect(ops).toHaveLength(282);
    const fb = gantt.querySelector('[data-kind="FB"]')!;
    expect(fb.getAttribute('data-backward-stage')).not.toBeNull();
    expect(fb.getAttribute('data-backward-microbatch')).not.toBeNull();
    expect(gantt.querySelectorAll('[data-kind="F"][data-backward-stage]')).toHaveLength(0);
    expect(screen.getByTestId('metrics').querySelector('[data-metric="makespan"]')?.textContent).toBeTruthy();
  });

  it('a parameter change redraws the chart and a highlight reaches the panel', () => {
    const store = createAppStore('');
    render(<App store={store} />);
    fireEvent.change(screen.getByLabelText('Schedule'), { target: { value: '1f1b' } });
    expect(screen.getByTestId('gantt').querySelectorAll('[data-kind]')).toHaveLength(8 * 20 * 2);
    act(() => store.getState().selectMb(3));
    expect(screen.getByTestId('gantt-panel').textContent).toContain('micro-batch 3');
  });

  it('the automation hook settles once the link holds a change', async () => {
    window.history.replaceState(null, '', '/');
    render(<App store={createAppStore('')} />);
    fireEvent.change(screen.getByLabelText('Micro-batches M'), { target: { value: '24' } });
    // the link is written after a debounce: not yet
    expect(window.location.search).not.toContain('microbatches=24');
    await act(() => window.__pipescope!.settle());
    expect(window.location.search).toContain('microbatches=24');
    // nothing pending: settles without waiting for a write
    await act(() => window.__pipescope!.settle());
  });

  it('markup in a link and in an imported file is shown as text, never as elements', async () => {
    const pwned = () => (window as unknown as { pwned?: number }).pwned;
    /** elements that markup in the payloads below would create if it were ever parsed as HTML */
    const injected = () => document.querySelectorAll('img, script, b, [onerror], [onload]').length;
    const [img, script] = ['<img src=x onerror="window.pwned=1">', '<script>window.pwned=2</script>'];
    const query = new URLSearchParams({ schedule: 'dualpipe', ranks: img, microbatches: '20', [script]: '1' });
    /** how the warnings quote a value or key: a JSON string, cut to 24 characters */
    const quoted = (v: string) => JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);
    render(<App store={createAppStore(`?${query}`)} />);
    const banner = screen.getByTestId('url-warnings');
    expect(banner.textContent).toContain(`ranks=${quoted(img)}`);
    expect(banner.textContent).toContain(`unknown parameter ${quoted(script)}`);
    expect(screen.getByTestId('gantt').querySelectorAll('[data-kind]')).toHaveLength(282); // the default P=8 was drawn

    // a rejected file through the Import input: its name and offending content are quoted as text
    const name = '<b>trace</b>.csv';
    const file = new File(['0F0,<img src=y onload="window.pwned=3">\n1F0\n'], name, { type: 'text/csv' });
    fireEvent.change(screen.getByTestId('import-input'), { target: { files: [file] } });
    const problem = await screen.findByTestId('import-problem', {}, { timeout: 20_000 }); // the importers load on first use
    expect(problem.textContent).toContain(`Could not import ${name}:`);
    expect(screen.getByTestId('import-message').textContent).toContain('unknown action "<img src=y onload=\\"window.pwned=3\\">"');
    expect(injected()).toBe(0);
    expect(pwned()).toBeUndefined();
  });
});
