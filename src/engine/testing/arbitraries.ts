/**
 * fast-check arbitraries shared by the property tests: any valid (schedule, P, M, v) and any
 * usable costs (halves of small integers, so sums stay exact).
 */
import fc from 'fast-check';
import { resolveCosts } from '../costs.ts';
import type { Costs, ScheduleParams } from '../types.ts';
import { SCHEDULE_NAMES } from '../types.ts';

/** Any valid config: P, M and v drawn wide, then nudged into the schedule's rule. */
export const config: fc.Arbitrary<ScheduleParams> = fc
  .record({
    schedule: fc.constantFrom(...SCHEDULE_NAMES),
    ranks: fc.integer({ min: 1, max: 8 }),
    microbatches: fc.integer({ min: 1, max: 36 }),
    stagesPerRank: fc.integer({ min: 1, max: 4 }),
  })
  .map((p): ScheduleParams => {
    const takesV = p.schedule === 'interleaved-1f1b' || p.schedule === 'looped-bfs';
    let { ranks: P, microbatches: M } = p;
    if (p.schedule === 'dualpipe') {
      P += P % 2;
      M = Math.max(2 * P, M + (M % 2));
    }
    if (p.schedule === 'dualpipev') M = Math.max(2 * P, M);
    if (p.schedule === 'interleaved-1f1b') {
      const rounds = Math.max(1, Math.floor(M / P));
      M -= M % rounds;
    }
    return { schedule: p.schedule, ranks: P, microbatches: M, stagesPerRank: takesV ? p.stagesPerRank : undefined };
  });

const cost = fc.integer({ min: 0, max: 8 }).map((x) => x / 2);
export const costs: fc.Arbitrary<Costs> = fc
  .record({ F: cost, I: cost, W: cost, B: fc.option(cost), FB: fc.option(cost), comm: fc.integer({ min: 0, max: 4 }).map((x) => x / 4) })
  .filter((c) => c.F + c.I + c.W > 0)
  .map((c) => resolveCosts({ ...c, B: c.B ?? undefined, FB: c.FB ?? undefined }));

/** The greedy generators place ops by time and reject a zero-cost F, I or W. */
export const runs = (p: ScheduleParams, c: Costs): boolean =>
  !['zb-h2', 'zb-v-auto', 'v-half', 'v-min'].includes(p.schedule) || (c.F > 0 && c.I > 0 && c.W > 0);
