/**
 * The "chunk costs" lines under the op costs: for the schedule and the comparison, what one op of
 * each kind costs as the engine runs it under the cost basis (pipeline/chunkCosts.ts) — so "F = 1
 * per share" reads as "ZB-V chunk F 0.5" where it matters.
 */
import { useMemo } from 'react';
import { chunkCostsOf, fractionText } from '../../pipeline/chunkCosts.ts';
import type { Params } from '../../store/params.ts';
import { scheduleLabel } from '../../store/params.ts';
import type { ScheduleName } from '../../engine/index.ts';

const n = (x: number) => String(Number(x.toPrecision(4)));
const shown = ([lo, hi]: [number, number]) => (lo === hi ? n(lo) : `${n(lo)}–${n(hi)}`);

function Line({ params, schedule }: { params: Params; schedule: ScheduleName }) {
  const c = useMemo(() => chunkCostsOf(params, schedule), [params, schedule]);
  if (!c) return null;
  const what =
    params.basis === 'share'
      ? `${c.chunksPerRank > 1 ? `${c.chunksPerRank} chunks per rank, ` : ''}each op ${fractionText(c.opShare)}`
      : 'per op as typed';
  const kinds = (['F', 'I', 'W', 'B', 'FB'] as const).map((k) => `${k === 'FB' ? 'F&B' : k} ${shown(c.range[k])}`).join(' · ');
  return (
    <li data-testid={`chunk-costs-${schedule}`}>
      <span className="chunk-name">{scheduleLabel(schedule)}</span>{' '}
      <span className="muted">
        ({what}
        {c.perStage ? ', per stage' : ''})
      </span>
      : <span className="chunk-values">{kinds}</span>
    </li>
  );
}

export function ChunkCostsLine({ params }: { params: Params }) {
  return (
    <ul className="chunk-costs small" aria-label="Chunk costs as the engine runs them">
      <Line params={params} schedule={params.schedule} />
      {params.compare && params.compare !== params.schedule ? <Line params={params} schedule={params.compare} /> : null}
    </ul>
  );
}
