// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreContext } from '../hooks/useAppStore.ts';
import { createAppStore } from '../store/index.ts';
import { fieldErrorsOf } from '../store/validate.ts';
import { ParamsPanel } from './ParamsPanel.tsx';

afterEach(cleanup);

function setup(search = '') {
  const store = createAppStore(search);
  render(
    <StoreContext.Provider value={store}>
      <ParamsPanel />
    </StoreContext.Provider>,
  );
  return store;
}

describe('ParamsPanel', () => {
  it('an invalid value shows its reason next to the control, with a fix that applies', () => {
    const store = setup();
    const ranks = screen.getByLabelText('Ranks P');
    fireEvent.change(ranks, { target: { value: '7' } });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('DualPipe needs an even number of ranks; got 7');
    expect(ranks.getAttribute('aria-invalid')).toBe('true');
    expect(ranks.getAttribute('aria-describedby')).toBe(alert.id);
    expect(store.getState().params.ranks).toBe(8);
    fireEvent.click(within(alert).getByRole('button', { name: 'use 8' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().params.ranks).toBe(8);
  });

  it('text, zero and negative values each get a reason', () => {
    setup();
    const m = screen.getByLabelText('Micro-batches M');
    for (const [v, reason] of [
      ['abc', '"abc" is not a number'],
      ['0', 'at least 1; got 0'],
      ['-3', 'at least 1; got -3'],
      ['10', 'at least 2P = 16'],
    ]) {
      fireEvent.change(m, { target: { value: v } });
      expect(screen.getByRole('alert').textContent).toContain(reason);
    }
  });

  it('arrow keys step to the next accepted value; stages per rank is only editable where it applies', () => {
    const store = setup();
    const m = screen.getByLabelText('Micro-batches M');
    fireEvent.keyDown(m, { key: 'ArrowUp' }); // 21 is odd: DualPipe's next accepted value is 22
    expect(store.getState().params.microbatches).toBe(22);
    fireEvent.keyDown(m, { key: 'ArrowUp' });
    expect(store.getState().params.microbatches).toBe(24);
    fireEvent.keyDown(m, { key: 'ArrowDown' });
    expect(store.getState().params.microbatches).toBe(22);
    // nothing below 2P = 16 is accepted: a plain step, and the reason shows as when typing
    fireEvent.change(m, { target: { value: '16' } });
    fireEvent.keyDown(m, { key: 'ArrowDown' });
    expect((m as HTMLInputElement).value).toBe('15');
    expect(screen.getByRole('alert').textContent).toContain('even number of micro-batches');
    expect(store.getState().params.microbatches).toBe(16);
    fireEvent.keyDown(screen.getByLabelText('F'), { key: 'ArrowUp' });
    expect(store.getState().params.microbatches).toBe(16);
    expect((screen.getByLabelText('Stages per rank v') as HTMLInputElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Schedule'), { target: { value: 'interleaved-1f1b' } });
    expect((screen.getByLabelText('Stages per rank v') as HTMLInputElement).disabled).toBe(false);
  });

  it('the detailed mode shows the SM split and bandwidths, and derived costs in the cost boxes', () => {
    const store = setup();
    expect(screen.queryByLabelText(/Comm SMs/)).toBeNull();
    fireEvent.click(screen.getByLabelText(/Detailed mode/));
    expect(store.getState().params.detailed).toBe(true);
    fireEvent.change(screen.getByLabelText('Comm SMs slider'), { target: { value: '32' } });
    expect(store.getState().params.commSms).toBe(32);
    expect((screen.getByLabelText('F') as HTMLInputElement).value).toMatch(/^\d+\.\d+$/); // ms, derived
    expect((screen.getByLabelText('NVLink GB/s') as HTMLInputElement).value).toBe('160');
  });

  it('a comparison that cannot run says why, without blocking the main schedule', () => {
    const store = setup('?schedule=1f1b&ranks=7&microbatches=20&cmp=dualpipe');
    expect(screen.getByText(/cannot compare: DualPipe needs an even number of ranks/)).toBeTruthy();
    expect(fieldErrorsOf(store.getState().drafts)).toEqual({});
  });
});
