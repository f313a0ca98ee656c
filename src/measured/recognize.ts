/**
 * Which built-in schedule the measured step ran (docs/measured.md §6): the engine's `matchBuiltIn`
 * (engine/matchOrder.ts) builds the schedules that accept the measured P, M and stages per rank on
 * the measured stage layout and compares them op for op, rank by rank, with the measured order; the
 * first whose every rank's order is equal is the answer. Otherwise the candidate with the longest
 * agreeing prefixes is named with the first op that differs. torch's classes map to engine names
 * as: Schedule1F1B → 1f1b, ScheduleGPipe → gpipe, ScheduleInterleaved1F1B → interleaved-1f1b (v =
 * stages per rank), ScheduleLoopedBFS → looped-bfs, ScheduleInterleavedZeroBubble → zb-h1 (v = 1)
 * or interleaved-zb (v ≥ 2), ScheduleZBVZeroBubble → zb-v, ScheduleDualPipeV → dualpipev.
 */
import { matchBuiltIn, type Costs, type Schedule, type ScheduleName } from '../engine/index.ts';
import { torchAction } from '../interop/torchCsv.ts';

export interface FirstDifference {
  rank: number;
  /** 0-based position in the rank's compute ops */
  index: number;
  /** torch action strings (`4B0`); null past the end of the order */
  expected: string | null;
  measured: string | null;
}

export interface Recognition {
  schedule: ScheduleName | null;
  stagesPerRank: number;
  matches: boolean;
  /** when nothing matches: the nearest candidate and where it departs */
  closest?: { schedule: ScheduleName; stagesPerRank: number; agreeingOps: number; totalOps: number; firstDifference: FirstDifference };
  reason?: string;
}

/**
 * Recognises the measured order. `costs` feed the cost-driven generators (zb-h2, v-half, ...), whose
 * order depends on them; pass the fitted stage-mean costs.
 */
export function recognizeSchedule(measured: Schedule, costs: Costs): Recognition {
  const v = measured.stagesPerRank;
  const { match, closest, total } = matchBuiltIn(measured, costs);
  if (match) return { schedule: match.name as ScheduleName, stagesPerRank: v, matches: true };
  if (!closest) {
    const stages = JSON.stringify(measured.topology.rankStages);
    return {
      schedule: null,
      stagesPerRank: v,
      matches: false,
      reason: `no built-in schedule runs P=${measured.ranks}, M=${measured.microbatches} with the stages placed as ${stages}`,
    };
  }
  const { rank, index, expected, actual } = closest.first;
  const f: FirstDifference = { rank, index, expected: expected && torchAction(expected), measured: actual && torchAction(actual) };
  const where = `rank ${f.rank} op #${f.index}: expected ${f.expected ?? 'the end of the order'}, measured ${f.measured ?? 'the end of the order'}`;
  return {
    schedule: null,
    stagesPerRank: v,
    matches: false,
    closest: {
      schedule: closest.schedule.name as ScheduleName,
      stagesPerRank: closest.schedule.stagesPerRank,
      agreeingOps: closest.agreeing,
      totalOps: total,
      firstDifference: f,
    },
    reason: `no built-in schedule runs this order; the closest, ${closest.schedule.name}, first differs at ${where}`,
  };
}
