/**
 * The parameters panel: schedule and comparison, pipeline shape, op costs, and the detailed
 * (overlap) mode's SM split and bandwidths. Every control edits a draft; the chart follows as
 * soon as the whole set is valid (store/validate.ts).
 */
import { SCHEDULE_NAMES, stagesPerRankOf } from '../engine/index.ts';
import { memo, useMemo } from 'react';
import { PRESETS as HW_PRESETS, getPreset } from '../engine/overlap/index.ts';
import { hardwareNote, hardwareNoteText } from '../pipeline/hardware.ts';
import { detailedCostsOf } from '../pipeline/runEngine.ts';
import { useAppStore } from '../hooks/useAppStore.ts';
import { MICROSECONDS_AS_MS, formatTime } from '../render/scales.ts';
import { BASIS_LABELS, COST_UNIT_LABELS, SCHEDULE_LABELS, TAKES_V, parseField, type CostUnit } from '../store/params.ts';
import { scheduleIssue } from '../store/validate.ts';
import { NumberField, SelectField } from './Field.tsx';
import { ModelPanel } from './model/ModelPanel.tsx';
import { SmCurve } from './SmCurve.tsx';
import { ChunkCostsLine } from './costs/ChunkCostsLine.tsx';
import { CostTable } from './costs/CostTable.tsx';
import { MemoryLimit } from './costs/MemoryLimit.tsx';
import { ScheduleOptions } from './costs/ScheduleOptions.tsx';

const SCHEDULE_OPTIONS = SCHEDULE_NAMES.map((s) => ({ value: s, label: SCHEDULE_LABELS[s] }));
const COMPARE_OPTIONS = [{ value: '', label: 'none' }, ...SCHEDULE_OPTIONS];
const HW_OPTIONS = HW_PRESETS.map((p) => ({ value: p.id, label: p.label }));
const UNIT_OPTIONS = (Object.keys(COST_UNIT_LABELS) as CostUnit[]).map((u) => ({ value: u, label: COST_UNIT_LABELS[u] }));
const BASIS_OPTIONS = (['share', 'stage'] as const).map((b) => ({ value: b, label: BASIS_LABELS[b] }));

/** The detailed-mode switch (its own component: the panel's re-renders leave the input alone). */
const DetailedToggle = memo(function DetailedToggle({ on }: { on: boolean }) {
  const setField = useAppStore((s) => s.setField);
  return (
    <label className="check">
      <input type="checkbox" checked={on} onChange={(e) => setField('detailed', e.target.checked ? '1' : '0', true)} />
      Detailed mode: compute, all-to-all and PP lanes
    </label>
  );
});

export function ParamsPanel() {
  const drafts = useAppStore((s) => s.drafts);
  const params = useAppStore((s) => s.params);
  const setField = useAppStore((s) => s.setField);
  const commitParams = useAppStore((s) => s.commitParams);
  const custom = useAppStore((s) => s.custom !== null);
  const modelOn = useAppStore((s) => s.costsFrom === 'model');
  const schedule = parseField('schedule', drafts.schedule);
  const takesV = schedule.ok && TAKES_V.has(schedule.value);
  const fixedV = schedule.ok && !takesV ? stagesPerRankOf({ schedule: schedule.value, ranks: 1, microbatches: 1 }) : null;
  const detailed = drafts.detailed === '1';
  const compareIssue = params.compare ? scheduleIssue(params, params.compare) : null;
  const hw = HW_PRESETS.find((p) => p.id === drafts.hw) ?? getPreset(params.hw);
  // In the detailed mode the cost boxes show what the overlap model derives, in ms, read-only.
  const derived = useMemo(() => {
    if (!params.detailed) return null;
    try {
      const c = detailedCostsOf(params).costs;
      return Object.fromEntries(
        Object.entries(c).map(([k, v]) => [k, formatTime(v, { ...MICROSECONDS_AS_MS, suffix: '', large: undefined })]),
      ) as Record<keyof typeof c, string>;
    } catch {
      return null;
    }
  }, [params]);
  // why another GPU would draw the same timeline (or which link binds)
  const hwNote = useMemo(() => {
    if (!params.detailed) return null;
    try {
      return hardwareNoteText(hardwareNote(params));
    } catch {
      return null;
    }
  }, [params]);
  // with costs from the model, its panel sets the schedule, the pipeline and the costs
  if (modelOn)
    return (
      <aside className="params" aria-label="Parameters">
        <ModelPanel />
      </aside>
    );
  return (
    <aside className="params" aria-label="Parameters">
      <ModelPanel />
      <fieldset>
        <legend>Schedule</legend>
        <SelectField
          field="schedule"
          label="Schedule"
          options={SCHEDULE_OPTIONS}
          hint={
            custom ? (
              <span className="warn">
                the chart shows an imported custom schedule; choosing a schedule, P or M here returns to the built-in ones
              </span>
            ) : undefined
          }
        />
        <SelectField
          field="compare"
          label="Compare with"
          options={COMPARE_OPTIONS}
          hint={
            compareIssue ? (
              <span className="warn">{`cannot compare: ${compareIssue[1].message}`}</span>
            ) : (
              'drawn below on the same time axis'
            )
          }
        />
      </fieldset>
      <fieldset>
        <legend>Pipeline</legend>
        <div className="grid2">
          <NumberField field="ranks" label="Ranks P" title="pipeline ranks (devices)" />
          <NumberField field="microbatches" label="Micro-batches M" title="micro-batches per step (DualPipe: both directions together)" />
        </div>
        <NumberField
          field="stagesPerRank"
          label="Stages per rank v"
          title="local stages (model chunks) per rank: interleaved 1F1B and Looped BFS"
          disabled={!takesV}
          hint={fixedV !== null ? `${SCHEDULE_LABELS[schedule.ok ? schedule.value : 'dualpipe']} runs ${fixedV} per rank` : undefined}
        />
        <ScheduleOptions schedule={drafts.schedule} compare={drafts.compare} />
      </fieldset>
      <fieldset disabled={detailed}>
        <legend>
          Op costs{' '}
          <span className="muted">{detailed ? '(ms, from the overlap model)' : drafts.costUnit === 'us' ? '(µs)' : '(cost units)'}</span>
        </legend>
        <div className="grid3">
          <NumberField field="F" shown={derived?.F} disabled={detailed} label="F" title="forward chunk" />
          <NumberField field="I" shown={derived?.I} disabled={detailed} label="I" title="backward for input (the ZB paper's B)" />
          <NumberField field="W" shown={derived?.W} disabled={detailed} label="W" title="backward for weights" />
          <NumberField field="B" shown={derived?.B} disabled={detailed} label="B" title="full backward; empty = I + W" placeholder="I+W" />
          <NumberField
            field="FB"
            shown={derived?.FB}
            disabled={detailed}
            label="F&B"
            title="overlapped forward + backward pair (DualPipe); empty = F + B"
            placeholder="F+B"
          />
          <NumberField
            field="comm"
            shown={derived?.comm}
            disabled={detailed}
            label="comm"
            title="latency added to every cross-rank transfer"
          />
        </div>
        {detailed ? null : (
          <SelectField
            field="costUnit"
            label="Cost unit"
            options={UNIT_OPTIONS}
            title="what the costs are measured in; µs are shown as ms, and as seconds from 10⁴ ms on"
          />
        )}
      </fieldset>
      <fieldset>
        <legend>Cost basis</legend>
        <SelectField
          field="basis"
          label="Costs and memory are for"
          options={BASIS_OPTIONS}
          title="a rank's share: the same model on the same ranks for every schedule (a V chunk costs half, interleaved chunks 1/v); one stage: per op as the engine runs it (the CLI)"
        />
        <ChunkCostsLine params={params} />
        <CostTable />
      </fieldset>
      <fieldset>
        <legend>Memory</legend>
        <MemoryLimit params={params} />
      </fieldset>
      <fieldset>
        <legend>Overlap</legend>
        <DetailedToggle on={detailed} />
        {detailed ? (
          <>
            <SelectField
              field="hw"
              label="Hardware"
              options={HW_OPTIONS}
              title={hw.sources.join('\n')}
              hint={hwNote ? <span data-testid="hw-note">{hwNote}</span> : undefined}
            />
            <NumberField
              field="commSms"
              label={`Comm SMs (of ${hw.model.hardware.sms})`}
              title="SMs given to communication kernels; the rest run compute"
            >
              <input
                type="range"
                aria-label="Comm SMs slider"
                min={1}
                max={hw.model.hardware.sms - 1}
                value={Number(drafts.commSms) || 1}
                onChange={(e) => setField('commSms', e.target.value)}
                // a drag or held arrow is one history step, committed when it ends
                onPointerUp={commitParams}
                onKeyUp={commitParams}
                onBlur={commitParams}
              />
              {params.detailed ? <SmCurve params={params} builtIn={!custom} /> : null}
            </NumberField>
            <div className="grid2">
              <NumberField field="nvlink" label="NVLink GB/s" title="usable NVLink bandwidth per GPU, one direction" />
              <NumberField field="ib" label="IB GB/s" title="usable InfiniBand (RDMA) bandwidth per GPU" />
            </div>
            <NumberField
              field="layers"
              label="MoE layers per stage"
              title="layers in each chunk; other counts than the preset's repeat its mean layer"
            />
          </>
        ) : (
          <p className="hint">Per-stream lanes with the SM split and bandwidths of DeepSeek-V3's overlap (op costs in µs).</p>
        )}
      </fieldset>
    </aside>
  );
}
