/** Small timelines for the render tests (hand-checked against `pipescope schedule --format text`). */
import { buildSchedule, resolveCosts, simulate, type Costs, type ScheduleParams, type Timeline } from '../engine/index.ts';

export function timelineOf(params: ScheduleParams, costs: Partial<Costs> = {}): Timeline {
  const c = resolveCosts(costs);
  return simulate(buildSchedule(params, c), c);
}
