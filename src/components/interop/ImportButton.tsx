/**
 * "Import…" and "Folder…" in the chart toolbar (and on the measured page): file pickers (hidden
 * inputs). One file goes to app/importFile.ts; several files, or a folder (`webkitdirectory`), are
 * one measured step's per-rank traces (app/traceImport.ts) — the importers load on first use.
 * Dropping files or a folder on the chart does the same (ChartArea, hooks/useFileDrop.ts).
 */
import { memo, useRef } from 'react';
import { pickedFromFolderInput } from '../../app/droppedFiles.ts';
import { importPickedLazily } from '../../app/importLazy.ts';
import { useAppStore, useStoreApi } from '../../hooks/useAppStore.ts';

/** What the picker offers first; other files can still be chosen and are sniffed by content. */
const ACCEPT = '.csv,.json,.gz,.svg,.txt,text/csv,application/json,application/gzip,image/svg+xml';

// memo: the toolbar re-renders with every edit; React would rewrite the hidden inputs' attributes each time
export const ImportButton = memo(function ImportButton() {
  const store = useStoreApi();
  const busy = useAppStore((s) => s.importing !== null || s.traceImport !== null);
  const input = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        data-testid="import-button"
        disabled={busy}
        onClick={() => input.current?.click()}
        title="Import a PyTorch pipelining CSV (custom schedule), a pipescope project, SVG, trace or op table CSV (parameters) or a PyTorch profiler trace, .json or .json.gz (measured F&B pair); choose every rank's trace of one step together for a measured run — or drop the files on the chart"
      >
        Import…
      </button>
      <button
        type="button"
        data-testid="import-folder-button"
        disabled={busy}
        onClick={() => folder.current?.click()}
        title="Import a folder holding every rank's profiler trace of one step (.json or .json.gz) as a measured run"
      >
        Folder…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        multiple
        accept={ACCEPT}
        aria-label="Import files"
        data-testid="import-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          // cleared so that choosing the same file again (after editing it) fires a change
          e.target.value = '';
          if (files.length) void importPickedLazily(store, { files: files.map((file) => ({ file, listed: false })), folder: null });
        }}
      />
      <input
        ref={folder}
        type="file"
        hidden
        // React does not know the attribute; chromium, Firefox and Safari take it
        {...{ webkitdirectory: '' }}
        aria-label="Import a folder of traces"
        data-testid="import-folder-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length) void importPickedLazily(store, pickedFromFolderInput(files));
        }}
      />
    </>
  );
});
