/**
 * The Model panel (docs/model.md §10): a training setup (model, cluster, GPU), the Megatron
 * arguments a user changes most — parallel sizes, recompute, batch, sequence, the layout string with
 * its live parse — the GPU and the MFU knob, and the schedule to draw. With "Costs from the model" on,
 * the chart draws that schedule on the model's pipeline ranks with its per-stage costs in ms and its
 * memory in GB against the GPU's HBM; the side panel's Model tab has the step and which schedule fits.
 */
import { SCHEDULE_NAMES } from '../../engine/index.ts';
import { useAppStore } from '../../hooks/useAppStore.ts';
import { GPU_PRESETS, MODEL_SETUPS, modelSetup } from '../../model/index.ts';
import { SCHEDULE_LABELS } from '../../store/params.ts';
import { evaluateModel } from '../../store/modelInputs.ts';
import { LayoutField } from './LayoutField.tsx';
import { ModelCheck, ModelSelect, ModelTextField } from './ModelFields.tsx';

const SETUP_OPTIONS = MODEL_SETUPS.map((s) => ({ value: s.id, label: s.label, title: s.source }));
const GPU_OPTIONS = GPU_PRESETS.map((g) => ({ value: g.id, label: `${g.name} (${g.hbmGB} GB)`, title: g.sources.join('\n') }));
const SCHEDULE_OPTIONS = SCHEDULE_NAMES.map((s) => ({ value: s, label: SCHEDULE_LABELS[s] }));
const RECOMPUTE_OPTIONS = [
  { value: 'none', label: 'none' },
  { value: 'selective', label: 'selective (the preset’s modules)' },
  { value: 'full', label: 'full (uniform)' },
];

function Totals() {
  const drafts = useAppStore((s) => s.modelDrafts);
  const e = evaluateModel(drafts);
  if (!e.args || !e.inputs) return null;
  const a = e.args;
  const tokens = e.inputs.microbatches * a.micro_batch_size * a.data_parallel_size * a.seq_length;
  return (
    <p className="hint" data-testid="model-totals">
      {a.world_size.toLocaleString('en-US')} GPUs = TP {a.tensor_model_parallel_size} × PP {a.pipeline_model_parallel_size} × CP{' '}
      {a.context_parallel_size} × DP {a.data_parallel_size}; {tokens.toLocaleString('en-US')} tokens per step
    </p>
  );
}

export function ModelPanel() {
  const on = useAppStore((s) => s.costsFrom === 'model');
  const setCostsFrom = useAppStore((s) => s.setCostsFrom);
  const applySetup = useAppStore((s) => s.applySetup);
  const setup = useAppStore((s) => s.modelDrafts.setup);
  const source = MODEL_SETUPS.some((s) => s.id === setup) ? modelSetup(setup).source : '';
  return (
    <fieldset className="model-panel" data-testid="model-panel">
      <legend>Model</legend>
      <label className="check">
        <input
          type="checkbox"
          data-testid="costs-from-model"
          checked={on}
          onChange={(e) => setCostsFrom(e.target.checked ? 'model' : 'params')}
        />
        Costs from the model: per-stage times (ms) and memory (GB)
      </label>
      {on ? (
        <>
          <ModelSelect field="setup" options={SETUP_OPTIONS} label="Setup" />
          <details className="setup-source">
            <summary>Where the numbers come from</summary>
            {source}
          </details>
        </>
      ) : (
        <div className="field">
          <label htmlFor="model-setup">Setup</label>
          {/* choosing any setup, the one shown included, draws it */}
          <select id="model-setup" value="" onChange={(e) => e.target.value && applySetup(e.target.value)}>
            <option value="">Choose a model on its cluster…</option>
            {SETUP_OPTIONS.map((o) => (
              <option key={o.value} value={o.value} title={o.title}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {on ? (
        <>
          <ModelTextField field="tp" />
          <ModelTextField field="pp" />
          <ModelTextField field="vpp" placeholder="none" />
          <ModelTextField field="ep" />
          <ModelTextField field="dp" />
          <ModelTextField field="cp" />
          <ModelCheck field="sp" />
          <ModelCheck field="distOpt" />
          <ModelSelect field="recompute" options={RECOMPUTE_OPTIONS} />
          <ModelTextField field="mbs" />
          <ModelTextField field="seq" />
          <ModelTextField field="microbatches" />
          <LayoutField />
          <ModelSelect field="gpu" options={GPU_OPTIONS} />
          <ModelTextField field="mfu" />
          <ModelSelect field="schedule" options={SCHEDULE_OPTIONS} />
          <ModelTextField field="v" placeholder="default" />
          <Totals />
        </>
      ) : (
        <p className="hint">
          A real model on its cluster: the schedule with the model's per-stage costs and memory. The box above or a setup turns it on (
          {modelSetup(setup).label} now).
        </p>
      )}
    </fieldset>
  );
}
