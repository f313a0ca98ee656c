/**
 * Under the Explore scatter: the filters and legend (which swept schedules are drawn, frontier
 * only, valid rows only), the Pareto frontier as a table (each configuration with an Open button:
 * the keyboard path to the Gantt chart), and the combinations that do not run with the engine's
 * reason for each.
 */
import { useState } from 'react';
import { useAppStore } from '../../hooks/useAppStore.ts';
import type { YMetric } from '../../pipeline/exploreInputs.ts';
import type { ExplorePlot, PlotPoint } from '../../pipeline/explorePlot.ts';
import type { SweepRow } from '../../pipeline/sweep.ts';
import { getPalette, type ThemeName } from '../../render/palette.ts';
import { SCHEDULE_LABELS } from '../../store/params.ts';
import { configText, num } from './describePoint.ts';
import { markOf, markerPath } from './marks.ts';

/** Most rows of invalid combinations listed (the CSV export has them all). */
const MAX_LISTED = 300;

export function Filters({ plot, rows, theme }: { plot: ExplorePlot; rows: readonly (SweepRow | undefined)[]; theme: ThemeName }) {
  const explore = useAppStore((s) => s.explore);
  const setFilter = useAppStore((s) => s.setExploreFilter);
  const palette = getPalette(
    useAppStore((s) => s.palette),
    theme,
  );
  const counts = new Map<string, { valid: number; all: number }>();
  for (const r of rows) {
    if (!r) continue;
    const c = counts.get(r.schedule) ?? { valid: 0, all: 0 };
    c.all++;
    if (r.valid) c.valid++;
    counts.set(r.schedule, c);
  }
  const hidden = new Set(explore.hidden);
  return (
    <div className="ex-filters" role="group" aria-label="Filters">
      {explore.schedules.map((s) => {
        const m = markOf(s, palette);
        const c = counts.get(s);
        return (
          <label key={s} className="ex-legend-item" title={SCHEDULE_LABELS[s]}>
            <input
              type="checkbox"
              checked={!hidden.has(s)}
              onChange={(e) => setFilter({ hidden: e.target.checked ? explore.hidden.filter((h) => h !== s) : [...explore.hidden, s] })}
            />
            <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
              <path d={markerPath(m.shape, 6, 6, 4.2)} fill={m.colour} stroke="currentColor" strokeOpacity={0.55} strokeWidth={0.8} />
            </svg>
            <span>{s}</span>
            {c ? <span className="muted small">{`${c.valid}/${c.all}`}</span> : null}
          </label>
        );
      })}
      <span className="ex-filter-sep" aria-hidden="true" />
      <label className="ex-legend-item">
        <input type="checkbox" checked={explore.frontierOnly} onChange={(e) => setFilter({ frontierOnly: e.target.checked })} />
        <span>frontier only</span>
      </label>
      <label className="ex-legend-item">
        <input type="checkbox" checked={explore.validOnly} onChange={(e) => setFilter({ validOnly: e.target.checked })} />
        <span>valid only</span>
      </label>
      <label className="ex-legend-item">
        <span>y axis</span>
        <select value={explore.y} onChange={(e) => setFilter({ y: e.target.value as YMetric })} aria-label="y axis">
          <option value="perMicrobatch">{plot.hbm ? 'step time ÷ M' : 'time per micro-batch (makespan ÷ M)'}</option>
          <option value="makespan">step time{plot.hbm ? '' : ' (makespan)'}</option>
        </select>
      </label>
      <span className="muted small">
        {plot.points.length.toLocaleString('en-US')} points shown, {plot.frontier.length} on the frontier
      </span>
    </div>
  );
}

export function FrontierTable({ plot, onOpen }: { plot: ExplorePlot; onOpen: (p: PlotPoint) => void }) {
  if (plot.frontier.length === 0) return null;
  return (
    <section className="ex-table-wrap" aria-label="Pareto frontier">
      <h2 className="ex-h2">
        Pareto frontier <span className="muted">(no other configuration has both less memory and a shorter step)</span>
      </h2>
      <table className="ex-table" data-testid="frontier-table">
        <thead>
          <tr>
            <th>schedule</th>
            <th>configuration</th>
            <th className="num">
              {plot.hbm ? 'peak memory' : 'peak activations'} ({plot.x.unit})
            </th>
            <th className="num">
              {plot.hbm ? 'step time' : 'makespan'} ({plot.y.unit})
            </th>
            <th className="num">per micro-batch ({plot.y.unit})</th>
            <th className="num">bubble ratio</th>
            {plot.hbm ? <th className="num">MFU</th> : null}
            <th />
          </tr>
        </thead>
        <tbody>
          {plot.frontier.map((p) => (
            <tr key={p.index}>
              <td>{p.row.schedule}</td>
              <td>{configText(p.row)}</td>
              <td className="num">{num(p.x, plot.hbm ? 1 : 3)}</td>
              <td className="num">{num((p.row.makespan ?? 0) * plot.yFactor)}</td>
              <td className="num">{num(((p.row.makespan ?? 0) * plot.yFactor) / p.row.microbatches)}</td>
              <td className="num">{num((p.row.bubbleRatio ?? 0) * 100, 1)} %</td>
              {plot.hbm ? <td className="num">{num((p.row.mfu ?? 0) * 100, 1)} %</td> : null}
              <td>
                <button
                  type="button"
                  className="ex-open"
                  onClick={() => onOpen(p)}
                  aria-label={`Open ${p.row.schedule} ${configText(p.row)} in the Gantt chart`}
                >
                  Open
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** `onOpen`: draws a row that ran but needs more than the HBM (the keyboard's way to it when no point fits). */
export function InvalidList({ plot, validOnly, onOpen }: { plot: ExplorePlot; validOnly: boolean; onOpen: (row: SweepRow) => void }) {
  // the table is built only while open: hundreds of rows re-rendered on every streamed batch
  // would cost the page its frames
  const [open, setOpen] = useState(false);
  if (plot.invalid.length === 0 || validOnly) return null;
  const shown = open ? plot.invalid.slice(0, MAX_LISTED) : [];
  return (
    <details className="ex-table-wrap ex-invalid" data-testid="explore-invalid" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="ex-h2">
        {plot.invalid.length.toLocaleString('en-US')} combination{plot.invalid.length === 1 ? '' : 's'}{' '}
        {plot.invalid.length === 1
          ? plot.hbm
            ? 'does not run, cannot be laid out or does not fit'
            : 'does not run'
          : plot.hbm
            ? 'do not run, cannot be laid out or do not fit'
            : 'do not run'}{' '}
        <span className="muted">({plot.hbm ? "the engine's, the planner's or the memory's reason" : "the engine's reason"} for each)</span>
      </summary>
      <table className="ex-table">
        <thead>
          <tr>
            <th>schedule</th>
            <th>configuration</th>
            <th>reason</th>
            {plot.counts.overHbm > 0 ? <th /> : null}
          </tr>
        </thead>
        <tbody>
          {shown.map((r, k) => (
            <tr key={k}>
              <td>{r.schedule}</td>
              <td>{configText(r)}</td>
              <td className="ex-reason">{r.reason}</td>
              {plot.counts.overHbm > 0 ? (
                <td>
                  {r.valid ? (
                    <button
                      type="button"
                      className="ex-open"
                      onClick={() => onOpen(r)}
                      aria-label={`Open ${r.schedule} ${configText(r)} in the Gantt chart`}
                    >
                      Open
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {open && plot.invalid.length > MAX_LISTED ? (
        <p className="muted small">
          The first {MAX_LISTED} of {plot.invalid.length.toLocaleString('en-US')} are listed; Export CSV has them all.
        </p>
      ) : null}
    </details>
  );
}
