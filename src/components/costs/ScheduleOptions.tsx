/**
 * The options of the schedules that take them (engine validate.ts OPTION_TAKERS): Seq1F1B's
 * sequence splits, Megatron's group size and EP overlap (its combined 1F1B). Shown only for the
 * schedule (or comparison) that uses them; every value goes through the panel's validation.
 */
import { memo } from 'react';
import { useAppStore } from '../../hooks/useAppStore.ts';
import { NumberField } from '../Field.tsx';

export const ScheduleOptions = memo(function ScheduleOptions({ schedule, compare }: { schedule: string; compare: string }) {
  const ep = useAppStore((s) => s.drafts.epOverlap === '1');
  const setField = useAppStore((s) => s.setField);
  const uses = (name: string) => schedule === name || compare === name;
  if (!uses('seq1f1b') && !uses('interleaved-1f1b-megatron')) return null;
  return (
    <div className="schedule-options" data-testid="schedule-options">
      {uses('seq1f1b') ? (
        <NumberField
          field="seqSplits"
          label="Sequence splits N"
          title="Seq1F1B: sequence chunks per micro-batch; each op runs 1/N of its micro-batch"
        />
      ) : null}
      {uses('interleaved-1f1b-megatron') ? (
        <>
          <NumberField
            field="groupSize"
            label="Group size"
            placeholder="P"
            title="Megatron's microbatch_group_size_per_vp_stage: contiguous micro-batches per virtual stage; empty = P"
          />
          <label className="check">
            <input type="checkbox" checked={ep} onChange={(e) => setField('epOverlap', e.target.checked ? '1' : '0', true)} />
            EP overlap (Megatron's combined 1F1B: forward and backward issued as one F&amp;B)
          </label>
        </>
      ) : null}
    </div>
  );
});
