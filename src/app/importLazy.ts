/**
 * The Import button and the chart's drop target load the importers (interop: project, torch
 * CSV, Kineto parsers, the trace import's client) on first use, so they stay off the page's first
 * load; importFile.ts does the work. A chunk that fails to load (offline after a deploy) is reported like a bad file.
 */
import type { AppStore } from '../store/index.ts';
import type { FileLike } from './importFile.ts';
import type { Picked } from './traceImport.ts';

export function importLazily(store: AppStore, file: FileLike): Promise<void> {
  return import('./importFile.ts').then(
    (m) => m.importFile(store, file),
    (e: unknown) =>
      store.getState().reportImportProblem({
        fileName: file.name,
        message: `the importer could not be loaded (${e instanceof Error ? e.message : String(e)})`,
      }),
  );
}

/** Several files or a folder (or one file): importFile.ts `importPicked`. */
export function importPickedLazily(store: AppStore, picked: Picked): Promise<void> {
  return import('./importFile.ts').then(
    (m) => m.importPicked(store, picked),
    (e: unknown) =>
      store.getState().reportImportProblem({
        fileName: picked.folder ?? picked.files.map((f) => f.file.name).join(', '),
        message: `the importer could not be loaded (${e instanceof Error ? e.message : String(e)})`,
      }),
  );
}
