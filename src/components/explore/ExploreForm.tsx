/**
 * The Explore page's inputs: which schedules to sweep, the P, M, v and memory-limit lists
 * (comma lists and ranges a:b:step, docs/explore.md §2), and the op costs every schedule runs with
 * — the schedule page's own fields, so an opened point draws with the costs it was swept with — or
 * a model on its cluster (docs/explore.md §4.5): a Model panel setup, the GPU and the MFU.
 * An invalid list shows its reason under it; the sweep keeps the last valid lists meanwhile.
 */
import { memo, useEffect, useState } from 'react';
import { GPU_PRESETS, MODEL_SETUPS } from '../../model/index.ts';
import { parseModelField } from '../../store/modelInputs.ts';
import { SCHEDULE_NAMES, takesStagesPerRank } from '../../engine/index.ts';
import { useAppStore } from '../../hooks/useAppStore.ts';
import { getPalette, type ThemeName } from '../../render/palette.ts';
import { LIST_LABELS, parseExploreList, type ExploreListKey } from '../../pipeline/exploreInputs.ts';
import { TAKES_MEM_LIMIT } from '../../pipeline/sweep.ts';
import { SCHEDULE_LABELS } from '../../store/params.ts';
import { NumberField } from '../Field.tsx';
import { markOf, markerPath } from './marks.ts';

const HINTS: Record<ExploreListKey, string> = {
  ranks: 'e.g. 4:32:4',
  microbatches: 'e.g. 16:256:16',
  stagesPerRank: 'interleaved schedules only',
  memLimit: 'zb-auto, v-auto; empty: default',
};

export const ListField = memo(function ListField({ field }: { field: ExploreListKey }) {
  const raw = useAppStore((s) => s.exploreDrafts[field]);
  const set = useAppStore((s) => s.setExploreList);
  const check = parseExploreList(field, raw);
  const id = `explore-${field}`;
  return (
    <div className={`field${check.ok ? '' : ' invalid'}`}>
      <label htmlFor={id}>{LIST_LABELS[field][0].toUpperCase() + LIST_LABELS[field].slice(1)}</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={raw}
        placeholder={HINTS[field]}
        aria-invalid={check.ok ? undefined : true}
        aria-describedby={check.ok ? `${id}-hint` : `${id}-error`}
        onChange={(e) => set(field, e.target.value)}
      />
      {check.ok ? (
        <span className="hint small muted" id={`${id}-hint`}>
          {check.values.length} value{check.values.length === 1 ? '' : 's'} · {HINTS[field]}
        </span>
      ) : (
        <div className="field-error" id={`${id}-error`} role="alert" data-field={field}>
          <span className="reason">{check.message}</span>
        </div>
      )}
    </div>
  );
});

function Swatch({ schedule, theme }: { schedule: (typeof SCHEDULE_NAMES)[number]; theme: ThemeName }) {
  const palette = useAppStore((s) => s.palette);
  const m = markOf(schedule, getPalette(palette, theme));
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" className="ex-swatch">
      <path d={markerPath(m.shape, 6, 6, 4.2)} fill={m.colour} stroke="currentColor" strokeOpacity={0.55} strokeWidth={0.8} />
    </svg>
  );
}

export function ScheduleChoice({ theme }: { theme: ThemeName }) {
  const chosen = useAppStore((s) => s.explore.schedules);
  const toggle = useAppStore((s) => s.toggleExploreSchedule);
  return (
    <fieldset className="ex-schedules">
      <legend>
        Schedules{' '}
        <span className="muted">
          ({chosen.length} of {SCHEDULE_NAMES.length})
        </span>
      </legend>
      <div className="ex-chips">
        {SCHEDULE_NAMES.map((name) => {
          const extra = takesStagesPerRank(name) ? ' (takes v)' : TAKES_MEM_LIMIT.has(name) ? ' (takes memory limits)' : '';
          return (
            <label key={name} className={`ex-chip${name.length > 13 ? ' wide' : ''}`} title={`${SCHEDULE_LABELS[name]}${extra}`}>
              <input type="checkbox" checked={chosen.includes(name)} onChange={(e) => toggle(name, e.target.checked)} />
              <Swatch schedule={name} theme={theme} />
              <span>{name}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/** MFU as typed: a valid value applies at once; an invalid one shows the Model panel's reason and keeps the last. */
function MfuField() {
  const mfu = useAppStore((s) => s.explore.mfu);
  const set = useAppStore((s) => s.setExploreModel);
  const [raw, setRaw] = useState(String(mfu));
  useEffect(() => setRaw((cur) => (Number(cur) === mfu ? cur : String(mfu))), [mfu]);
  const check = parseModelField('mfu', raw);
  return (
    <div className={`field${check.ok ? '' : ' invalid'}`}>
      <label htmlFor="explore-mfu">MFU while computing</label>
      <input
        id="explore-mfu"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={raw}
        aria-invalid={check.ok ? undefined : true}
        aria-describedby={check.ok ? 'explore-mfu-hint' : 'explore-mfu-error'}
        onChange={(e) => {
          setRaw(e.target.value);
          const r = parseModelField('mfu', e.target.value);
          if (r.ok) set({ mfu: r.value as number });
        }}
      />
      {check.ok ? (
        <span className="hint small muted" id="explore-mfu-hint">
          fraction of the dense peak, 0 to 1
        </span>
      ) : (
        <div className="field-error" id="explore-mfu-error" role="alert" data-field="mfu">
          <span className="reason">{check.issue.message}</span>
        </div>
      )}
    </div>
  );
}

/** The cost source: op costs per stage (the Schedule page's fields) or a model setup on its GPUs. */
function CostSource() {
  const explore = useAppStore((s) => s.explore);
  const set = useAppStore((s) => s.setExploreModel);
  const unit = useAppStore((s) => (s.params.costUnit === 'us' ? 'µs' : 'cost units'));
  return (
    <>
      <fieldset className="ex-source">
        <legend>Costs from</legend>
        <div className="ex-source-choice" role="radiogroup" aria-label="Costs from">
          <label>
            <input type="radio" name="explore-source" checked={explore.source === 'costs'} onChange={() => set({ source: 'costs' })} />
            <span>op costs per stage</span>
          </label>
          <label>
            <input type="radio" name="explore-source" checked={explore.source === 'model'} onChange={() => set({ source: 'model' })} />
            <span>a model on its cluster</span>
          </label>
        </div>
      </fieldset>
      {explore.source === 'model' ? (
        <fieldset className="ex-model">
          <legend>
            Model <span className="muted">(costs in µs, memory in GB)</span>
          </legend>
          <div className="field">
            <label htmlFor="explore-setup">Setup</label>
            <select id="explore-setup" value={explore.setup} onChange={(e) => set({ setup: e.target.value })}>
              {MODEL_SETUPS.map((m) => (
                <option key={m.id} value={m.id} title={m.source}>
                  {m.label}
                </option>
              ))}
            </select>
            <span className="hint small muted">its model, parallel sizes, batch and layout; P, M and v are swept</span>
          </div>
          <div className="field">
            <label htmlFor="explore-gpu">GPU</label>
            <select id="explore-gpu" value={explore.gpu} onChange={(e) => set({ gpu: e.target.value })}>
              {GPU_PRESETS.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name} ({g.hbmGB} GB HBM)
                </option>
              ))}
            </select>
          </div>
          <MfuField />
        </fieldset>
      ) : (
        <fieldset>
          <legend>
            Op costs per stage <span className="muted">({unit}; shared with the Schedule page)</span>
          </legend>
          <div className="ex-costs">
            <NumberField field="F" label="F" title="forward of one stage for one micro-batch" />
            <NumberField field="I" label="I" title="backward for input" />
            <NumberField field="W" label="W" title="backward for weights" />
            <NumberField field="comm" label="comm" title="latency added to every cross-rank dependency" />
          </div>
        </fieldset>
      )}
    </>
  );
}

export function ExploreForm({ theme }: { theme: ThemeName }) {
  return (
    <section className="ex-form" aria-label="Sweep ranges">
      <ScheduleChoice theme={theme} />
      <fieldset>
        <legend>Ranges</legend>
        <div className="ex-lists">
          <ListField field="ranks" />
          <ListField field="microbatches" />
          <ListField field="stagesPerRank" />
          <ListField field="memLimit" />
        </div>
      </fieldset>
      <CostSource />
    </section>
  );
}
