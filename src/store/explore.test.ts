/** The page field and the Explore page's inputs in the store: link, edits, filters and history key. */
import { describe, expect, it } from 'vitest';
import { createAppStore, paramsKeyOf, restoreUrl, urlOf } from './index.ts';

describe('page and explore inputs', () => {
  it('read from the link and written back', () => {
    const s = createAppStore('?page=explore&exp=4%2C8&exs=zb-v%2C1f1b').getState();
    expect(s.warnings).toEqual([]);
    expect(s.page).toBe('explore');
    expect(s.explore.ranks).toEqual([4, 8]);
    expect(s.explore.schedules).toEqual(['1f1b', 'zb-v']);
    expect(s.exploreDrafts.ranks).toBe('4,8');
    const link = urlOf(s);
    expect(new URLSearchParams(link).get('page')).toBe('explore');
    expect(new URLSearchParams(link).get('exp')).toBe('4,8');
    expect(urlOf(createAppStore(link).getState())).toBe(link);
    // the schedule page is the default and is left out
    expect(new URLSearchParams(urlOf(createAppStore('').getState())).has('page')).toBe(false);
  });

  it('an invalid list keeps the last valid values and the text typed', () => {
    const store = createAppStore('?page=explore');
    const before = store.getState().explore;
    store.getState().setExploreList('ranks', '8:4');
    expect(store.getState().explore).toBe(before);
    expect(store.getState().exploreDrafts.ranks).toBe('8:4');
    store.getState().setExploreList('ranks', '2:8:2');
    expect(store.getState().explore.ranks).toEqual([2, 4, 6, 8]);
    // the same values typed differently change nothing the sweep depends on
    const after = store.getState().explore;
    store.getState().setExploreList('ranks', '2,4,6,8');
    expect(store.getState().explore).toBe(after);
  });

  it('schedules stay in the engine order; a schedule left out leaves the hidden filter too', () => {
    const store = createAppStore('?page=explore&exs=1f1b,zb-v&exhide=zb-v');
    store.getState().toggleExploreSchedule('gpipe', true);
    expect(store.getState().explore.schedules).toEqual(['gpipe', '1f1b', 'zb-v']);
    store.getState().toggleExploreSchedule('zb-v', false);
    expect(store.getState().explore).toMatchObject({ schedules: ['gpipe', '1f1b'], hidden: [] });
    store.getState().setExploreFilter({ hidden: ['1f1b', 'dualpipe'], frontierOnly: true });
    expect(store.getState().explore).toMatchObject({ hidden: ['1f1b'], frontierOnly: true });
  });

  it('a page switch is a committed change with its own history key; Back restores the page', () => {
    const store = createAppStore('?schedule=1f1b&ranks=4&microbatches=8');
    const key = paramsKeyOf(store.getState());
    const commits = store.getState().commits;
    store.getState().setPage('explore');
    expect(store.getState().commits).toBe(commits + 1);
    expect(paramsKeyOf(store.getState())).not.toBe(key);
    store.getState().setPage('explore');
    expect(store.getState().commits).toBe(commits + 1);
    restoreUrl(store, '?schedule=1f1b&ranks=4&microbatches=8');
    expect(store.getState().page).toBe('schedule');
  });

  it('the cost source: a new setup brings its own GPU and MFU; a GPU or MFU alone changes only itself', () => {
    const store = createAppStore('?page=explore');
    const st = () => store.getState();
    st().setExploreModel({ source: 'model', gpu: 'b200', mfu: 0.5 });
    expect(st().explore).toMatchObject({ source: 'model', setup: 'deepseek-v3-2048-h800', gpu: 'b200', mfu: 0.5 });
    st().setExploreModel({ setup: 'llama3.1-70b-128-h100' });
    expect(st().explore).toMatchObject({ source: 'model', setup: 'llama3.1-70b-128-h100', gpu: 'h100' });
    const before = st().explore;
    st().setExploreModel({ gpu: 'h100' });
    expect(st().explore).toBe(before);
    expect(new URLSearchParams(urlOf(st())).get('exsrc')).toBe('model');
    expect(urlOf(createAppStore(urlOf(st())).getState())).toBe(urlOf(st()));
  });
});
