/**
 * Metrics of the main schedule and, side by side, of the comparison: makespan (and, comparing, Δ
 * makespan and speed-up against the main schedule), idle GPU-time over the whole step, the
 * simulated per-rank bubble beside the papers' closed form (with when the formula is exact), bubble
 * ratio, memory, the detailed mode's exposed communication, and a per-rank table. Each number has
 * its definition under its label, on screen; values carry their units.
 */
import { memo } from 'react';
import { getPreset } from '../engine/overlap/index.ts';
import { formatMemory, memoryUnitOf } from '../pipeline/memoryLimit.ts';
import type { EngineOk } from '../pipeline/runEngine.ts';
import { formatTime } from '../render/scales.ts';
import { scheduleLabel } from '../store/params.ts';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
/** An activation amount in the result's unit (pipeline/memoryLimit.ts): GB with model costs, else A. */
const amount = (r: EngineOk, v: number) => formatMemory(v, memoryUnitOf(r));
const max = (xs: number[]) => Math.max(0, ...xs);

interface Row {
  id: string;
  label: string;
  /** the value in column k; `main` is column 0 (comparison rows measure against it) */
  value: (r: EngineOk, main: EngineOk, k: number) => string;
  /** what the number is, short enough to sit under its label */
  def: string;
}

const ROWS: Row[] = [
  { id: 'makespan', label: 'Makespan', value: (r) => formatTime(r.metrics.makespan, r.units), def: 'end of the last op' },
  {
    id: 'idle-gpu',
    label: 'Idle GPU-time',
    value: (r) => pct(r.metrics.idleRatio),
    def: '1 − busy ÷ (P × makespan)',
  },
  {
    id: 'bubble',
    label: 'Bubble, simulated',
    value: (r) => formatTime(max(r.metrics.bubble), r.units),
    def: "max idle inside each rank's own span",
  },
  {
    id: 'closed-form',
    label: 'Bubble, closed form',
    value: (r) => (r.closed ? `${r.closed.formula} = ${formatTime(r.closed.value, r.units)}` : 'none published'),
    def: "papers' formula, equal op costs",
  },
  {
    id: 'bubble-ratio',
    label: 'Bubble ratio',
    value: (r) => pct(r.metrics.bubbleRatio),
    def: 'max bubble ÷ makespan',
  },
  {
    id: 'peak-activations',
    label: 'Peak activations',
    value: (r) => amount(r, max(r.metrics.peakActivations)),
    def: "A = 1 micro-batch × the cost basis (a rank's share, or a stage); GB with model costs",
  },
  {
    id: 'params-per-rank',
    label: 'Parameters per rank',
    value: (r) => `${Number(max(r.metrics.paramsPerRank).toPrecision(6))} ${r.params.basis === 'share' ? 'share(s)' : 'part(s)'}`,
    def: 'weights it holds: shares of the model (1/P) or model parts, as the cost basis',
  },
];

/** Signed with a real minus, "0" for no change. */
const signed = (x: number, text: (v: number) => string) => (x > 0 ? `+${text(x)}` : x < 0 ? `−${text(-x)}` : text(0));

const COMPARE_ROWS: Row[] = [
  {
    id: 'delta-makespan',
    label: 'Δ makespan',
    value: (r, main, k) => {
      if (k === 0) return '—';
      const d = r.metrics.makespan - main.metrics.makespan;
      const rel = main.metrics.makespan > 0 ? d / main.metrics.makespan : 0;
      return `${signed(d, (v) => formatTime(v, r.units))} (${signed(rel, pct)})`;
    },
    def: 'compared − main',
  },
  {
    id: 'speed-up',
    label: 'Speed-up',
    value: (r, main, k) => (k === 0 || !(r.metrics.makespan > 0) ? '—' : `${(main.metrics.makespan / r.metrics.makespan).toFixed(2)}×`),
    def: 'main ÷ compared makespan',
  },
];

const DETAIL_ROWS: Row[] = [
  {
    id: 'exposed-comm',
    label: 'Exposed comm (max rank)',
    value: (r) => formatTime(max(r.layout.detail!.rankMetrics.map((m) => m.exposedComm)), r.units),
    def: 'compute waits for all-to-all',
  },
  {
    id: 'comm-busy',
    label: 'All-to-all busy (max rank)',
    value: (r) => formatTime(max(r.layout.detail!.rankMetrics.map((m) => m.commBusy)), r.units),
    def: 'comm stream moving tokens',
  },
  {
    id: 'fb-span',
    label: 'F&B pair span',
    value: (r) => formatTime(r.detail!.costs.FB, r.units),
    def: 'overlapped pair, two-stream DAG',
  },
  {
    id: 'sm-split',
    label: 'SM split',
    value: (r) => `${r.detail!.commSms} of ${getPreset(r.params.hw).model.hardware.sms} SMs on comm`,
    def: 'the rest run compute',
  },
];

// memo: the workspace re-renders with every edit, the panel only when its (deferred) results do
export const MetricsPanel = memo(function MetricsPanel({ main, compare }: { main: EngineOk; compare: EngineOk | null }) {
  const cols = compare ? [main, compare] : [main];
  const rows = [...ROWS.slice(0, 1), ...(compare ? COMPARE_ROWS : []), ...ROWS.slice(1), ...(main.detail ? DETAIL_ROWS : [])];
  // where the per-rank bubble reads much lower than the idle time, say what it leaves out
  const hidden = cols.find((r) => r.metrics.idleRatio - r.metrics.bubbleRatio > 0.005);
  const spanNote = hidden
    ? `${scheduleLabel(hidden.schedule)}: bubble ratio ${pct(hidden.metrics.bubbleRatio)} but idle GPU-time ${pct(hidden.metrics.idleRatio)} — the bubble counts idle time inside each rank's span only; ranks also wait before their first op and after their last.`
    : null;
  const closedNote = cols.filter((r) => r.closed).map((r) => `${scheduleLabel(r.schedule)}: exact when ${r.closed!.exactWhen}`);
  return (
    <div className="metrics" data-testid="metrics">
      <table className="summary">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">metric</span>
            </th>
            {cols.map((r, k) => (
              <th scope="col" key={k} data-testid={`metrics-col-${k}`}>
                {scheduleLabel(r.schedule)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                {row.label}
                <span className="metric-def" data-metric-def={row.id}>
                  {row.def}
                </span>
              </th>
              {cols.map((r, k) => (
                <td key={k} data-metric={row.id} data-col={k}>
                  {row.value(r, main, k)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {spanNote ? (
        <p className="note" data-testid="idle-note">
          {spanNote}
        </p>
      ) : null}
      {closedNote.length ? (
        <p className="note">Closed forms: {closedNote.join('; ')}. Otherwise the simulated value is the answer.</p>
      ) : null}
      {cols
        .flatMap((r) => r.notes)
        .map((n) => (
          <p className="note" key={n}>
            Note: {n}
          </p>
        ))}
      {main.detail ? <DerivedCosts main={main} /> : null}
      <RankTable cols={cols} />
      <p className="muted small">
        engine {main.ms.toFixed(1)} ms · {main.layout.count.toLocaleString('en-US')} ops
      </p>
    </div>
  );
});

function DerivedCosts({ main }: { main: EngineOk }) {
  const c = main.detail!.costs;
  return (
    <details className="derived">
      <summary>Op costs from the overlap model</summary>
      <table>
        <tbody>
          {(['F', 'I', 'W', 'B', 'FB', 'comm'] as const).map((k) => (
            <tr key={k}>
              <th scope="row">{k === 'FB' ? 'F&B' : k === 'comm' ? 'PP send' : k}</th>
              <td data-cost={k}>{formatTime(c[k], main.units)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function RankTable({ cols }: { cols: EngineOk[] }) {
  const main = cols[0];
  return (
    <details className="per-rank" open={main.layout.ranks <= 16}>
      <summary>Per rank{cols.length > 1 ? ` (${scheduleLabel(main.schedule)} / ${scheduleLabel(cols[1].schedule)})` : ''}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">rank</th>
            <th scope="col">bubble</th>
            <th scope="col">busy</th>
            <th scope="col">peak act.</th>
          </tr>
        </thead>
        <tbody>
          {main.metrics.bubble.map((_, r) => (
            <tr key={r}>
              <th scope="row">{r}</th>
              <td>{cols.map((c) => formatTime(c.metrics.bubble[r] ?? 0, c.units)).join(' / ')}</td>
              <td>{cols.map((c) => formatTime(c.metrics.busy[r] ?? 0, c.units)).join(' / ')}</td>
              <td>
                {cols
                  .map((c) => (c.memory ? amount(c, c.metrics.peakActivations[r] ?? 0) : `${c.metrics.peakActivations[r] ?? 0}`))
                  .join(' / ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
