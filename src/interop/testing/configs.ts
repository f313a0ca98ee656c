/**
 * Test-only: a spread of valid (schedule, P, M, v) configurations for every schedule name, so
 * round-trip and invariant tests cover each generator (invalid combinations are skipped by the
 * engine's own rules).
 */
import { SCHEDULE_NAMES, takesStagesPerRank, validateParams } from '../../engine/index.ts';
import type { ScheduleParams } from '../../engine/index.ts';

export function allConfigs(): ScheduleParams[] {
  const out: ScheduleParams[] = [];
  for (const schedule of SCHEDULE_NAMES) {
    for (const ranks of [1, 2, 4]) {
      for (const microbatches of [1, 3, 4, 8, 10]) {
        for (const stagesPerRank of takesStagesPerRank(schedule) ? [1, 2, 3] : [undefined]) {
          const p = { schedule, ranks, microbatches, stagesPerRank };
          try {
            validateParams(p);
            out.push(p);
          } catch {
            // not a valid combination for this schedule
          }
        }
      }
    }
  }
  return out;
}
