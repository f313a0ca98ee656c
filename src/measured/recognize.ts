/**
 * Which built-in schedule the measured step ran (docs/measured.md §6): the engine schedules
 * (`SCHEDULE_NAMES`) with the measured stage layout that accept the measured P, M and stages per
 * rank are built with the engine's `buildSchedule` and compared op for op, rank by rank, with the
 * measured order; the first whose every rank's order is equal is the answer. Otherwise the
 * candidate with the longest agreeing prefixes is named with the first op that differs. torch's
 * classes map to engine names as: Schedule1F1B → 1f1b, ScheduleGPipe → gpipe,
 * ScheduleInterleaved1F1B → interleaved-1f1b (v = stages per rank), ScheduleLoopedBFS → looped-bfs,
 * ScheduleInterleavedZeroBubble → zb-h1 (v = 1) or interleaved-zb (v ≥ 2), ScheduleZBVZeroBubble →
 * zb-v, ScheduleDualPipeV → dualpipev.
 */
import {
  SCHEDULE_NAMES,
  ScheduleError,
  buildSchedule,
  dualPipeTopology,
  linearTopology,
  loopedTopology,
  vTopology,
} from '../engine/index.ts';
import type { Costs, Schedule, ScheduleName, Topology } from '../engine/index.ts';
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

interface Candidate {
  schedule: Schedule;
  agreeing: number;
  first: FirstDifference | null;
}

function samePlacement(a: Topology, b: Topology): boolean {
  const eq = (x: number[], y: number[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return eq(a.stageRank, b.stageRank) && eq(a.prevStage, b.prevStage) && eq(a.nextStage, b.nextStage);
}

/** Agreeing prefix ops summed over ranks, and the first difference (lowest index, then rank). */
function compare(expected: Schedule, measured: Schedule): { agreeing: number; first: FirstDifference | null } {
  let agreeing = 0;
  let first: FirstDifference | null = null;
  measured.ops.forEach((ops, rank) => {
    const want = expected.ops[rank] ?? [];
    const n = Math.max(ops.length, want.length);
    for (let index = 0; index < n; index++) {
      const e = want[index] ? torchAction(want[index]) : null;
      const m = ops[index] ? torchAction(ops[index]) : null;
      if (e === m) {
        agreeing++;
        continue;
      }
      if (!first || index < first.index) first = { rank, index, expected: e, measured: m };
      break;
    }
  });
  return { agreeing, first };
}

function build(name: ScheduleName, P: number, M: number, v: number, costs: Costs): Schedule | null {
  for (const stagesPerRank of [v, undefined]) {
    try {
      const s = buildSchedule({ schedule: name, ranks: P, microbatches: M, stagesPerRank }, costs);
      return s.stagesPerRank === v ? s : null;
    } catch (e) {
      if (!(e instanceof ScheduleError)) throw e;
    }
  }
  return null;
}

type Layout = 'linear' | 'looped' | 'v' | 'dualpipe' | 'other';

/** Which of the engine's stage layouts (topology.ts) a topology is. */
function layoutOf(t: Topology, P: number, v: number): Layout {
  if (samePlacement(t, dualPipeTopology(P))) return 'dualpipe';
  if (v === 1 && samePlacement(t, linearTopology(P))) return 'linear';
  if (samePlacement(t, loopedTopology(P, v))) return 'looped';
  return v === 2 && samePlacement(t, vTopology(P)) ? 'v' : 'other';
}

const PROBE_RANKS = 2;
const PROBE_MICROBATCHES = [4, 8, 2, 6, 12, 16];

/**
 * A schedule's layout does not depend on P or M, so it is read from a build at P = 2 and a few
 * micro-batches: cheap even for the search-based generators, which at full size can take minutes.
 */
function layoutOfSchedule(name: ScheduleName, v: number, costs: Costs): Layout | null {
  for (const M of PROBE_MICROBATCHES) {
    const s = build(name, PROBE_RANKS, M, v, costs);
    if (s) return layoutOf(s.topology, PROBE_RANKS, v);
  }
  return null;
}

/**
 * Recognises the measured order. `costs` feed the cost-driven generators (zb-h2, v-half, ...), whose
 * order depends on them; pass the fitted stage-mean costs. Only schedules with the measured layout
 * are built at full size, in SCHEDULE_NAMES order, up to the first that matches.
 */
export function recognizeSchedule(measured: Schedule, costs: Costs): Recognition {
  const P = measured.ranks;
  const M = measured.microbatches;
  const v = measured.stagesPerRank;
  const total = measured.ops.reduce((n, ops) => n + ops.length, 0);
  const layout = layoutOf(measured.topology, P, v);
  const stages = JSON.stringify(measured.topology.rankStages);
  if (layout === 'other')
    return {
      schedule: null,
      stagesPerRank: v,
      matches: false,
      reason: `no built-in schedule places the stages like this (rank stages ${stages})`,
    };
  let best: Candidate | null = null;
  for (const name of SCHEDULE_NAMES) {
    if (layoutOfSchedule(name, v, costs) !== layout) continue;
    const s = build(name, P, M, v, costs);
    if (!s || !samePlacement(s.topology, measured.topology)) continue;
    const c: Candidate = { schedule: s, ...compare(s, measured) };
    if (c.first === null) return { schedule: name, stagesPerRank: v, matches: true };
    if (!best || c.agreeing > best.agreeing) best = c;
  }
  if (!best || !best.first)
    return {
      schedule: null,
      stagesPerRank: v,
      matches: false,
      reason: `no built-in schedule runs P=${P}, M=${M} with the stages placed as ${stages}`,
    };
  const f = best.first;
  const where = `rank ${f.rank} op #${f.index}: expected ${f.expected ?? 'the end of the order'}, measured ${f.measured ?? 'the end of the order'}`;
  return {
    schedule: null,
    stagesPerRank: v,
    matches: false,
    closest: {
      schedule: best.schedule.name as ScheduleName,
      stagesPerRank: best.schedule.stagesPerRank,
      agreeingOps: best.agreeing,
      totalOps: total,
      firstDifference: f,
    },
    reason: `no built-in schedule runs this order; the closest, ${best.schedule.name}, first differs at ${where}`,
  };
}
