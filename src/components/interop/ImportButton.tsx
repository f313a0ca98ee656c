/**
 * "Import…" in the chart toolbar: a button that opens the file picker (a hidden file input).
 * The file goes to app/importFile.ts (loaded on first use); dropping a file on the chart does the same (ChartArea).
 */
import { useRef } from 'react';
import { importLazily } from '../../app/importLazy.ts';
import { useAppStore, useStoreApi } from '../../hooks/useAppStore.ts';

/** What the picker offers first; other files can still be chosen and are sniffed by content. */
const ACCEPT = '.csv,.json,.gz,.svg,.txt,text/csv,application/json,application/gzip,image/svg+xml';

export function ImportButton() {
  const store = useStoreApi();
  const importing = useAppStore((s) => s.importing);
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        data-testid="import-button"
        disabled={importing !== null}
        onClick={() => input.current?.click()}
        title="Import a PyTorch pipelining CSV (custom schedule), a pipescope project, SVG, trace or op table CSV (parameters) or a PyTorch profiler trace, .json or .json.gz (measured F&B pair) — or drop the file on the chart"
      >
        Import…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        accept={ACCEPT}
        aria-label="Import a file"
        data-testid="import-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          // cleared so that choosing the same file again (after editing it) fires a change
          e.target.value = '';
          if (file) void importLazily(store, file);
        }}
      />
    </>
  );
}
