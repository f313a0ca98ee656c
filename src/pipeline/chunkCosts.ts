/**
 * What each chunk op of a schedule costs under the params' cost basis (docs/schedules.md §1.5):
 * the numbers the panel's "chunk costs" line shows, from the engine's resolved costs — the same
 * costs the chart runs. Pure.
 */
import { opShare, scheduleTopology, stageShare, type Costs, type ScheduleName } from '../engine/index.ts';
import type { Params } from '../store/params.ts';
import { engineCostsOf, scheduleParamsOf } from '../store/validate.ts';

export interface ChunkCosts {
  schedule: ScheduleName;
  /** stages (chunks) per rank */
  chunksPerRank: number;
  /** fraction of a rank's share of the model one op processes (basis share), or 1 (stage basis) */
  opShare: number;
  /** fraction of a share a stage's layers are */
  stageShare: number;
  /** per kind: [lowest, highest] over stages (equal when uniform) */
  range: Record<'F' | 'I' | 'W' | 'B' | 'FB', [number, number]>;
  perStage: boolean;
}

function rangeOf(list: readonly number[] | undefined, scalar: number): [number, number] {
  if (!list || list.length === 0) return [scalar, scalar];
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of list) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

/** The chunk costs of one schedule of the params, or null when its costs or shape do not resolve. */
export function chunkCostsOf(p: Params, schedule: ScheduleName): ChunkCosts | null {
  const c = engineCostsOf(p, schedule);
  if ('message' in c) return null;
  let topo;
  try {
    topo = scheduleTopology(scheduleParamsOf(p, schedule));
  } catch {
    return null;
  }
  const t = (c as Costs).perStage;
  const FB = t ? (t.FB ?? t.F.map((f, s) => f + t.B[s]!)) : undefined;
  const N = schedule === 'seq1f1b' ? p.seqSplits : 1;
  return {
    schedule,
    chunksPerRank: topo.numStages / topo.rankStages.length,
    opShare: p.basis === 'share' ? opShare(topo, N) : 1,
    stageShare: stageShare(topo),
    range: {
      F: rangeOf(t?.F, c.F),
      I: rangeOf(t?.I, c.I),
      W: rangeOf(t?.W, c.W),
      B: rangeOf(t?.B, c.B),
      FB: rangeOf(FB, c.FB),
    },
    perStage: !!t,
  };
}

/** A fraction as people write it: ½, ¼, 1/16, 2. */
export function fractionText(x: number): string {
  if (x === 1) return 'a whole share';
  const inv = 1 / x;
  if (Number.isInteger(Math.round(inv * 1e9) / 1e9)) {
    const n = Math.round(inv);
    return n === 2 ? 'half a share' : `1/${n} of a share`;
  }
  return `${Number(x.toPrecision(3))} of a share`;
}
