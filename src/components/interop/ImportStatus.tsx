/**
 * Above the chart: the file being imported, the last import problem and, while an imported custom
 * schedule is drawn, where it came from and how to leave it. File names and messages come from
 * the user's file and are rendered as React text (escaped), never as markup.
 */
import './interop.css';
import { useAppStore } from '../../hooks/useAppStore.ts';
import type { EngineOk } from '../../pipeline/runEngine.ts';
import { scheduleLabel } from '../../store/params.ts';
import { TraceImportStatus } from '../measured/TraceImportStatus.tsx';

/** `custom`: show the imported custom schedule's banner (the schedule page; not the measured one). */
export function ImportStatus({ main, custom: withCustom = true }: { main: EngineOk | null; custom?: boolean }) {
  const importing = useAppStore((s) => s.importing);
  const problem = useAppStore((s) => s.importProblem);
  const dismiss = useAppStore((s) => s.reportImportProblem);
  const custom = useAppStore((s) => s.custom);
  const clearCustom = useAppStore((s) => s.clearCustom);
  const builtIn = useAppStore((s) => scheduleLabel(s.params.schedule));
  const shown = custom && main?.schedule === 'custom' ? main : null;
  return (
    <>
      {importing !== null ? (
        <p className="import-note" role="status" data-testid="importing">
          Reading {importing}…
        </p>
      ) : null}
      <TraceImportStatus />
      {problem ? (
        <div className="import-problem" role="alert" data-testid="import-problem">
          <p>
            <strong>Could not import {problem.fileName}:</strong> <span data-testid="import-message">{problem.message}</span>
            <span className="muted"> (the chart is unchanged)</span>
          </p>
          <button type="button" className="ghost" onClick={() => dismiss(null)} aria-label="Dismiss the import problem">
            Dismiss
          </button>
        </div>
      ) : null}
      {custom && withCustom ? (
        <div className="custom-banner" role="status" data-testid="custom-banner">
          <p>
            <strong>Custom schedule from {custom.fileName}</strong>
            {shown ? ` · P=${shown.layout.ranks} · M=${shown.layout.microbatches} · ${shown.layout.count.toLocaleString('en-US')} ops` : ''}
            <span className="muted">
              {' '}
              — simulated with the op costs of the parameters panel. Links cannot hold the file: the link (and a reload) shows the built-in{' '}
              {builtIn} underneath.
            </span>
          </p>
          <button type="button" onClick={clearCustom} data-testid="leave-custom">
            Back to {builtIn}
          </button>
        </div>
      ) : null}
    </>
  );
}
