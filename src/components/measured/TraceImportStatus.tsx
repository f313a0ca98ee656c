/**
 * A trace import in progress (app/traceImport.ts): what the worker is doing, how far it is, and
 * Cancel, which leaves everything as it was before the import. The label is the user's file or
 * folder name, rendered as text. While the worker parses, the measured page's code is fetched,
 * so the page draws as soon as the run arrives.
 */
import { useEffect } from 'react';
import { cancelTraceImport } from '../../app/traceCancel.ts';
import { useAppStore } from '../../hooks/useAppStore.ts';
import { loadMeasuredPage } from './pageLoader.ts';

export function TraceImportStatus() {
  const p = useAppStore((s) => s.traceImport);
  const running = p !== null;
  useEffect(() => {
    // a failed fetch is retried when the page is shown, and reported there
    if (running) loadMeasuredPage().catch(() => {});
  }, [running]);
  if (!p) return null;
  const pct = Math.round(p.fraction * 100);
  return (
    <div className="import-note trace-import" role="status" data-testid="trace-import">
      <span>
        Importing {p.label}: {p.stage}…
      </span>
      <progress max={100} value={pct} aria-label={`trace import ${pct}%`} />
      <button type="button" className="ghost" onClick={cancelTraceImport} data-testid="trace-import-cancel">
        Cancel
      </button>
    </div>
  );
}
