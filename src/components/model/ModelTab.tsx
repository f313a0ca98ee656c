/**
 * The side panel's Model tab (docs/model.md §10): the step of the model's schedule — time and what it
 * is made of, tokens per second per GPU, MFU, each pipeline rank's bytes against the GPU's HBM — then
 * "which schedule fits". Units: s and ms, GB (10⁹ B), tokens/s per GPU.
 */
import type { ModelRunState } from '../../hooks/useModelRun.ts';
import { useAppStore } from '../../hooks/useAppStore.ts';
import { SCHEDULE_LABELS } from '../../store/params.ts';
import { FitsTable } from './FitsTable.tsx';

const gb = (bytes: number) => (bytes / 1e9).toFixed(1);

function Step({ model }: { model: ModelRunState }) {
  const run = model.run;
  if (!run) return <p className="hint">Computing the model's schedule…</p>;
  if (!run.ok)
    return (
      <p className="error" role="alert" data-testid="model-error">
        {run.error}
      </p>
    );
  const s = run.step;
  return (
    <div className="model-step" data-testid="model-step">
      <table className="summary">
        <tbody>
          <tr>
            <th scope="row">Schedule</th>
            <td>
              {SCHEDULE_LABELS[run.params.schedule]}, P = {run.params.ranks}, M = {run.params.microbatches}
            </td>
          </tr>
          <tr>
            <th scope="row">
              Step time<span className="metric-def">pipeline + data-parallel sync + optimizer</span>
            </th>
            <td data-testid="step-time">
              {(s.timeMs / 1e3).toFixed(2)} s = {(s.makespanMs / 1e3).toFixed(2)} + {(s.dataParallelMs / 1e3).toFixed(2)} +{' '}
              {(s.optimizerMs / 1e3).toFixed(3)}
            </td>
          </tr>
          <tr>
            <th scope="row">
              Throughput<span className="metric-def">tokens per step ÷ step time ÷ GPUs</span>
            </th>
            <td data-testid="step-throughput">{Math.round(s.tokensPerSecondPerGpu).toLocaleString('en-US')} tokens/s per GPU</td>
          </tr>
          <tr>
            <th scope="row">
              MFU<span className="metric-def">Megatron FLOPs ÷ (step × GPUs × {s.peakTflops} TFLOP/s)</span>
            </th>
            <td data-testid="step-mfu">{(100 * s.mfu).toFixed(1)}%</td>
          </tr>
          <tr>
            <th scope="row">Layout</th>
            <td>
              <code className="layout-text">{run.layout.text}</code>
              <span className="metric-def">{run.layout.note}</span>
            </td>
          </tr>
        </tbody>
      </table>
      <details className="per-rank" open={s.peakBytesPerRank.length <= 16}>
        <summary>Memory per rank (GB; HBM {gb(s.hbmBytes)})</summary>
        <p className="metric-def">
          peak = static (weights, gradients, optimizer state) + the activation peak the strip draws + transient buffers (recompute, sends)
        </p>
        <table data-testid="rank-memory">
          <thead>
            <tr>
              <th scope="col">rank</th>
              <th scope="col">static</th>
              <th scope="col">
                <abbr title="activation peak">act.</abbr>
              </th>
              <th scope="col">
                <abbr title="transient buffers">tmp.</abbr>
              </th>
              <th scope="col">peak</th>
              <th scope="col">HBM</th>
            </tr>
          </thead>
          <tbody>
            {s.peakBytesPerRank.map((p, r) => (
              <tr key={r}>
                <th scope="row">{r}</th>
                <td>{gb(s.staticBytesPerRank[r])}</td>
                <td>{gb(s.activationBytesPerRank[r])}</td>
                <td>{gb(s.transientBytesPerRank[r])}</td>
                <td>{gb(p)}</td>
                <td className={p <= s.hbmBytes ? 'fits-yes' : 'fits-over'}>{p <= s.hbmBytes ? 'fits' : `+${gb(p - s.hbmBytes)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {run.notes.map((n) => (
        <p className="note" key={n}>
          Note: {n}
        </p>
      ))}
    </div>
  );
}

export function ModelTab({ model }: { model: ModelRunState }) {
  const on = useAppStore((s) => s.costsFrom === 'model');
  const setCostsFrom = useAppStore((s) => s.setCostsFrom);
  const tab = useAppStore((s) => s.tab);
  return (
    <div className="metrics model-tab" data-testid="model-tab">
      {on ? null : (
        <p className="hint">
          The chart shows the parameters panel's costs.{' '}
          <button type="button" className="link" onClick={() => setCostsFrom('model')}>
            Draw the model's schedule
          </button>
        </p>
      )}
      <Step model={model} />
      <FitsTable active={tab === 'model'} />
    </div>
  );
}
