import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from './params.ts';
import { createAppStore, paramsKeyOf, restoreUrl, urlOf } from './index.ts';
import { fieldErrorsOf } from './validate.ts';

describe('createAppStore', () => {
  it('starts from the URL', () => {
    const s = createAppStore('?schedule=1f1b&ranks=4&microbatches=8&theme=dark').getState();
    expect(s.params).toMatchObject({ schedule: '1f1b', ranks: 4, microbatches: 8 });
    expect(s.theme).toBe('dark');
    expect(s.warnings).toEqual([]);
  });

  it('a valid edit updates params; an invalid one keeps the last valid params and records why', () => {
    const store = createAppStore('');
    store.getState().setField('microbatches', '24');
    expect(store.getState().params.microbatches).toBe(24);
    const before = store.getState().params;
    store.getState().setField('ranks', '7');
    expect(store.getState().params).toBe(before);
    expect(store.getState().drafts.ranks).toBe('7');
    expect(fieldErrorsOf(store.getState().drafts).ranks?.message).toMatch(/even number of ranks/);
    // fixing another field that makes the combination valid commits everything
    store.getState().setField('schedule', '1f1b');
    expect(store.getState().params).toMatchObject({ schedule: '1f1b', ranks: 7, microbatches: 24 });
    expect(fieldErrorsOf(store.getState().drafts)).toEqual({});
  });

  it('keeps the params object when an edit changes nothing (no engine re-run)', () => {
    const store = createAppStore('');
    const p = store.getState().params;
    store.getState().setField('ranks', '08');
    expect(store.getState().params).toBe(p);
  });

  it('a link with an invalid combination shows the reason and draws the nearest valid configuration', () => {
    const s = createAppStore('?schedule=dualpipe&ranks=7&microbatches=30&F=2').getState();
    expect(fieldErrorsOf(s.drafts).ranks?.message).toBe('DualPipe needs an even number of ranks; got 7');
    expect(s.params).toMatchObject({ schedule: 'dualpipe', ranks: 8, microbatches: 30, F: 2 });
    expect(s.warnings.join()).toMatch(/do not run: DualPipe needs an even number of ranks/);
  });

  it('presets replace every parameter and reset the view', () => {
    const store = createAppStore('?F=5&t0=1&t1=2&mb=3');
    store.getState().applyPreset('dualpipev-figure');
    const s = store.getState();
    expect(s.params).toMatchObject({ schedule: 'dualpipev', ranks: 4, microbatches: 10, F: 1, B: 2, FB: 3, W: 1 });
    expect(s.domain).toBeNull();
    expect(s.selectedMb).toBeNull();
    store.getState().applyPreset('deepseek-v3-h800');
    expect(store.getState().params).toMatchObject({ detailed: true, ranks: 16, commSms: 20 });
    store.getState().applyPreset('zb-paper-p8');
    expect(store.getState().params).toMatchObject({ schedule: 'zb-h1', compare: '1f1b', F: 18522, I: 18086, W: 9337, comm: 601 });
  });

  it('switching hardware brings its bandwidths', () => {
    const store = createAppStore('?detail=1');
    store.getState().setField('nvlink', '100');
    store.getState().setField('hw', 'deepseek-v3-h100-derived');
    expect(store.getState().params).toMatchObject({ hw: 'deepseek-v3-h100-derived', nvlink: 360, ib: 50 });
  });

  it('clears a highlight that no longer exists and ephemeral op references', () => {
    const store = createAppStore('?mb=19');
    store.getState().setCursor({ chart: 0, op: 3 });
    store.getState().setField('microbatches', '16');
    expect(store.getState().selectedMb).toBeNull();
    expect(store.getState().cursor).toBeNull();
  });

  it('urlOf writes the last valid params and the view', () => {
    const store = createAppStore('');
    store.getState().setField('ranks', '6');
    store.getState().setField('microbatches', 'oops');
    store.getState().setDomain([2, 4]);
    store.getState().setPalette('paper');
    expect(urlOf(store.getState())).toBe('?schedule=dualpipe&ranks=6&microbatches=20&t0=2&t1=4&pal=paper');
    expect(DEFAULT_PARAMS.ranks).toBe(8);
  });
});

describe('history steps', () => {
  it('commits: a committed edit, a preset and an explicit commit count; plain edits do not', () => {
    const store = createAppStore('');
    const s = () => store.getState();
    s().setField('microbatches', '24');
    expect(s().commits).toBe(0);
    s().commitParams();
    expect(s().commits).toBe(1);
    s().setField('schedule', '1f1b', true);
    expect(s().commits).toBe(2);
    s().applyPreset('dualpipev-figure');
    expect(s().commits).toBe(3);
  });

  it('an entry stands for the parameters only: the view does not change its key', () => {
    const store = createAppStore('?schedule=1f1b&ranks=4&microbatches=8');
    const key = paramsKeyOf(store.getState());
    store.getState().setDomain([1, 5]);
    store.getState().selectMb(3);
    store.getState().setTheme('dark');
    expect(paramsKeyOf(store.getState())).toBe(key);
    store.getState().setField('F', '2');
    expect(paramsKeyOf(store.getState())).not.toBe(key);
  });

  it('restoreUrl brings back parameters, drafts and view from an entry’s URL, validated', () => {
    const store = createAppStore('?schedule=1f1b&ranks=4&microbatches=8');
    store.getState().setField('ranks', '7x');
    restoreUrl(store, '?schedule=zb-h1&ranks=6&microbatches=12&F=2&t0=1&t1=9&mb=4&theme=dark');
    const s = store.getState();
    expect(s.params).toMatchObject({ schedule: 'zb-h1', ranks: 6, microbatches: 12, F: 2 });
    expect(s.drafts.ranks).toBe('6');
    expect(fieldErrorsOf(s.drafts)).toEqual({});
    expect(s.domain).toEqual([1, 9]);
    expect(s.selectedMb).toBe(4);
    expect(s.theme).toBe('dark');
    expect(urlOf(s)).toBe('?schedule=zb-h1&ranks=6&microbatches=12&F=2&t0=1&t1=9&mb=4&theme=dark');
    // a value that does not parse falls back as in a pasted link
    restoreUrl(store, '?schedule=zb-h1&ranks=abc&microbatches=12');
    expect(store.getState().params.ranks).toBe(8);
  });
});
