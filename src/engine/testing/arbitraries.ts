/**
 * fast-check arbitraries shared by the property tests: any valid (schedule, P, M, v and the
 * schedule's options) and any usable costs (halves of small integers, so sums stay exact).
 */
import fc from 'fast-check';
import { resolveCosts } from '../costs.ts';
import { costDrivenIssue } from '../schedules/index.ts';
import type { Costs, ScheduleParams } from '../types.ts';
import { SCHEDULE_NAMES } from '../types.ts';
import { takesStagesPerRank } from '../validate.ts';

/** Any valid config: P, M and v drawn wide, then nudged into the schedule's rule. */
export const config: fc.Arbitrary<ScheduleParams> = fc
  .record({
    schedule: fc.constantFrom(...SCHEDULE_NAMES),
    ranks: fc.integer({ min: 1, max: 8 }),
    microbatches: fc.integer({ min: 1, max: 36 }),
    stagesPerRank: fc.integer({ min: 1, max: 4 }),
    seqSplits: fc.integer({ min: 1, max: 3 }),
  })
  .map((p): ScheduleParams => {
    let { ranks: P, microbatches: M } = p;
    if (p.schedule === 'dualpipe') {
      P += P % 2;
      M = Math.max(2 * P, M + (M % 2));
    }
    if (p.schedule === 'dualpipev') M = Math.max(2 * P, M);
    if (p.schedule === 'interleaved-1f1b' || p.schedule === 'interleaved-zb') {
      const rounds = Math.max(1, Math.floor(M / P));
      M -= M % rounds;
    }
    // Megatron: group size P ≤ M, and the last group is full
    if (p.schedule === 'interleaved-1f1b-megatron') M = Math.max(P, M - (M % P));
    // the building-block search takes seconds at P = 8 (vAuto.test.ts covers it)
    if (p.schedule === 'v-auto') [P, M] = [Math.min(Math.max(P, 2), 4), Math.min(M, 12)];
    return {
      schedule: p.schedule,
      ranks: P,
      microbatches: M,
      ...(takesStagesPerRank(p.schedule) ? { stagesPerRank: p.stagesPerRank } : {}),
      ...(p.schedule === 'seq1f1b' ? { seqSplits: p.seqSplits } : {}),
    };
  });

const cost = fc.integer({ min: 0, max: 8 }).map((x) => x / 2);
export const costs: fc.Arbitrary<Costs> = fc
  .record({ F: cost, I: cost, W: cost, B: fc.option(cost), FB: fc.option(cost), comm: fc.integer({ min: 0, max: 4 }).map((x) => x / 4) })
  .filter((c) => c.F + c.I + c.W > 0)
  .map((c) => resolveCosts({ ...c, B: c.B ?? undefined, FB: c.FB ?? undefined }));

/** The greedy generators place ops by time and reject a zero-cost F, I or W (the engine's own rule). */
export const runs = (p: ScheduleParams, c: Costs): boolean => costDrivenIssue(p.schedule, c) === null;
