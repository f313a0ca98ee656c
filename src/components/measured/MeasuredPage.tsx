/**
 * The "Measured run" page (docs/measured.md §12): per-rank traces of one real step beside their
 * replay. What the step is (P, M, stages, files) and which built-in schedule ran — or the closest
 * one and the first op where it departs, outlined in the chart; the two charts on one time axis
 * (MeasuredCharts); where each rank's idle time went (IdleBars); the critical path; the fitted
 * costs with their spread and export (FittedCosts); "Open in Gantt", which loads the recognised
 * schedule (or the measured order) with the fitted costs into the schedule view (store
 * `openFitted`). Everything is derived from the stored run (app/measuredAnalysis.ts); file names
 * and notes come from the user's files and are rendered as text. Files or a folder dropped on the
 * page are imported as on the schedule view.
 */
import './measured.css';
import { useMemo, useState } from 'react';
import { analysisOf } from '../../app/measuredAnalysis.ts';
import { importPickedLazily } from '../../app/importLazy.ts';
import { useAppStore, useStoreApi } from '../../hooks/useAppStore.ts';
import { useFileDrop } from '../../hooks/useFileDrop.ts';
import { exportTorchCsv } from '../../interop/index.ts';
import { compareOps, criticalOps, fittedCostsFile, type TraceAnalysis } from '../../measured/index.ts';
import { getPalette, type ThemeName } from '../../render/palette.ts';
import { MICROSECONDS_AS_MS, formatTime } from '../../render/scales.ts';
import type { MeasuredImport } from '../../store/index.ts';
import { scheduleLabel } from '../../store/params.ts';
import { ImportButton } from '../interop/ImportButton.tsx';
import { ImportStatus } from '../interop/ImportStatus.tsx';
import { FittedCosts } from './FittedCosts.tsx';
import { IdleBars } from './IdleBars.tsx';
import { MeasuredCharts } from './MeasuredCharts.tsx';
import { sideBySide } from './sideBySide.ts';

const ms = (t: number) => formatTime(t, MICROSECONDS_AS_MS);

export function MeasuredPage({ theme }: { theme: ThemeName }) {
  const measured = useAppStore((s) => s.measured);
  const store = useStoreApi();
  const drop = useFileDrop((picked) => void importPickedLazily(store, picked));
  return (
    <main className={`measured-page${drop.over ? ' drop-target' : ''}`} data-testid="measured-page" {...drop.handlers}>
      <ImportStatus main={null} custom={false} />
      {measured ? <MeasuredRun measured={measured} theme={theme} /> : null}
      {drop.over ? (
        <div className="drop-hint" aria-hidden="true">
          Drop every rank’s trace of one step (or their folder) to replace this run
        </div>
      ) : null}
    </main>
  );
}

function MeasuredRun({ measured, theme }: { measured: MeasuredImport; theme: ThemeName }) {
  const a = useMemo(() => analysisOf(measured.run), [measured.run]);
  const compared = useMemo(() => compareOps(a), [a]);
  const sbs = useMemo(() => sideBySide(a, compared), [a, compared]);
  const critical = useMemo(() => criticalOps(a), [a]);
  const palette = getPalette(
    useAppStore((s) => s.palette),
    theme,
  );
  return (
    <>
      <Summary a={a} />
      <MeasuredCharts a={a} sbs={sbs} critical={critical} palette={palette} />
      <div className="measured-panels">
        <IdleBars a={a} />
        <FittedCosts a={a} />
        <section className="measured-card" aria-labelledby="critical-title" data-testid="critical-summary">
          <h3 id="critical-title">Critical path</h3>
          <p className="small">
            {critical.length} ops from {a.critical.steps[0]?.action ?? '—'} on r{a.critical.steps[0]?.rank ?? 0} to{' '}
            {a.critical.steps[a.critical.steps.length - 1]?.action ?? '—'}: computing {ms(a.critical.computeMs * 1000)}, waiting for inputs
            from other ranks {ms(a.critical.waitMs * 1000)} of the measured {ms(a.run.makespan)}. Outlined in the measured chart; an arrow
            marks each op that waited for another rank’s output.
          </p>
        </section>
        {a.notes.length ? (
          <section className="measured-card" aria-labelledby="notes-title" data-testid="measured-notes">
            <h3 id="notes-title">Notes</h3>
            <ul className="small">
              {a.notes.map((n, k) => (
                <li key={k}>{n}</li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </>
  );
}

function Summary({ a }: { a: TraceAnalysis }) {
  const store = useStoreApi();
  const [problem, setProblem] = useState<string | null>(null);
  const rec = a.recognized;
  // the traces read (a folder's other JSON, like meta.json, is skipped with a note)
  const files = a.run.files.length === 1 ? a.run.files[0] : `${a.run.files.length} trace files`;
  const open = () => {
    const reason = store.getState().openFitted({
      schedule: rec.schedule,
      ranks: a.run.ranks,
      microbatches: a.run.microbatches,
      stagesPerRank: rec.stagesPerRank,
      topology: a.run.order.topology,
      csv: exportTorchCsv(a.run.order),
      costs: fittedCostsFile(a),
      source: files,
    });
    setProblem(reason);
    if (!reason)
      store
        .getState()
        .notify(
          rec.schedule
            ? `${scheduleLabel(rec.schedule)} with the costs fitted from ${files} (µs)`
            : `The measured order of ${files} as a custom schedule, with the fitted costs (µs)`,
        );
  };
  return (
    <header className="measured-head">
      <div className="measured-title">
        <h2>
          Measured run <span className="muted">· {a.run.format === 'torch-profiler' ? 'PyTorch profiler' : 'Megatron PP timer'}</span>
        </h2>
        <p className="muted small" data-testid="measured-shape">
          P={a.run.ranks} · M={a.run.microbatches} · {a.run.stages} stages placed {JSON.stringify(a.run.rankStages)} · from {files}
          {a.run.clock.shared ? ' · one clock' : ' · clocks aligned by the send/receive pairs'}
        </p>
        <p className="recognised" data-testid="recognised" role="status">
          {rec.matches && rec.schedule ? (
            <>
              Recognised: <strong>{scheduleLabel(rec.schedule)}</strong> ({rec.schedule}, v={rec.stagesPerRank}) — every rank’s op order is
              the built-in schedule’s.
            </>
          ) : rec.closest ? (
            <>
              <strong>No built-in schedule</strong> runs this order. Closest: {scheduleLabel(rec.closest.schedule)} (
              {rec.closest.agreeingOps} of {rec.closest.totalOps} ops agree before each rank’s first difference); it first differs at rank{' '}
              {rec.closest.firstDifference.rank} op #{rec.closest.firstDifference.index}: expected{' '}
              {rec.closest.firstDifference.expected ?? 'the end of the order'}, measured{' '}
              {rec.closest.firstDifference.measured ?? 'the end of the order'} (dashed in the chart).
            </>
          ) : (
            <>
              <strong>Not recognised</strong>: {rec.reason ?? 'no built-in schedule runs this shape'}.
            </>
          )}
        </p>
      </div>
      <div className="measured-actions" role="group" aria-label="Measured run actions">
        <button
          type="button"
          data-testid="open-in-gantt"
          onClick={open}
          title="Show this schedule in the schedule view with the fitted costs (µs): the recognised built-in schedule, or the measured order as a custom schedule"
        >
          Open in Gantt
        </button>
        <ImportButton />
        <button type="button" className="ghost" onClick={() => store.getState().clearMeasured()} data-testid="close-measured">
          Close run
        </button>
      </div>
      {problem ? (
        <p className="error" role="alert" data-testid="open-problem">
          Cannot open it in the schedule view: {problem}
        </p>
      ) : null}
    </header>
  );
}
