// @vitest-environment jsdom
/**
 * Import in the whole app: the picker and a drop on the chart import a file; problems and file
 * names are text (a `<script>` or `<img onerror>` never becomes an element); the custom banner
 * names the file and leads back to the built-in schedule.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../store/index.ts';
import { App } from '../App.tsx';

afterEach(cleanup);

const CSV = '0F0,0F1,0B0,0B1\n1F0,1B0,1F1,1B1\n';
const opCount = () => screen.getByTestId('gantt').querySelectorAll('[data-kind]').length;

function setup(search = '?schedule=1f1b&ranks=4&microbatches=8') {
  const store = createAppStore(search);
  render(<App store={store} />);
  return store;
}

describe('import in the app', () => {
  it('the file picker imports a CSV as the custom schedule; "Back" returns to the built-in one', async () => {
    const store = setup();
    expect(opCount()).toBe(64);
    const input = screen.getByTestId('import-input') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([CSV], 'two.csv', { type: 'text/csv' })] } });
    // the importer chunk loads lazily: give it time on a busy machine
    await waitFor(
      () => expect(screen.getByTestId('custom-banner').textContent).toContain('Custom schedule from two.csv · P=2 · M=2 · 8 ops'),
      { timeout: 10_000 },
    );
    expect(opCount()).toBe(8);
    expect(screen.getByTestId('gantt-panel').textContent).toContain('Custom (imported)');
    fireEvent.click(screen.getByRole('button', { name: 'Back to 1F1B' }));
    expect(store.getState().custom).toBeNull();
    expect(opCount()).toBe(64);
  });

  it('a file dropped on the chart is imported; the drop hint shows while dragging', async () => {
    const store = setup();
    const area = screen.getByTestId('chart-area');
    const dataTransfer = { types: ['Files'], files: [new File([CSV], 'dropped.csv')], dropEffect: 'none' };
    fireEvent.dragEnter(area, { dataTransfer });
    expect(area.className).toContain('drop-target');
    fireEvent.dragOver(area, { dataTransfer });
    fireEvent.drop(area, { dataTransfer });
    expect(area.className).not.toContain('drop-target');
    await waitFor(() => expect(store.getState().custom?.fileName).toBe('dropped.csv'), { timeout: 10_000 });
    // dragging text (not files) is not an import
    fireEvent.dragEnter(screen.getByTestId('chart-area'), { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(screen.getByTestId('chart-area').className).not.toContain('drop-target');
  });

  it('problems and file names are text, never markup; the chart is unchanged', async () => {
    const store = setup();
    const name = '<img src=x onerror="window.pwned=1">.csv';
    await act(async () => {
      fireEvent.change(screen.getByTestId('import-input'), {
        target: { files: [new File(['0F0,<script>window.pwned=1</script>\n'], name)] },
      });
    });
    await waitFor(() => expect(screen.getByTestId('import-problem')).toBeTruthy(), { timeout: 10_000 });
    const problem = screen.getByTestId('import-problem');
    expect(problem.textContent).toContain(`Could not import ${name}:`);
    expect(screen.getByTestId('import-message').textContent).toMatch(/^row 1, cell 2: unknown action "<script>window.pwned=1<\/script>"/);
    expect(problem.querySelectorAll('img, script')).toHaveLength(0);
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
    expect(opCount()).toBe(64);
    expect(store.getState().custom).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss the import problem' }));
    expect(screen.queryByTestId('import-problem')).toBeNull();
  });

  it('a link made while a custom schedule was shown explains the built-in view', () => {
    setup('?schedule=1f1b&ranks=4&microbatches=8&source=import');
    expect(screen.getByTestId('url-warnings').textContent).toContain('links cannot carry the file');
  });
});
