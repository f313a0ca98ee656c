/**
 * Metrics of the main schedule and, side by side, of the comparison: makespan, the simulated
 * bubble beside the papers' closed form (with when the formula is exact), bubble ratio, memory,
 * the detailed mode's exposed communication, and a per-rank table. Values carry their units.
 */
import { getPreset } from '../engine/overlap/index.ts';
import type { EngineOk } from '../pipeline/runEngine.ts';
import { formatTime } from '../render/scales.ts';
import { scheduleLabel } from '../store/params.ts';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const max = (xs: number[]) => Math.max(0, ...xs);

interface Row {
  id: string;
  label: string;
  value: (r: EngineOk) => string;
  title?: string;
}

const ROWS: Row[] = [
  { id: 'makespan', label: 'Makespan', value: (r) => formatTime(r.metrics.makespan, r.units), title: 'global end time of the step' },
  {
    id: 'bubble',
    label: 'Bubble, simulated',
    value: (r) => formatTime(max(r.metrics.bubble), r.units),
    title: "max over ranks of idle time between a rank's first start and last end",
  },
  {
    id: 'closed-form',
    label: 'Bubble, closed form',
    value: (r) => (r.closed ? `${r.closed.formula} = ${formatTime(r.closed.value, r.units)}` : 'none published'),
    title: "the papers' per-rank bubble for equal op costs",
  },
  { id: 'bubble-ratio', label: 'Bubble ratio', value: (r) => pct(r.metrics.bubbleRatio), title: 'max bubble / makespan' },
  {
    id: 'peak-activations',
    label: 'Peak activations',
    value: (r) => `${max(r.metrics.peakActivations)} A`,
    title: 'A = one micro-batch through one model part (released at W)',
  },
  {
    id: 'params-per-rank',
    label: 'Parameters per rank',
    value: (r) => `${max(r.metrics.paramsPerRank)} part(s)`,
    title: 'model parts held per rank',
  },
];

const DETAIL_ROWS: Row[] = [
  {
    id: 'exposed-comm',
    label: 'Exposed comm (max rank)',
    value: (r) => formatTime(max(r.layout.detail!.rankMetrics.map((m) => m.exposedComm)), r.units),
    title: 'time the compute stream waits for all-to-all inside ops',
  },
  {
    id: 'comm-busy',
    label: 'All-to-all busy (max rank)',
    value: (r) => formatTime(max(r.layout.detail!.rankMetrics.map((m) => m.commBusy)), r.units),
  },
  {
    id: 'fb-span',
    label: 'F&B pair span',
    value: (r) => formatTime(r.detail!.costs.FB, r.units),
    title: 'the overlapped pair, from its two-stream DAG',
  },
  {
    id: 'sm-split',
    label: 'SM split',
    value: (r) => `${r.detail!.commSms} of ${getPreset(r.params.hw).model.hardware.sms} SMs on comm`,
    title: 'SMs for communication kernels; the rest run compute',
  },
];

export function MetricsPanel({ main, compare }: { main: EngineOk; compare: EngineOk | null }) {
  const cols = compare ? [main, compare] : [main];
  const rows = main.detail ? [...ROWS, ...DETAIL_ROWS] : ROWS;
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
            <tr key={row.id} title={row.title}>
              <th scope="row">{row.label}</th>
              {cols.map((r, k) => (
                <td key={k} data-metric={row.id} data-col={k}>
                  {row.value(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
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
        engine {main.ms.toFixed(1)} ms · {main.layout.rects.length.toLocaleString('en-US')} ops
      </p>
    </div>
  );
}

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
              <td>{cols.map((c) => `${c.metrics.peakActivations[r] ?? 0}`).join(' / ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
