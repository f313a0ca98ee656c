/**
 * The import slice: an imported custom schedule is input data that replaces the built-in view
 * until a shape edit, a preset or "back"; the URL then says `source=import` instead of holding it.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore, urlOf } from './index.ts';
import { IMPORT_LINK_WARNING, decodeUrl } from './url.ts';

const CSV = '0F0,0F1,0B0,0B1\n1F0,1B0,1F1,1B1\n';

describe('import slice', () => {
  it('showing a custom schedule resets the zoom, highlight and op references', () => {
    const store = createAppStore('?schedule=1f1b&ranks=4&microbatches=8&t0=1&t1=5&mb=2');
    store.getState().setHover({ chart: 0, op: 3, half: -1, piece: -1, lane: 'compute', x: 1, y: 1 });
    store.getState().reportImportProblem({ fileName: 'a.csv', message: 'bad' });
    store.getState().showCustom({ fileName: 'mine.csv', csv: CSV });
    const s = store.getState();
    expect(s.custom).toEqual({ fileName: 'mine.csv', csv: CSV });
    expect([s.domain, s.selectedMb, s.hover, s.cursor, s.importProblem]).toEqual([null, null, null, null, null]);
  });

  it('the URL keeps the built-in parameters plus source=import (no window or highlight)', () => {
    const store = createAppStore('?schedule=1f1b&ranks=4&microbatches=8');
    store.getState().showCustom({ fileName: 'mine.csv', csv: CSV });
    store.getState().setDomain([1, 2]);
    store.getState().selectMb(1);
    expect(urlOf(store.getState())).toBe('?schedule=1f1b&ranks=4&microbatches=8&source=import');
    store.getState().clearCustom();
    expect(urlOf(store.getState())).toBe('?schedule=1f1b&ranks=4&microbatches=8');
  });

  it('reading a source=import link explains that the built-in view is shown', () => {
    const d = decodeUrl('?schedule=1f1b&ranks=4&microbatches=8&source=import');
    expect(d.warnings).toEqual([IMPORT_LINK_WARNING]);
    expect(d.params).toMatchObject({ schedule: '1f1b', ranks: 4 });
    expect(decodeUrl('?source=%3Cb%3E').warnings).toEqual(['source="<b>" is not "import"; ignored']);
    expect(createAppStore('?source=import').getState().custom).toBeNull();
  });

  it.each([
    ['schedule', '1f1b'],
    ['ranks', '2'],
    ['microbatches', '4'],
    ['stagesPerRank', '3'],
    ['compare', 'gpipe'],
  ] as const)('editing %s leaves the custom schedule', (key, value) => {
    const store = createAppStore('?schedule=interleaved-1f1b&ranks=4&microbatches=8');
    store.getState().showCustom({ fileName: 'mine.csv', csv: CSV });
    store.getState().setField(key, value);
    expect(store.getState().custom).toBeNull();
  });

  it('cost edits apply to the custom schedule; presets leave it', () => {
    const store = createAppStore('');
    store.getState().showCustom({ fileName: 'mine.csv', csv: CSV });
    store.getState().setField('F', '2');
    store.getState().setField('detailed', '1');
    expect(store.getState().custom?.fileName).toBe('mine.csv');
    store.getState().applyPreset('dualpipe-figure');
    expect(store.getState().custom).toBeNull();
  });

  it('a profile and a problem are set and cleared', () => {
    const store = createAppStore('');
    store.getState().reportImportProblem({ fileName: 't.json', message: 'x' });
    store.getState().showProfile({ fileName: 't.json', profile: { t0: 0, streams: [] } });
    expect(store.getState().importProblem).toBeNull();
    store.getState().showProfile(null);
    expect(store.getState().profile).toBeNull();
    store.getState().setImporting('t.json');
    expect(store.getState().importing).toBe('t.json');
  });
});
