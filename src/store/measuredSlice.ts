/**
 * A measured run (docs/measured.md §12): the step read from imported per-rank traces, the import
 * in progress, and "Open in Gantt". What is kept is the imported input — the per-rank ops and
 * comm actions on one clock (src/measured `MeasuredRun`) — never what is derived from it: the
 * recognised schedule, fitted costs, replay, idle split and critical path are recomputed from it
 * (app/measuredAnalysis.ts; the import worker hands over the ones it already computed).
 *
 * A link cannot carry the trace files: the URL says `page=measured` while the run is shown, and a
 * store made from such a link shows the schedule view with a warning (store/url.ts).
 */
import { resolveStageCosts, type CostsFile, type ScheduleName, type StageValues, type Topology } from '../engine/index.ts';
import type { MeasuredRun } from '../measured/index.ts';
import { draftsOf, type Params } from './params.ts';
import { formatTable } from './stageTable.ts';
import type { SliceCreator } from './types.ts';
import { evaluate } from './validate.ts';

export interface MeasuredImport {
  /** the imported files' names as the user gave them (display only, rendered as text) */
  files: string[];
  run: MeasuredRun;
}

/** The trace import running in the worker (app/traceImport.ts). */
export interface TraceImportProgress {
  /** what is being imported: "4 files", a folder's name */
  label: string;
  /** 0..1 */
  fraction: number;
  /** what the worker is doing, one phrase */
  stage: string;
}

/** What "Open in Gantt" loads into the schedule view. */
export interface FittedSchedule {
  /** the recognised built-in schedule, or null: the measured order itself, as an imported custom schedule */
  schedule: ScheduleName | null;
  ranks: number;
  microbatches: number;
  stagesPerRank: number;
  /** the measured stage placement, which the costs file's lists follow */
  topology: Topology;
  /** the measured order as torch compute_only CSV (interop exportTorchCsv), used when `schedule` is null */
  csv: string;
  /** the fitted costs, µs, as a costs file (docs/cli.md `--costs-file`) */
  costs: CostsFile;
  /** where the run came from (notice text) */
  source: string;
}

export interface MeasuredSlice {
  measured: MeasuredImport | null;
  traceImport: TraceImportProgress | null;
  /** shows a newly imported run on the measured page; clears the last import problem */
  showMeasured: (m: MeasuredImport) => void;
  /** forgets the run (back to the schedule page if it was shown) */
  clearMeasured: () => void;
  setTraceImport: (p: TraceImportProgress | null) => void;
  /**
   * Loads the fitted schedule into the schedule view (its parameters, costs in µs) and shows it;
   * returns the reason when the app cannot draw it (the parameters panel's own rules).
   */
  openFitted: (f: FittedSchedule) => string | null;
}

/**
 * The schedule view's parameters for a fitted schedule: shape, cost unit µs, and the fitted costs
 * per stage as they ran — the stage basis (docs/schedules.md §1.5) with the costs file's lists as
 * the cost table (store/stageTable.ts), so a run whose stages differ opens as a per-stage chart.
 * The scalar fields hold the engine's reduction of the file (resolveStageCosts: the median
 * stage's), what is left when `table` is false. A fit without I and W (1F1B-style steps run F and
 * B) splits B evenly into them on each stage, so B = I + W.
 */
export function fittedParams(current: Params, f: FittedSchedule, table = true): Params {
  const split = f.costs.I === undefined && f.costs.W === undefined;
  const half = (v: StageValues) => (Array.isArray(v) ? v.map((x) => x / 2) : v / 2);
  const file: CostsFile = { ...f.costs };
  if (split && file.B !== undefined) {
    file.I = half(file.B);
    file.W = half(file.B);
    delete file.B;
  }
  const c = resolveStageCosts(file, f.topology);
  const p: Params = { ...current, detailed: false, costUnit: 'us', basis: 'stage', comm: c.comm, FB: null, B: null };
  if (f.schedule) Object.assign(p, { schedule: f.schedule, ranks: f.ranks, microbatches: f.microbatches, stagesPerRank: f.stagesPerRank });
  Object.assign(p, { F: c.F, I: c.I, W: c.W, B: file.B === undefined ? null : c.B, FB: file.FB === undefined ? null : c.FB });
  const lists = stageLists(file);
  p.stageCosts = table && lists ? formatTable(lists) : '';
  return p;
}

/** The per-stage lists of a costs file (its table columns), or null when every kind is one number. */
function stageLists(file: CostsFile): CostsFile | null {
  const out: CostsFile = {};
  for (const k of ['F', 'I', 'W', 'B', 'FB'] as const) if (Array.isArray(file[k])) out[k] = file[k];
  return Object.keys(out).length ? out : null;
}

export const createMeasuredSlice: SliceCreator<MeasuredSlice> = (set, get) => ({
  measured: null,
  traceImport: null,
  showMeasured: (measured) => set({ measured, page: 'measured', importProblem: null }),
  clearMeasured: () => set({ measured: null, page: get().page === 'measured' ? 'schedule' : get().page }),
  setTraceImport: (traceImport) => set({ traceImport }),
  openFitted: (f) => {
    let params: Params;
    try {
      params = fittedParams(get().params, f);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    let next = evaluate(draftsOf(params));
    // the table is checked on the built-in schedule behind a custom order, whose stages may not be
    // the run's: the order is then drawn with the median stage's costs
    if (!next.params && f.schedule === null && next.errors.stageCosts) next = evaluate(draftsOf(fittedParams(get().params, f, false)));
    if (!next.params) return Object.values(next.errors)[0]?.message ?? 'the parameters do not run';
    get().applyParams(next.params);
    if (f.schedule === null) get().showCustom({ fileName: f.source, csv: f.csv });
    set({ page: 'schedule' });
    return null;
  },
});
