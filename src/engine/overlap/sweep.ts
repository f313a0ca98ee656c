/**
 * SM sweeps (docs/overlap.md §4): the quantity for every comm-SM count s = 1..N−1 and its best s.
 * Too few SMs expose communication, too many slow the compute, so the optimum is interior.
 * Times in µs. Ties go to the smaller s (fewer SMs taken from compute).
 */
import { chunkSpan } from './chunk.ts';
import type { OverlapModel } from './commModel.ts';
import { piecesAt, validateModel } from './commModel.ts';
import { detailedMakespan } from './detailed.ts';
import type { Schedule } from '../types.ts';

export interface SweepPoint {
  commSms: number;
  /** µs: the F&B pair span (sweepPair) or the schedule's iteration time (sweepSchedule) */
  span: number;
}

export interface Sweep {
  points: SweepPoint[];
  bestCommSms: number;
  bestSpan: number;
}

function best(points: SweepPoint[]): Sweep {
  let b = points[0];
  for (const p of points) if (p.span < b.span) b = p;
  return { points, bestCommSms: b.commSms, bestSpan: b.span };
}

function splits(model: OverlapModel): number[] {
  validateModel(model);
  return Array.from({ length: model.hardware.sms - 1 }, (_, i) => i + 1);
}

/** Span of the overlapped F&B pair (PP sends included when the model has them) for every s. */
export function sweepPair(model: OverlapModel): Sweep {
  return best(splits(model).map((s) => ({ commSms: s, span: chunkSpan('FB', piecesAt(model, s)) })));
}

/** Iteration time (makespan) of the whole schedule in detailed mode for every s (per-stage scales as detailed.ts). */
export function sweepSchedule(schedule: Schedule, model: OverlapModel, stageScale?: readonly number[]): Sweep {
  return best(splits(model).map((s) => ({ commSms: s, span: detailedMakespan(schedule, model, s, stageScale) })));
}
