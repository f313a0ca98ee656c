/**
 * Which built-in schedule the measured step ran (docs/measured.md §6): every engine schedule
 * (`SCHEDULE_NAMES`) that accepts the measured P, M and stages per rank is built with the engine's
 * `buildSchedule` and compared op for op, rank by rank, with the measured order. A schedule is
 * recognised when its stage placement and every rank's order equal the measured ones. Otherwise
 * the candidate with the same placement and the longest agreeing prefixes is named with the first
 * op that differs. torch's classes map to engine names as: Schedule1F1B → 1f1b, ScheduleGPipe →
 * gpipe, ScheduleInterleaved1F1B → interleaved-1f1b (v = stages per rank), ScheduleLoopedBFS →
 * looped-bfs, ScheduleInterleavedZeroBubble → zb-h1 (v = 1) or interleaved-zb (v ≥ 2),
 * ScheduleZBVZeroBubble → zb-v, ScheduleDualPipeV → dualpipev.
 */
import { SCHEDULE_NAMES, ScheduleError, buildSchedule } from '../engine/index.ts';
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
  /** other built-in names whose order is the same (e.g. 1f1b and interleaved-1f1b with v = 1) */
  alsoMatches?: ScheduleName[];
  /** when nothing matches: the nearest candidate and where it departs */
  closest?: { schedule: ScheduleName; stagesPerRank: number; agreeingOps: number; totalOps: number; firstDifference: FirstDifference };
  reason?: string;
}

interface Candidate {
  schedule: Schedule;
  samePlacement: boolean;
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

/**
 * Recognises the measured order. `costs` feed the cost-driven generators (zb-h2, v-half, ...), whose
 * order depends on them; pass the fitted stage-mean costs.
 */
export function recognizeSchedule(measured: Schedule, costs: Costs): Recognition {
  const P = measured.ranks;
  const M = measured.microbatches;
  const v = measured.stagesPerRank;
  const total = measured.ops.reduce((n, ops) => n + ops.length, 0);
  const candidates: Candidate[] = [];
  for (const name of SCHEDULE_NAMES) {
    const s = build(name, P, M, v, costs);
    if (!s) continue;
    candidates.push({ schedule: s, samePlacement: samePlacement(s.topology, measured.topology), ...compare(s, measured) });
  }
  const exact = candidates.filter((c) => c.samePlacement && c.first === null);
  if (exact.length > 0) {
    const names = exact.map((c) => c.schedule.name as ScheduleName);
    return { schedule: names[0], stagesPerRank: v, matches: true, ...(names.length > 1 ? { alsoMatches: names.slice(1) } : {}) };
  }
  const pool = candidates.some((c) => c.samePlacement) ? candidates.filter((c) => c.samePlacement) : candidates;
  const best = pool.reduce<Candidate | null>((b, c) => (!b || c.agreeing > b.agreeing ? c : b), null);
  if (!best || !best.first)
    return {
      schedule: null,
      stagesPerRank: v,
      matches: false,
      reason: `no built-in schedule runs P=${P}, M=${M} with ${v} stage(s) per rank`,
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
    reason: best.samePlacement
      ? `no built-in schedule runs this order; the closest, ${best.schedule.name}, first differs at ${where}`
      : `no built-in schedule places the stages like this (rank stages ${JSON.stringify(measured.topology.rankStages)}); the closest order, ${best.schedule.name}, first differs at ${where}`,
  };
}
