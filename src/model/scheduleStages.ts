/**
 * Per-stage plans and the costs file of one schedule's layout (docs/model.md §8.2): every global
 * stage of the schedule's topology planned where the topology places it (its rank, its chunk on
 * that rank, the rank its output goes to), then the costs in the `schedule --costs-file` format —
 * F, I, W in µs per op, `comm` the slowest stage boundary in µs, memory in bytes.
 *
 * Two schedule-specific rules:
 * - FB (DualPipe, DualPipeV): an overlapped pair runs the forward of one stage of the rank with the
 *   backward (I + W) of its other stage, the all-to-all of each half under the compute of the other
 *   (DeepSeek-V3 §3.2.1). The pair takes the longer of its two streams:
 *   FB[s] = max(compute F(s) + compute B(s'), all-to-all F(s) + all-to-all I(s')), s' the partner.
 *   This is the ideal overlap; the overlap engine's replay of DeepSeek's H800 pair lands within 0.7 %
 *   of its compute alone (docs/overlap.md §3).
 * - Seq1F1B with N splits: every op works on 1/N of the sequence, so F, I, W and the boundary send
 *   are divided by N (the later chunks' longer causal attention is not modelled); memory stays per
 *   micro-batch, the engine divides it by N (engine/memory.ts).
 */
import type { ScheduleName } from '../engine/index.ts';
import { costsFileOf, type CostsFile } from './plan.ts';
import type { ScheduleLayout } from './scheduleLayout.ts';
import { decoderIdsOf, planStage, type StageContext, type StagePlan } from './stagePlan.ts';

/** Schedules whose orders issue overlapped F&B ops, each pairing a rank's two stages. */
const OVERLAPPED: ReadonlySet<ScheduleName> = new Set(['dualpipe', 'dualpipev']);

export function takesOverlappedPairs(schedule: ScheduleName): boolean {
  return OVERLAPPED.has(schedule);
}

/** One plan per global stage of the schedule's topology. */
export function scheduleStagePlans(ctx: StageContext, l: ScheduleLayout): StagePlan[] {
  const t = l.topology;
  const ids = decoderIdsOf(l.parts);
  return l.partOfStage.map((part, stage) => {
    const rank = t.stageRank[stage];
    const next = t.nextStage[stage];
    return planStage(ctx, l.parts[part], ids[part], {
      stage,
      rank,
      chunk: t.rankStages[rank].indexOf(stage),
      nextRank: next < 0 ? null : t.stageRank[next],
    });
  });
}

/** FB per stage: the forward of stage s with the backward of the other stage on its rank, ideally overlapped. */
export function overlappedPairUs(stages: readonly StagePlan[], rankStages: readonly number[][]): number[] {
  return stages.map((s) => {
    const mine = rankStages[s.rank];
    const partner = stages[mine.find((x) => x !== s.stage) ?? s.stage];
    const commF = s.allToAllUs.F;
    const commB = partner.allToAllUs.I;
    const compute = s.costs.F - commF + (partner.costs.I - commB) + partner.costs.W;
    return Math.max(compute, commF + commB);
  });
}

/** The costs file the schedule is simulated with. */
export function scheduleCostsFile(
  schedule: ScheduleName,
  stages: readonly StagePlan[],
  l: ScheduleLayout,
  seqSplits: number | undefined,
): CostsFile {
  const file = costsFileOf(stages);
  if (takesOverlappedPairs(schedule)) file.FB = overlappedPairUs(stages, l.topology.rankStages);
  if (seqSplits !== undefined && seqSplits > 1) {
    const per = (xs: number[]) => xs.map((x) => x / seqSplits);
    return { ...file, F: per(file.F), I: per(file.I), W: per(file.W), comm: file.comm / seqSplits };
  }
  return file;
}
