/**
 * The memory limit per rank (A of the cost basis): the cap line on the activation strips and the
 * marks on ops that pass it, for every schedule; zb-auto's and v-auto's own limit. For those two,
 * the memory–bubble curve: the schedule built over a range of limits (in the engine worker, with
 * progress and cancel), bubble and makespan against the peak memory reached; a click on a point
 * takes its limit.
 */
import { memo } from 'react';
import type { ScheduleName } from '../../engine/index.ts';
import { useAppStore } from '../../hooks/useAppStore.ts';
import { useMemorySweep } from '../../hooks/useMemorySweep.ts';
import { SWEPT, type SweepPoint } from '../../pipeline/memorySweep.ts';
import type { Params } from '../../store/params.ts';
import { scheduleLabel } from '../../store/params.ts';
import { NumberField } from '../Field.tsx';

const W = 212;
const H = 52;
const PAD = 5;
const n = (x: number) => String(Number(x.toPrecision(4)));

function Plot({
  points,
  value,
  label,
  current,
  onPick,
}: {
  points: SweepPoint[];
  value: (p: SweepPoint) => number;
  label: string;
  current: number | null;
  onPick: (limit: number) => void;
}) {
  const ok = points.filter((p) => Number.isFinite(p.peak));
  if (ok.length === 0) return null;
  const xs = ok.map((p) => p.peak);
  const ys = ok.map(value);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const px = (x: number) => PAD + ((x - x0) / Math.max(1e-9, x1 - x0)) * (W - 2 * PAD);
  const py = (y: number) => H - PAD - ((y - y0) / Math.max(1e-9, y1 - y0)) * (H - 2 * PAD);
  const sorted = [...ok].sort((a, b) => a.peak - b.peak || value(a) - value(b));
  const d = sorted.map((p, k) => `${k ? 'L' : 'M'}${px(p.peak).toFixed(1)},${py(value(p)).toFixed(1)}`).join('');
  return (
    <figure className="mem-plot">
      <figcaption className="small muted">
        {label}: {n(y0)}–{n(y1)}
      </figcaption>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label} against peak memory`}>
        <path className="sm-line" d={d} />
        {ok.map((p, k) => (
          <circle
            key={k}
            className={p.limit === current ? 'mem-point now' : 'mem-point'}
            cx={px(p.peak)}
            cy={py(value(p))}
            r={p.limit === current ? 4.5 : 3.5}
            data-limit={p.limit}
            tabIndex={0}
            role="button"
            aria-label={`limit ${n(p.limit)} A: peak ${n(p.peak)} A, ${label} ${n(value(p))}`}
            onClick={() => onPick(p.limit)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onPick(p.limit);
              }
            }}
          >
            <title>{`limit ${n(p.limit)} A → peak ${n(p.peak)} A, bubble ${n(p.bubble)}, makespan ${n(p.makespan)}`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}

const Curve = memo(function Curve({ params, schedule }: { params: Params; schedule: ScheduleName }) {
  const setField = useAppStore((s) => s.setField);
  const { points, progress, error, start, cancel } = useMemorySweep(params, schedule);
  const failed = points.filter((p) => !Number.isFinite(p.peak)).length;
  const pick = (limit: number) => setField('memLimit', String(limit), true);
  return (
    <div className="mem-curve" data-testid="mem-curve" data-state={progress ? 'running' : points.length ? 'done' : 'idle'}>
      <div className="small">
        Memory–bubble curve of {scheduleLabel(schedule)}{' '}
        {progress ? (
          <>
            <progress max={progress[1]} value={progress[0]} aria-label="sweep progress" /> {progress[0]}/{progress[1]}{' '}
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" onClick={start} data-testid="mem-sweep">
            {points.length ? 'Sweep again' : 'Sweep the limit'}
          </button>
        )}
      </div>
      {points.length ? (
        <>
          <Plot points={points} value={(p) => p.bubble} label="bubble" current={params.memLimit} onPick={pick} />
          <Plot points={points} value={(p) => p.makespan} label="makespan" current={params.memLimit} onPick={pick} />
          <p className="hint">
            x: peak activation per rank (A); click a point to use its limit{failed ? ` · ${failed} limit(s) fit no schedule` : ''}
          </p>
        </>
      ) : null}
      {error ? <p className="warn small">{error}</p> : null}
    </div>
  );
});

export function MemoryLimit({ params }: { params: Params }) {
  const swept = [params.schedule, params.compare].filter((s): s is ScheduleName => s !== null && SWEPT.has(s));
  return (
    <>
      <NumberField
        field="memLimit"
        label="Memory limit per rank (A)"
        placeholder="none"
        title="activation memory per rank, in A of the cost basis: drawn as a cap line, ops that pass it marked; zb-auto and v-auto schedule under it"
        hint={
          swept.length
            ? `${swept.map(scheduleLabel).join(' and ')} schedule under it (empty: their default)`
            : 'a cap line on the activation strips'
        }
      />
      {swept.map((s) => (
        <Curve key={s} params={params} schedule={s} />
      ))}
    </>
  );
}
