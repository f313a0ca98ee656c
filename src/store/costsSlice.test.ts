import { describe, expect, it } from 'vitest';
import { createAppStore } from './index.ts';
import { fieldErrorsOf } from './validate.ts';

describe('costs slice', () => {
  it('setStageCosts writes the table in a basis, commits one history step and names its source', () => {
    const store = createAppStore('?schedule=zb-v&ranks=4&microbatches=8');
    const commits = store.getState().commits;
    store.getState().setStageCosts({ F: [1, 2, 2, 1], memory: { F: [1, 1, 2, 2] } }, 'model: test', 'share');
    const s = store.getState();
    expect(s.params.stageCosts).toBe('F:1,2,2,1;mF:1,1,2,2');
    expect(s.params.basis).toBe('share');
    expect(s.stageCostsSource).toBe('model: test');
    expect(s.commits).toBe(commits + 1);
    store.getState().editStageCosts('F:1,2,2,2');
    expect(store.getState().stageCostsSource).toBeNull();
    store.getState().setStageCosts(null, 'clear');
    expect(store.getState().params.stageCosts).toBe('');
  });

  it('a table with the wrong row count keeps the last valid params, with a resample fix', () => {
    const store = createAppStore('?schedule=1f1b&ranks=4&microbatches=8');
    const before = store.getState().params;
    store.getState().editStageCosts('F:1,2,3');
    expect(store.getState().params).toBe(before);
    const issue = fieldErrorsOf(store.getState().drafts).stageCosts!;
    expect(issue.message).toBe('the cost table has 3 rows; in the share basis it lists one row per share of the model (P = 4)');
    expect(issue.fix?.label).toBe('resample to 4 rows');
    store.getState().editStageCosts(issue.fix!.value);
    expect(store.getState().params.stageCosts).toBe('F:1,1.66666666667,2.33333333333,3');
  });

  it('the stage basis takes one row per stage or per rank; engine range errors land on the table', () => {
    const store = createAppStore('?schedule=zb-v&ranks=2&microbatches=8&basis=stage');
    store.getState().editStageCosts('F:1,2,3,4');
    expect(store.getState().params.stageCosts).toBe('F:1,2,3,4');
    store.getState().editStageCosts('F:1,-2');
    expect(fieldErrorsOf(store.getState().drafts).stageCosts?.message).toMatch(/must not be negative/);
    store.getState().editStageCosts('mF:1,2;mW:1,1');
    expect(fieldErrorsOf(store.getState().drafts).stageCosts?.message).toMatch(/free memory and must not be positive/);
  });
});
