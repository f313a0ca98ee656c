// @vitest-environment jsdom
/**
 * The FP8 panel in jsdom with the worker's jobs running in process: a first run fills the table,
 * a bad shape shows its reason under the field and blocks Run while the last result stays, a
 * method toggle re-runs, and the accumulation chart shows the H200 markers.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Fp8Client } from '../../fp8panel/client.ts';
import { fakeWorker } from '../../fp8panel/testing/fakeWorker.ts';
import { createAppStore } from '../../store/index.ts';
import { App } from '../App.tsx';
import { Fp8Controller, provideController } from './controller.ts';

beforeAll(() => {
  // jsdom has no canvas: the heatmap then draws its frame without the picture
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});
afterEach(cleanup);

function setup(query: string) {
  const store = createAppStore(query);
  provideController(
    store,
    new Fp8Controller(store, { tensor: new Fp8Client(() => fakeWorker()), accum: new Fp8Client(() => fakeWorker()) }),
  );
  render(<App store={store} />);
  return store;
}

const methodsShown = () =>
  within(screen.getByTestId('fp8-metrics'))
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.getAttribute('data-method'));

describe('Fp8Panel (jsdom)', () => {
  it('runs, validates, re-runs on a method change; labels are text', { timeout: 120_000 }, async () => {
    const store = setup('?tab=fp8&fp8shape=64x256&fp8rq=off&fp8out=16');
    await waitFor(() => expect(screen.getByTestId('fp8-status').getAttribute('data-status')).toBe('done'), { timeout: 20_000 });
    expect(methodsShown()).toEqual(['per_tensor_e4m3', 'tile1x128_e4m3', 'block128x128_e4m3']);
    const sqnr = Number(
      screen.getByTestId('fp8-metrics').querySelector('tr[data-method="per_tensor_e4m3"] td[data-metric="sqnr_db"]')!.textContent,
    );
    expect(sqnr).toBeGreaterThan(29);

    fireEvent.change(screen.getByLabelText('Shape (rows x cols)'), { target: { value: '0x0' } });
    expect(screen.getByText('The shape 0x0 has no elements to quantize.')).toBeTruthy();
    expect((screen.getByTestId('fp8-run') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('fp8-blocked').textContent).toBe('Fix the highlighted field to run.');
    expect(store.getState().fp8.shape).toEqual([64, 256]);
    fireEvent.change(screen.getByLabelText('Shape (rows x cols)'), { target: { value: '32x256' } });

    fireEvent.click(screen.getByRole('checkbox', { name: /MX 1×32 RCEIL/ }));
    await waitFor(() => expect(methodsShown()).toContain('mx32_e4m3_rceil'), { timeout: 20_000 });
    await waitFor(() => expect(screen.getByTestId('fp8-status').textContent).toContain('32×256'), { timeout: 20_000 });
    await waitFor(() => expect(document.querySelectorAll('[data-testid="fp8-accum"] [data-h200]').length).toBe(12), { timeout: 60_000 });
    expect(document.querySelectorAll('script').length).toBe(0);
  });
});
