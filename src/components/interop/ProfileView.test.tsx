// @vitest-environment jsdom
/**
 * The profiler view: the synthetic Kineto trace's measured pair is drawn beside the model's
 * replay with its per-piece durations; a trace without the pair vocabulary lists its streams
 * and says why there is no pair.
 */
import { readFileSync } from 'node:fs';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreContext } from '../../hooks/useAppStore.ts';
import { parseKineto } from '../../interop/index.ts';
import { createAppStore } from '../../store/index.ts';
import { ProfileView, pairFileName } from './ProfileView.tsx';

afterEach(cleanup);

const TEXT = readFileSync('fixtures/kineto/synthetic-fb-2layers.json', 'utf8');
const EXPECTED = JSON.parse(readFileSync('fixtures/kineto/synthetic-fb-2layers.expected.json', 'utf8')) as {
  layers: Record<string, number>[];
};

function setup(text: string) {
  const store = createAppStore('');
  store.getState().showProfile({ fileName: 'trace <b>1</b>.json', profile: parseKineto(text) });
  render(
    <StoreContext.Provider value={store}>
      <ProfileView theme="light" />
    </StoreContext.Provider>,
  );
  return store;
}

describe('ProfileView', () => {
  it('shows the measured pair and the model with per-piece durations per layer', () => {
    const store = setup(TEXT);
    expect(screen.getByTestId('profile-view').textContent).toContain('Profiler trace trace <b>1</b>.json');
    expect(screen.getByTestId('pair-summary').textContent).toMatch(
      /2 layer steps: span 4,744 µs · the model's replay of these pieces 4,846 µs \(\+2\.2%\)/,
    );
    EXPECTED.layers.forEach((pieces, layer) => {
      for (const [piece, us] of Object.entries(pieces)) {
        expect(document.querySelector(`tr[data-piece="${piece}"] td[data-layer="${layer}"]`)?.textContent).toBe(us.toLocaleString('en-US'));
      }
    });
    const chart = screen.getByTestId('pair-chart');
    expect(chart.querySelectorAll('[data-source="measured"] .piece')).toHaveLength(20);
    expect(chart.querySelectorAll('[data-source="model"] .piece')).toHaveLength(20);
    expect(chart.querySelector('[data-source="measured"] [data-piece="attn(F)"][data-layer="0"]')?.getAttribute('data-duration')).toBe(
      '437',
    );
    fireEvent.click(screen.getByTestId('profile-close'));
    expect(store.getState().profile).toBeNull();
  });

  it('a trace without the pair annotations lists its streams and says why', () => {
    const trace = JSON.parse(TEXT) as { traceEvents: { cat?: string; name: string }[] };
    for (const e of trace.traceEvents) if (e.cat === 'user_annotation') e.name = e.name.replace(/^attn\(F\)$/, 'forward');
    setup(JSON.stringify(trace));
    expect(screen.getByTestId('pair-problem').textContent).toContain('No F&B pair to show: no "attn(F)" annotation found');
    expect(screen.getByTestId('stream-table').querySelectorAll('tbody tr')).toHaveLength(3);
    expect(screen.queryByTestId('pair-download')).toBeNull();
  });

  it('names the pair SVG after the trace, with safe characters', () => {
    expect(pairFileName('train.json')).toBe('pipescope-pair-train.svg');
    expect(pairFileName('../<x> y.json')).toBe('pipescope-pair-.._x_y.svg');
  });
});
