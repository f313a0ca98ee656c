/**
 * The chart's input as pure functions, hand-computed on 1F1B P=2 M=2 (B=2) over a 900 px plot
 * (100 px per unit from x = 64) and DualPipe P=2 M=4 for the F&B halves:
 * r0: F0 0-1, F1 1-2, B0 4-6, B1 7-9; r1: F0 1-2, B0 2-4, F1 4-5, B1 5-7.
 */
import { describe, expect, it } from 'vitest';
import { applyKey, clickResult, hitChart, keyAction, type InputChart, type KeyState } from './chartInput.ts';
import { layoutTimeline } from './layout.ts';
import { rowLayout } from './rows.ts';
import { timeScale } from './scales.ts';
import { timelineOf } from './testing.ts';

const layout = layoutTimeline(timelineOf({ schedule: '1f1b', ranks: 2, microbatches: 2 }, { B: 2 }));
const g: InputChart = { chart: 0, layout, rows: rowLayout(2, false) };
const x = timeScale([0, 9], 64 + 64 + 900);
// rows: r0 at y 4..30, r1 at 34..60
const state = (over: Partial<KeyState> = {}): KeyState => ({
  charts: [g],
  domain: [0, 9],
  extent: 9,
  minSpan: 0.1,
  cursor: null,
  selectedMb: null,
  ...over,
});
const key = (k: string, mods: Partial<{ shiftKey: boolean; altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) =>
  keyAction({ key: k, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });

describe('hitChart', () => {
  it('inverts x into time and y into rank and lane, then finds the op', () => {
    expect(hitChart(g, x, 114, 10)).toEqual({ chart: 0, op: 0, half: -1, piece: -1, lane: 'compute' });
    expect(hitChart(g, x, 64 + 550, 40)).toEqual({ chart: 0, op: 7, half: -1, piece: -1, lane: 'compute' }); // r1 B1 at t 5.5
  });
  it('nothing outside the plot, between rows, or in a gap wider than 3 px', () => {
    expect(hitChart(g, x, 60, 10)).toBeNull();
    expect(hitChart(g, x, 114, 32)).toBeNull();
    expect(hitChart(g, x, 64 + 300, 10)).toBeNull(); // t = 3: r0 idle from 2 to 4
    expect(hitChart(g, x, 64 + 202, 10)?.op).toBe(1); // 2 px after F1 ends: still F1
  });
  it('an F&B pair: the top half is the forward, the bottom the backward', () => {
    const dual = layoutTimeline(timelineOf({ schedule: 'dualpipe', ranks: 2, microbatches: 4 }, { comm: 0.5 }));
    const d: InputChart = { chart: 1, layout: dual, rows: rowLayout(2, false) };
    const dx = timeScale([0, dual.makespan], 64 + 64 + 900);
    const px = dx.px(7.5); // rank 0's F&B runs 6-9
    expect(hitChart(d, dx, px, 8)).toMatchObject({ chart: 1, op: 4, half: 0 });
    expect(hitChart(d, dx, px, 25)).toMatchObject({ chart: 1, op: 4, half: 1 });
    // clicking the backward half selects the backward's micro-batch (0), clicking again clears
    const hit = hitChart(d, dx, px, 25)!;
    expect(clickResult([g, d], hit, null)).toEqual({ selectMb: 0, cursor: { chart: 1, op: 4 } });
    expect(clickResult([g, d], hit, 0).selectMb).toBeNull();
    expect(clickResult([g, d], { ...hit, half: 0 }, null).selectMb).toBe(3);
  });
});

describe('keyAction', () => {
  it('maps keys to actions, case-insensitively; modified keys stay the browser’s', () => {
    expect(key('w')).toEqual({ type: 'zoom', factor: 1.5 });
    expect(key('+')).toEqual({ type: 'zoom', factor: 1.5 });
    expect(key('S')).toEqual({ type: 'zoom', factor: 1 / 1.5 });
    expect(key('a')).toEqual({ type: 'pan', fraction: -0.2 });
    expect(key('ArrowRight', { shiftKey: true })).toEqual({ type: 'pan', fraction: 0.2 });
    expect(key('ArrowRight')).toEqual({ type: 'move', dir: 'right' });
    expect(key('0')).toEqual({ type: 'reset' });
    expect(key('Enter', { shiftKey: true })).toEqual({ type: 'select', backward: true });
    expect(key(' ')).toEqual({ type: 'select', backward: false });
    expect(key('Escape')).toEqual({ type: 'clear' });
    expect(key('w', { ctrlKey: true })).toBeNull();
    expect(key('x')).toBeNull();
  });
});

describe('applyKey', () => {
  it('zooms around the window centre, or around the cursor’s op when it is visible', () => {
    expect(applyKey({ type: 'zoom', factor: 1.5 }, state())).toEqual({ handled: true, domain: [1.5, 7.5] });
    // cursor on r0 B0 (4-6, mid 5): 5 stays at 5/9 of the window
    const d = applyKey({ type: 'zoom', factor: 1.5 }, state({ cursor: { chart: 0, op: 2 } })).domain!;
    expect(d[0]).toBeCloseTo(5 - (5 / 9) * 6, 12);
    expect(d[1] - d[0]).toBeCloseTo(6, 12);
  });
  it('pans by a fifth of the window; 0 resets; Escape clears selection, cursor and hover', () => {
    const d = applyKey({ type: 'pan', fraction: 0.2 }, state({ domain: [2, 5] })).domain!;
    expect(d[0]).toBeCloseTo(2.6, 12);
    expect(d[1]).toBeCloseTo(5.6, 12);
    expect(applyKey({ type: 'reset' }, state())).toEqual({ handled: true, domain: null });
    expect(applyKey({ type: 'clear' }, state())).toEqual({ handled: true, selectMb: null, cursor: null, clearHover: true });
  });
  it('Enter toggles the cursor op’s micro-batch; without a cursor the key is not handled', () => {
    expect(applyKey({ type: 'select', backward: false }, state()).handled).toBe(false);
    expect(applyKey({ type: 'select', backward: false }, state({ cursor: { chart: 0, op: 2 } }))).toEqual({ handled: true, selectMb: 0 });
    expect(applyKey({ type: 'select', backward: false }, state({ cursor: { chart: 0, op: 2 }, selectedMb: 0 })).selectMb).toBeNull();
  });
  it('arrows: the first visible op of rank 0, then along the rank and to the overlapping op of the next', () => {
    expect(applyKey({ type: 'move', dir: 'right' }, state())).toEqual({ handled: true, cursor: { chart: 0, op: 0 }, clearHover: true });
    expect(applyKey({ type: 'move', dir: 'right' }, state({ cursor: { chart: 0, op: 0 } })).cursor).toEqual({ chart: 0, op: 1 });
    // r0 B1 (7-9, mid 8) down: r1's nearest op, B1 5-7
    expect(applyKey({ type: 'move', dir: 'down' }, state({ cursor: { chart: 0, op: 3 } })).cursor).toEqual({ chart: 0, op: 7 });
  });
  it('the window follows the cursor: the smallest move that shows the op with a 5% margin', () => {
    const r = applyKey({ type: 'move', dir: 'right' }, state({ domain: [0, 3], cursor: { chart: 0, op: 1 } }));
    expect(r.cursor).toEqual({ chart: 0, op: 2 });
    expect(r.domain![0]).toBeCloseTo(3.15, 12);
    expect(r.domain![1]).toBeCloseTo(6.15, 12);
  });
  it('down past the last rank continues into the compare chart, up comes back', () => {
    const charts = [g, { ...g, chart: 1 as const }];
    // r1 B1 (5-7, mid 6) → chart 1, rank 0 at t = 6: B0 (4-6), the nearest
    expect(applyKey({ type: 'move', dir: 'down' }, state({ charts, cursor: { chart: 0, op: 7 } }))).toEqual({
      handled: true,
      cursor: { chart: 1, op: 2 },
    });
    // r0 F0 of chart 1 (0-1, mid 0.5) up → chart 0's last rank at 0.5: nearest is r1 F0 (1-2)
    expect(applyKey({ type: 'move', dir: 'up' }, state({ charts, cursor: { chart: 1, op: 0 } })).cursor).toEqual({ chart: 0, op: 4 });
  });
});
