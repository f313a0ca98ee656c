/**
 * The sweep's status line: progress while rows stream in (configurations done of all, time so far),
 * Cancel / Run, what blocks a run, and the CSV export of the rows the filters keep — the columns of
 * `pipescope sweep` (pipeline/sweepTable.ts), so a file from the page and one from the CLI compare.
 */
import { downloadText } from '../../app/download.ts';
import type { ExplorePlot } from '../../pipeline/explorePlot.ts';
import { sweepCsv } from '../../pipeline/sweepTable.ts';
import type { ExploreRun } from './controller.ts';
import { useExploreController } from './useExploreRun.ts';

const n = (x: number) => x.toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

function statusText(run: ExploreRun, plot: ExplorePlot): string {
  const total = run.points.length;
  switch (run.status) {
    case 'idle':
      return 'Choose the ranges to sweep.';
    case 'blocked':
      return run.blocked ?? '';
    case 'running':
      return `Sweeping… ${n(run.done)} of ${n(total)} configurations (${secs(run.wallMs)})`;
    case 'cancelled':
      return `Cancelled after ${n(run.done)} of ${n(total)} configurations; press Run to sweep them all.`;
    case 'error':
      return `The sweep failed: ${run.error}`;
    default:
      return `${n(total)} configurations in ${secs(run.wallMs)}: ${n(plot.counts.valid)} run, ${n(plot.counts.invalid)} do not${
        !plot.hbm || plot.counts.valid === 0
          ? ''
          : plot.counts.overHbm === 0
            ? `; all that run fit in ${plot.hbm.gb} GB`
            : `; ${n(plot.counts.overHbm)} of those that run need more than ${plot.hbm.gb} GB`
      }.`;
  }
}

export function RunBar({ run, plot }: { run: ExploreRun; plot: ExplorePlot }) {
  const controller = useExploreController();
  const running = run.status === 'running';
  const exportCsv = () => downloadText(sweepCsv(plot.rows, run.model !== null), 'pipescope-sweep.csv', 'text/csv');
  return (
    <div className="ex-runbar" data-testid="explore-status" data-status={run.status}>
      <span className="ex-status" role="status" aria-live="polite">
        {statusText(run, plot)}
      </span>
      {running ? (
        <progress max={run.points.length} value={run.done} aria-label="Sweep progress">
          {run.done}
        </progress>
      ) : null}
      <span className="spacer" />
      {running ? (
        <button type="button" data-testid="explore-cancel" onClick={() => controller.cancel()}>
          Cancel
        </button>
      ) : (
        <button type="button" data-testid="explore-run" disabled={run.status === 'blocked'} onClick={() => controller.start()}>
          Run
        </button>
      )}
      <button
        type="button"
        data-testid="explore-csv"
        disabled={plot.rows.length === 0}
        onClick={exportCsv}
        title="Download the rows the filters keep, with the columns of pipescope sweep"
      >
        Export CSV ({n(plot.rows.length)} rows)
      </button>
    </div>
  );
}
