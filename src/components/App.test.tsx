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

  it('a parameter change redraws; labels are text, never markup', () => {
    const store = createAppStore('');
    render(<App store={store} />);
    fireEvent.change(screen.getByLabelText('Schedule'), { target: { value: '1f1b' } });
    expect(screen.getByTestId('gantt').querySelectorAll('[data-kind]')).toHaveLength(8 * 20 * 2);
    act(() => store.getState().selectMb(3));
    expect(screen.getByTestId('gantt-panel').textContent).toContain('micro-batch 3');
    expect(document.querySelectorAll('script').length).toBe(0);
  });
});
