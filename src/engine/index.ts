/**
 * Public surface of the scheduling engine: build an op order, simulate it, measure it.
 * `buildSchedule(params, costs) → Schedule`, `simulate(schedule, costs) → Timeline`,
 * `computeMetrics(timeline)`, `buildReport(timeline)`. Pure and deterministic (runs in Node, a
 * web worker and the browser). The overlap model lives in ./overlap/index.ts.
 */
export type {
  Costs,
  FBOp,
  Op,
  OpKind,
  Schedule,
  ScheduleName,
  ScheduleParams,
  SimpleKind,
  SimpleOp,
  StageMb,
  TimedOp,
  Timeline,
  Topology,
} from './types.ts';
export { SCHEDULE_NAMES } from './types.ts';
export { ScheduleError } from './errors.ts';
export { COST_KEYS, MAX_COST, UNIT_COSTS, opCost, resolveCosts } from './costs.ts';
export { LIMITS, isScheduleName, referenceNotes, stagesPerRankOf, validateParams } from './validate.ts';
export { buildSchedule, scheduleTopology } from './schedules/index.ts';
export { simulate } from './simulate.ts';
export { activationSeries, activationsAfterOps, computeMetrics, modelPartOf, type Metrics } from './metrics.ts';
export { closedFormBubble, type ClosedForm } from './closedForm.ts';
export { checkOrder } from './orderCheck.ts';
export { checkTimeline } from './invariants.ts';
export { formatOp } from './format.ts';
export { METRIC_UNITS, buildReport, timelineText, type ReportOp, type ScheduleReport } from './report.ts';
export { dualPipeTopology, linearTopology, loopedTopology, stageMicrobatches, vTopology } from './topology.ts';
