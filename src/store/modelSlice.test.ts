/**
 * The Model panel's state: fields parse on their own, the combination through the planner's and the
 * engine's rules (errors on the field they name, with the fix and a layout's column), the link round
 * trip, setups, the fits-table click, history keys and Back/Forward.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore, paramsKeyOf, restoreUrl, urlOf } from './index.ts';
import { DEFAULT_MODEL, evaluateModel, modelDraftsOf, setupInputs } from './modelInputs.ts';
import { decodeModelUrl, encodeModelUrl } from './modelUrl.ts';

describe('model inputs', () => {
  it('every setup is valid as it comes', () => {
    for (const id of ['deepseek-v3-2048-h800', 'llama3.1-405b-16k-h100', 'llama3.1-8b-64-h100', 'gpt3-175b-1536-h100']) {
      const e = evaluateModel(modelDraftsOf(setupInputs(id)));
      expect(e.errors, id).toEqual({});
      expect(e.inputs?.setup).toBe(id);
    }
    expect(DEFAULT_MODEL).toMatchObject({
      setup: 'deepseek-v3-2048-h800',
      pp: 16,
      ep: 64,
      dp: 128,
      gpu: 'h800',
      microbatches: 120,
      schedule: 'dualpipe',
    });
  });

  it('puts each rejection on its field: a bad number, a layout with its column, a schedule rule with its fix', () => {
    const d = modelDraftsOf(DEFAULT_MODEL);
    expect(evaluateModel({ ...d, tp: 'two' }).errors.tp?.message).toMatch(/TP takes a whole number; got "two"/);
    const layout = evaluateModel({ ...d, layout: 'Et*3|tx|L' }).errors.layout;
    expect(layout?.column).toBe(7);
    expect(layout?.message).toMatch(/^column 7 of "Et\*3\|tx\|L": invalid layer character "x"/);
    const odd = evaluateModel({ ...d, microbatches: '121' }).errors.microbatches;
    expect(odd?.message).toMatch(/DualPipe needs an even number of micro-batches/);
    expect(odd?.fix?.value).toBe('122');
    // 61 layers on 12 ranks without a layout string: Megatron's even split refuses, torchtitan's split is suggested
    const uneven = evaluateModel({ ...d, layout: 'Et*3|(tt|)*29,m|L', pp: '12', dp: '128' });
    expect(uneven.errors.layout?.message).toMatch(/not a multiple of pipeline_model_parallel_size 12/);
    expect(evaluateModel({ ...d, ep: '48' }).errors.ep?.message).toMatch(/256/);
    expect(evaluateModel({ ...d, mfu: '1.5' }).errors.mfu?.fix?.value).toBe('1');
  });
});

describe('the model in the link', () => {
  it('round-trips: only what differs from the setup is written', () => {
    expect(encodeModelUrl('params', DEFAULT_MODEL)).toBe('');
    const m = { ...DEFAULT_MODEL, microbatches: 64, mfu: 0.4, layout: '', schedule: 'zb-v' as const };
    const q = encodeModelUrl('model', m);
    expect(q).toBe('m_on=1&m_setup=deepseek-v3-2048-h800&m_mb=64&m_layout=&m_mfu=0.4&m_sched=zb-v');
    const back = decodeModelUrl(`?${q}`);
    expect(back.warnings).toEqual([]);
    expect(back.costsFrom).toBe('model');
    expect(back.model).toEqual(m);
  });

  it('a bad value falls back to the setup with a warning; a combination that does not run keeps its drafts', () => {
    const bad = decodeModelUrl('?m_on=1&m_tp=abc&m_zzz=1');
    expect(bad.model.tp).toBe(1);
    expect(bad.warnings).toEqual(['m_tp="abc": TP takes a whole number; got "abc"; using 1', 'unknown parameter "m_zzz" ignored']);
    const layout = decodeModelUrl('?m_on=1&m_layout=Et*3%7Ctx%7CL');
    expect(layout.drafts.layout).toBe('Et*3|tx|L');
    expect(layout.model).toEqual(DEFAULT_MODEL);
    expect(layout.warnings[0]).toMatch(/^the link's model does not run: column 7 of/);
  });
});

describe('the model slice', () => {
  it('a setup fills every field and turns the model costs on; the link carries it', () => {
    const store = createAppStore('');
    expect(store.getState().costsFrom).toBe('params');
    store.getState().setModelField('setup', 'llama3.1-8b-64-h100', true);
    const s = store.getState();
    expect(s.costsFrom).toBe('model');
    expect(s.model).toMatchObject({ setup: 'llama3.1-8b-64-h100', tp: 2, pp: 4, dp: 8, gpu: 'h100', schedule: '1f1b' });
    expect(s.modelDrafts.tp).toBe('2');
    expect(urlOf(s)).toContain('m_on=1&m_setup=llama3.1-8b-64-h100');
    const again = createAppStore(urlOf(s)).getState();
    expect(again.model).toEqual(s.model);
    expect(again.costsFrom).toBe('model');
  });

  it('an invalid edit keeps the last valid model; a fits-table click draws that schedule', () => {
    const store = createAppStore('?m_on=1');
    store.getState().setModelField('microbatches', '121');
    expect(store.getState().model.microbatches).toBe(120);
    expect(store.getState().modelDrafts.microbatches).toBe('121');
    store.getState().setModelField('microbatches', '64');
    expect(store.getState().model.microbatches).toBe(64);
    store.getState().setCostsFrom('params');
    store.getState().openFit('zb-v');
    expect(store.getState().costsFrom).toBe('model');
    expect(store.getState().model.schedule).toBe('zb-v');
  });

  it('a header preset draws its parameters again: the model costs turn off, the model keeps its fields', () => {
    const store = createAppStore('?m_on=1&m_mfu=0.4');
    expect(store.getState().costsFrom).toBe('model');
    store.getState().applyPreset('zb-paper-p8');
    const s = store.getState();
    expect(s.costsFrom).toBe('params');
    expect(s.params.schedule).not.toBe(s.model.schedule);
    expect(s.model.mfu).toBe(0.4);
    expect(urlOf(s)).not.toContain('m_on=1');
  });

  it('model changes are history entries, and Back restores them', () => {
    const store = createAppStore('?m_on=1');
    const before = paramsKeyOf(store.getState());
    const url = urlOf(store.getState());
    store.getState().setModelField('mfu', '0.4', true);
    expect(paramsKeyOf(store.getState())).not.toBe(before);
    restoreUrl(store, url);
    expect(store.getState().model.mfu).toBe(0.3);
    expect(store.getState().modelDrafts.mfu).toBe('0.3');
  });
});
