/**
 * "Import…" (file picker and drop on the chart): one file in, one change of the store out.
 *   - pipescope project JSON, exported SVG or Chrome trace → its parameters (a custom one → its op
 *     order too); pipescope's op table CSV → its op order and op costs (a built-in schedule when
 *     the order is one);
 *   - a PNG (or other binary) → refused: it holds no parameters;
 *   - PyTorch pipelining CSV → a custom schedule, drawn instead of the built-in one;
 *   - PyTorch profiler (Kineto) trace, plain or gzip-compressed → the profiler view (measured F&B
 *     pair vs the model).
 * Several files, or a folder, are the per-rank traces of one measured step (app/traceImport.ts,
 * parsed in a worker) → the measured page.
 * The size is checked before the file is read (interop MAX_IMPORT_BYTES). Any problem — illegal
 * order, deadlock, unknown action, truncated JSON, too large — becomes `importProblem` (one
 * sentence, shown as text) and nothing else changes: the current view stays as it was.
 */
import { resolveCosts } from '../engine/index.ts';
import { getPreset } from '../engine/overlap/index.ts';
import { ImportError, checkImportSize, exportTorchCsv, fileText, importAny, stageCostsFile, type Project } from '../interop/index.ts';
import { formatTable } from '../store/stageTable.ts';
import type { AppStore } from '../store/index.ts';
import { TAKES_V, draftsOf, type Params } from '../store/params.ts';
import { UI_MAX_OPS, evaluate, plainCosts } from '../store/validate.ts';
import { importTraceFiles, type Picked } from './traceImport.ts';

/** What the importer needs of a File (tests pass plain objects). */
export interface FileLike {
  name: string;
  /** bytes */
  size: number;
  text(): Promise<string>;
  /** the bytes, when the caller has them (a File does): a gzip file is then decompressed */
  arrayBuffer?(): Promise<ArrayBuffer>;
}

/**
 * The app's parameters with a project's applied (shape, options, costs or overlap settings). A
 * project's costs are per stage as the engine ran them, so they come back in the stage basis with
 * their per-stage lists and memory as the cost table (the same timeline whatever basis made them).
 */
export function paramsFromProject(current: Params, project: Project): Params {
  const p: Params = { ...current };
  const pp = project.params;
  p.costUnit = project.costUnit ?? 'units';
  p.basis = 'stage';
  const table = stageCostsFile(project.costs);
  p.stageCosts = table ? formatTable(table) : '';
  if (pp.schedule !== 'custom') {
    Object.assign(p, { schedule: pp.schedule, ranks: pp.ranks, microbatches: pp.microbatches });
    // v is normalised in projects (1 for 1F1B, 2 for ZB-V...); only two schedules take it from the panel
    if (TAKES_V.has(pp.schedule)) p.stagesPerRank = pp.stagesPerRank;
    if (pp.seqSplits !== undefined) p.seqSplits = pp.seqSplits;
    if (pp.schedule === 'interleaved-1f1b-megatron') {
      p.groupSize = pp.groupSize ?? null;
      p.epOverlap = pp.epOverlap ?? false;
    }
    // a stage-basis limit is in A of a stage; v-auto's is in V-chunk forwards, which are stages
    if (typeof pp.memLimit === 'number') p.memLimit = pp.memLimit;
  }
  if (project.overlap) {
    const o = project.overlap;
    const m = getPreset(o.preset).model;
    // each stage's factor is its table F over the F field (pipeline/runEngine.ts stageScaleOf)
    if (o.stageScale) {
      p.F = 1;
      p.stageCosts = formatTable({ ...(table ?? {}), F: o.stageScale });
    }
    Object.assign(p, {
      detailed: true,
      hw: o.preset,
      commSms: o.commSms,
      layers: o.layers ?? m.layers.length,
      nvlink: o.nvlinkGBps ?? m.hardware.nvlinkGBps,
      ib: o.ibGBps ?? m.hardware.ibGBps,
    });
  } else {
    const c = project.costs;
    // B and FB at their defaults (I + W, F + B) stay "auto", as a hand-made link would have them
    Object.assign(p, {
      detailed: false,
      F: c.F,
      I: c.I,
      W: c.W,
      comm: c.comm,
      B: c.B === c.I + c.W ? null : c.B,
      FB: c.FB === c.F + c.B ? null : c.FB,
    });
  }
  return p;
}

function opCount(csv: string): number {
  return csv.split('\n').reduce((n, row) => n + (row === '' ? 0 : row.split(',').length), 0);
}

function tooLarge(ops: number): string | null {
  return ops > UI_MAX_OPS
    ? `the schedule has ${ops.toLocaleString('en-US')} ops; the app draws at most ${UI_MAX_OPS.toLocaleString('en-US')} (the CLI's "pipescope simulate --csv" takes more)`
    : null;
}

/** Applies an already-read file's text to the store (synchronous; tests call it directly). */
export function importText(store: AppStore, fileName: string, text: string): void {
  const s = store.getState();
  const fail = (message: string) => s.reportImportProblem({ fileName, message });
  try {
    const r = importAny(text, resolveCosts(plainCosts(s.params)));
    if (r.kind === 'profile') {
      s.showProfile({ fileName, profile: r.profile });
      return;
    }
    // a custom order is kept as normalised compute_only CSV text: the imported input, re-parsed on use
    const csv = r.kind === 'schedule' ? exportTorchCsv(r.schedule) : r.project.customCsv;
    const big = csv === undefined ? null : tooLarge(opCount(csv));
    if (big) return fail(big);
    if (r.kind === 'schedule') {
      s.showCustom({ fileName, csv: csv! });
      return;
    }
    const next = evaluate(draftsOf(paramsFromProject(s.params, r.project)));
    if (!next.params) return fail(`its parameters do not run here: ${Object.values(next.errors)[0]?.message ?? 'invalid'}`);
    s.applyParams(next.params);
    if (csv !== undefined) store.getState().showCustom({ fileName, csv });
    else store.getState().reportImportProblem(null);
    const from = r.kind === 'project' && r.from ? ` (${r.from})` : '';
    const note = r.kind === 'project' && r.note ? `; ${r.note}` : '';
    store.getState().notify(`Parameters restored from ${fileName}${from}${note}`);
  } catch (e) {
    if (e instanceof ImportError) return fail(e.message);
    // an importer bug must not take the view down either; say what happened, keep the view
    fail(`it could not be read (${e instanceof Error ? e.message : String(e)})`.slice(0, 300));
  }
}

/** Reads and imports a File; size first, so a 50 MB trace is never read. */
export async function importFile(store: AppStore, file: FileLike): Promise<void> {
  const s = store.getState();
  const fileName = file.name || 'the file';
  try {
    checkImportSize(file.size, 'the file');
  } catch (e) {
    s.reportImportProblem({ fileName, message: (e as Error).message });
    return;
  }
  s.setImporting(fileName);
  try {
    const text = file.arrayBuffer ? await fileText(new Uint8Array(await file.arrayBuffer()), 'the file') : await file.text();
    importText(store, fileName, text);
  } catch (e) {
    if (e instanceof ImportError) {
      s.reportImportProblem({ fileName, message: e.message });
      return;
    }
    s.reportImportProblem({ fileName, message: `it could not be read (${e instanceof Error ? e.message : String(e)})`.slice(0, 300) });
  } finally {
    store.getState().setImporting(null);
  }
}

/**
 * The Import button's and the drop target's entry: one file goes the single-file way above;
 * several files or a folder are one measured step's traces (app/traceImport.ts).
 */
export function importPicked(store: AppStore, picked: Picked): Promise<void> {
  if (picked.folder === null && picked.files.length === 1 && !picked.problem) return importFile(store, picked.files[0].file);
  return importTraceFiles(store, picked);
}
