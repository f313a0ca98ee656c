/**
 * The measured slice: a measured run is imported input shown on its own page; links say
 * `page=measured` but cannot restore it; "Open in Gantt" loads the fitted schedule into the
 * schedule view through the parameters' own rules.
 */
import { describe, expect, it } from 'vitest';
import { exportTorchCsv } from '../interop/index.ts';
import { analyzeRun, fittedCostsFile, readTraceFiles } from '../measured/index.ts';
import { fixtureFiles } from '../measured/testing/fixtures.ts';
import { createAppStore, restoreUrl, urlOf } from './index.ts';
import { fittedParams, type FittedSchedule } from './measuredSlice.ts';
import { DEFAULT_PARAMS, draftsOf } from './params.ts';
import { parseStageTable } from './stageTable.ts';
import { evaluate, resolvedCostsOf } from './validate.ts';
import { MEASURED_LINK_WARNING } from './url.ts';

const run = readTraceFiles(fixtureFiles('Interleaved1F1B_p4_m8_v2'));
const a = analyzeRun(run);
const fitted = (over: Partial<FittedSchedule> = {}): FittedSchedule => ({
  schedule: 'interleaved-1f1b',
  ranks: 4,
  microbatches: 8,
  stagesPerRank: 2,
  topology: run.order.topology,
  csv: exportTorchCsv(run.order),
  costs: fittedCostsFile(a),
  source: '4 trace files',
  ...over,
});

describe('measured slice', () => {
  it('a run shows the measured page; the URL says page=measured; closing goes back', () => {
    const store = createAppStore('?schedule=1f1b&ranks=4&microbatches=8');
    store.getState().setPage('measured');
    expect(store.getState().page).toBe('schedule');
    store.getState().reportImportProblem({ fileName: 'x', message: 'y' });
    store.getState().showMeasured({ files: ['a.json'], run });
    expect([store.getState().page, store.getState().importProblem]).toEqual(['measured', null]);
    expect(urlOf(store.getState())).toBe('?schedule=1f1b&ranks=4&microbatches=8&page=measured');
    store.getState().setPage('schedule');
    expect(urlOf(store.getState())).toBe('?schedule=1f1b&ranks=4&microbatches=8');
    store.getState().setPage('measured');
    store.getState().clearMeasured();
    expect([store.getState().page, store.getState().measured]).toEqual(['schedule', null]);
  });

  it('a page=measured link opens the schedule view with a warning, and writes no page back', () => {
    const s = createAppStore('?schedule=1f1b&ranks=4&microbatches=8&page=measured').getState();
    expect(s.page).toBe('schedule');
    expect(s.warnings).toContain(MEASURED_LINK_WARNING);
    expect(urlOf(s)).toBe('?schedule=1f1b&ranks=4&microbatches=8');
  });

  it('Back/Forward restore the measured page only while its run is loaded', () => {
    const store = createAppStore();
    restoreUrl(store, '?page=measured');
    expect(store.getState().page).toBe('schedule');
    store.getState().showMeasured({ files: [], run });
    restoreUrl(store, '?page=schedule');
    expect(store.getState().page).toBe('schedule');
    restoreUrl(store, '?page=measured');
    expect(store.getState().page).toBe('measured');
  });

  it('fittedParams: shape, µs and the engine’s reduction of the costs file (median stage); B split into I and W', () => {
    const p = fittedParams(DEFAULT_PARAMS, fitted());
    const F = [...(a.fitted.costs.F as number[])].map((x) => Math.round(x * 1000) / 1000).sort((x, y) => x - y);
    const B = [...(a.fitted.costs.B as number[])].map((x) => Math.round(x * 1000) / 1000).sort((x, y) => x - y);
    expect(p).toMatchObject({ schedule: 'interleaved-1f1b', ranks: 4, microbatches: 8, stagesPerRank: 2, costUnit: 'us', detailed: false });
    expect(p.F).toBe(F[4]);
    expect([p.I, p.W, p.B]).toEqual([B[4] / 2, B[4] / 2, null]);
    expect(p.comm).toBe(Math.round(a.fitted.costs.comm * 1000) / 1000);
  });

  it('fittedParams: the fitted costs per stage, in the stage basis, as the cost table; the engine runs each stage at its own fit', () => {
    const costs = fittedCostsFile(a);
    const p = fittedParams(DEFAULT_PARAMS, fitted());
    const F = costs.F as number[];
    const halfB = (costs.B as number[]).map((x) => x / 2);
    expect(p.basis).toBe('stage');
    expect(p.stageCosts).toBe(`F:${F.join(',')};I:${halfB.join(',')};W:${halfB.join(',')}`);
    expect(parseStageTable(p.stageCosts)).toEqual({ ok: true, value: p.stageCosts });
    const next = evaluate(draftsOf(p));
    expect(next.errors).toEqual({});
    const run = resolvedCostsOf(next.params!);
    expect(run.perStage!.F).toEqual(F);
    expect(run.perStage!.B).toEqual(costs.B);
    // uneven fits stay uneven: at least two stages of this run were fitted differently
    expect(new Set(F).size).toBeGreaterThan(1);
    // without the table, the scalars alone (the median stage's)
    expect(fittedParams(DEFAULT_PARAMS, fitted(), false).stageCosts).toBe('');
  });

  it('fittedParams: every kind one number → no table; an F&B list stays a column', () => {
    const even = fittedParams(DEFAULT_PARAMS, fitted({ costs: { F: 2, B: 4, comm: 1 } }));
    expect([even.basis, even.stageCosts, even.F, even.I, even.W, even.B]).toEqual(['stage', '', 2, 2, 2, null]);
    const fb = fittedParams(
      DEFAULT_PARAMS,
      fitted({ costs: { F: [1, 1, 1, 1, 1, 1, 1, 2], I: 1, W: 1, FB: [3, 3, 3, 3, 3, 3, 3, 4], comm: 0 } }),
    );
    expect(fb.stageCosts).toBe('F:1,1,1,1,1,1,1,2;FB:3,3,3,3,3,3,3,4');
    expect([fb.FB, fb.B]).toEqual([3, null]);
  });

  it('Open in Gantt: the recognised schedule with the fitted costs, or the measured order as a custom schedule', () => {
    const store = createAppStore('?schedule=dualpipe&ranks=8&microbatches=20');
    store.getState().showMeasured({ files: [], run });
    expect(store.getState().openFitted(fitted())).toBeNull();
    let s = store.getState();
    expect([s.page, s.params.schedule, s.params.costUnit, s.custom]).toEqual(['schedule', 'interleaved-1f1b', 'us', null]);
    expect(s.commits).toBeGreaterThan(0);
    // unrecognised: the measured order itself, drawn with the same costs
    expect(store.getState().openFitted(fitted({ schedule: null }))).toBeNull();
    s = store.getState();
    expect(s.custom).toEqual({ fileName: '4 trace files', csv: exportTorchCsv(run.order) });
    expect(s.params.costUnit).toBe('us');
    expect(s.params.basis).toBe('stage');
  });

  it('Open in Gantt: a recognised schedule opens as a per-stage chart; a custom order behind a built-in with other stages keeps the medians', () => {
    const store = createAppStore('?schedule=1f1b&ranks=8&microbatches=20');
    expect(store.getState().openFitted(fitted())).toBeNull();
    let s = store.getState();
    expect(s.params.stageCosts).toBe(fittedParams(DEFAULT_PARAMS, fitted()).stageCosts);
    expect(urlOf(s)).toContain('basis=stage');
    expect(urlOf(s)).toContain(`&sc=${s.params.stageCosts}`);
    expect(createAppStore(urlOf(s)).getState().params).toEqual(s.params);
    // 1F1B at P=3 has 3 stages; the run has 8: the custom order's table cannot be checked there
    const other = createAppStore('?schedule=1f1b&ranks=3&microbatches=6');
    expect(other.getState().openFitted(fitted({ schedule: null }))).toBeNull();
    s = other.getState();
    expect([s.params.basis, s.params.stageCosts, s.custom?.fileName]).toEqual(['stage', '', '4 trace files']);
    expect(s.params.F).toBe(fittedParams(DEFAULT_PARAMS, fitted()).F);
  });

  it('Open in Gantt refuses what the schedule view cannot draw, with the reason, and changes nothing', () => {
    const store = createAppStore('?schedule=1f1b&ranks=4&microbatches=8');
    const before = store.getState().params;
    expect(store.getState().openFitted(fitted({ costs: { F: [1, 2, 3], comm: 0 } }))).toMatch(
      /costs file F must list 8 \(one per stage\) or 4 \(one per rank\) entries; got 3/,
    );
    expect(store.getState().openFitted(fitted({ microbatches: 1e9 }))).toMatch(/at most/);
    expect(store.getState().params).toBe(before);
  });
});
