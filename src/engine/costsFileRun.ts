/**
 * One schedule built and simulated from a costs file (docs/cli.md `--costs-file`): the
 * params validated, the file resolved on the schedule's topology (per-stage costs and memory), the
 * order built with those costs (cost-driven generators read them) and simulated. `pipescope
 * schedule --costs-file` and the model planner's `model --schedule` both run this, so the same file
 * gives the same timeline.
 */
import { resolveStageCosts, type CostsFile } from './costs.ts';
import { buildSchedule, scheduleTopology } from './schedules/index.ts';
import { simulate } from './simulate.ts';
import type { ScheduleParams, Timeline } from './types.ts';
import { referenceNotes, validateParams } from './validate.ts';

export function runWithCostsFile(params: ScheduleParams, file: CostsFile): { timeline: Timeline; notes: string[] } {
  const valid = validateParams(params);
  const costs = resolveStageCosts(file, scheduleTopology(valid));
  const schedule = buildSchedule(valid, costs);
  const timeline = simulate(schedule, costs);
  return { timeline, notes: [...referenceNotes(valid), ...(schedule.notes ?? [])] };
}
