/**
 * Several files or a folder → a measured run (docs/measured.md §12). On the main thread only what
 * is cheap: the size of each file before it is read (MAX_TRACE_BYTES, as the CLI), reading the
 * bytes; the worker (traceClient.ts) gunzips, parses, recognises, fits and replays. Progress goes
 * to the store's `traceImport`, which the import status shows with a Cancel button. The outcome
 * changes the store once: the run on the measured page, or `importProblem` (the worker's one
 * sentence) with the current view left as it was. A cancelled import, or one replaced by a newer
 * import, changes nothing.
 */
import { MAX_TRACE_BYTES } from '../measured/index.ts';
import type { AppStore } from '../store/index.ts';
import type { FileLike } from './importFile.ts';
import { rememberAnalysis } from './measuredAnalysis.ts';
import { cancelTraceImport, setTraceCancel } from './traceCancel.ts';
import { runTraceImport, type RunningImport, type TraceWorkerLike } from './traceClient.ts';
import type { TraceFileBytes } from './traceProtocol.ts';

/** A chosen or dropped file; `listed` when it came from listing a folder. */
export interface PickedFile {
  file: FileLike;
  listed: boolean;
}

export interface Picked {
  files: PickedFile[];
  /** the folder's name when a folder was chosen or dropped */
  folder: string | null;
  /** why the browser could not hand over the files (a folder it would not list), one sentence */
  problem?: string;
}

/** What a folder contributes (as the CLI's `trace import FOLDER`). */
export const TRACE_NAME = /\.json(\.gz)?$/i;

let generation = 0;

async function bytesOf(file: FileLike): Promise<ArrayBuffer> {
  if (file.arrayBuffer) return file.arrayBuffer();
  const encoded = new TextEncoder().encode(await file.text());
  return encoded.buffer.slice(encoded.byteOffset, encoded.byteOffset + encoded.byteLength) as ArrayBuffer;
}

export function pickedLabel(p: Picked): string {
  return p.folder !== null ? `${p.folder}/` : p.files.length === 1 ? p.files[0].file.name : `${p.files.length} files`;
}

/** Imports the picked files as one measured step; resolves when the store has its answer. */
export async function importTraceFiles(store: AppStore, picked: Picked, factory?: () => TraceWorkerLike): Promise<void> {
  const label = pickedLabel(picked);
  const fail = (message: string) => store.getState().reportImportProblem({ fileName: label, message });
  if (picked.problem) return fail(picked.problem);
  const files = picked.files.filter((f) => !f.listed || TRACE_NAME.test(f.file.name));
  if (files.length === 0) return fail(picked.folder !== null ? 'the folder has no .json or .json.gz files' : 'no files were given');
  const big = files.find((f) => f.file.size > MAX_TRACE_BYTES);
  if (big)
    return fail(
      `${big.file.name} is ${(big.file.size / 1e6).toFixed(1)} MB; the trace import limit is ${MAX_TRACE_BYTES / 1e6} MB (export one step per file, or trim the trace)`,
    );

  // a newer import replaces a running one
  cancelTraceImport();
  const mine = ++generation;
  const current = () => mine === generation;
  let running: RunningImport | null = null;
  const progress = (fraction: number, stage: string) => {
    if (current()) store.getState().setTraceImport({ label, fraction, stage });
  };
  const cancel = () => {
    if (!current()) return;
    generation++;
    running?.cancel();
    store.getState().setTraceImport(null);
    setTraceCancel(null);
  };
  setTraceCancel(cancel);
  progress(0, `reading ${files.length} file${files.length === 1 ? '' : 's'}`);
  try {
    const bytes: TraceFileBytes[] = [];
    for (const f of files) {
      bytes.push({ name: f.file.name, bytes: await bytesOf(f.file), listed: f.listed });
      if (!current()) return;
    }
    running = runTraceImport(bytes, progress, factory);
    const outcome = await running;
    if (!current()) return;
    if (outcome.status === 'done') {
      rememberAnalysis(outcome.analysis);
      store.getState().showMeasured({ files: files.map((f) => f.file.name), run: outcome.analysis.run });
    } else if (outcome.status === 'error') fail(outcome.message);
  } catch (e) {
    if (current()) fail(`the files could not be read (${e instanceof Error ? e.message : String(e)})`.slice(0, 300));
  } finally {
    if (current()) {
      store.getState().setTraceImport(null);
      setTraceCancel(null);
    }
  }
}
