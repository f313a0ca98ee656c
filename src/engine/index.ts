/**
 * Public surface of the scheduling engine: build an op order, simulate it, measure it.
 * `buildSchedule(params, costs) → Schedule`, `simulate(schedule, costs) → Timeline`,
 * `computeMetrics(timeline)`, `buildReport(timeline)`. The rules every view reads rather than
 * restates: dependencies and cross-rank sends (dependencies.ts), activation memory (memory.ts),
 * stage directions (topology.ts), rejected input as data (errors.ts). Pure and deterministic (runs
 * in Node, a web worker and the browser). The overlap model lives in ./overlap/index.ts.
 */
export type {
  Costs,
  StageCosts,
  StageMemory,
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
export { DeadlockError, ScheduleError, type BlockedRank, type InputIssue, type ScheduleField } from './errors.ts';
export {
  COST_KEYS,
  MAX_COST,
  UNIT_COSTS,
  costsIssue,
  opCost,
  resolveCosts,
  resolveStageCosts,
  stageMemoryOf,
  medianOf,
  type CostsFile,
  type StageValues,
} from './costs.ts';
export {
  LIMITS,
  isScheduleName,
  paramsIssue,
  referenceNotes,
  stagesPerRankOf,
  takesStagesPerRank,
  validateParams,
  type ValidParams,
} from './validate.ts';
export { buildSchedule, costDrivenIssue, reusingBuilder, scheduleTopology } from './schedules/index.ts';
export { runWithCostsFile } from './costsFileRun.ts';
export { deadlockMessage, simulate } from './simulate.ts';
export { computeMetrics, modelPartOf, rankEnds, timelineMakespan, type Metrics } from './metrics.ts';
export {
  activationRule,
  activationSeries,
  activationSteps,
  activationsAfterOps,
  allocatedAtStart,
  allocates,
  freedAtEnd,
  frees,
  peakActivation,
  peakActivationOfRank,
  rankActivationSteps,
  rankAliveAtAllocations,
  type ActivationRule,
  type ReleaseAt,
} from './memory.ts';
export {
  FB_HALVES,
  FWD,
  GRAD,
  IDONE,
  SENDS_ACTIVATION,
  SENDS_GRADIENT,
  arrival,
  crossRankEdges,
  crossesRanks,
  dependencyIndex,
  edgesOf,
  halfCount,
  halfKind,
  halfMicrobatch,
  halfSplit,
  halfStage,
  halfUnit,
  halvesOf,
  inputsOf,
  opOf,
  opSends,
  receivedSlots,
  rowSends,
  sendTarget,
  sendsTable,
  type DependencyIndex,
  type Edge,
  type Half,
  type SlotKind,
} from './dependencies.ts';
export {
  OP_B,
  OP_F,
  OP_FB,
  OP_I,
  OP_KIND_NAMES,
  OP_W,
  OpColumnsBuilder,
  columnBytes,
  columnsFromOps,
  opAt,
  opKindCode,
  opsFromColumns,
  type OpColumns,
} from './columns.ts';
export {
  columnSchedule,
  columnTimeline,
  hasColumns,
  scheduleColumns,
  timelineColumns,
  withColumns,
  type TimelineColumns,
} from './views.ts';
export { closedFormBubble, uniformCosts, type ClosedForm } from './closedForm.ts';
export {
  generatorMemLimit,
  hasStageLists,
  opShare,
  resolveBasisCosts,
  shareOf,
  shareToStageFile,
  stageShare,
  type CostBasis,
} from './costBasis.ts';
export { checkOrder, orderProblem, type OpLocator, type OrderProblem } from './orderCheck.ts';
export { checkTimeline } from './invariants.ts';
export { matchBuiltIn, sameOp, samePlacement, type OrderDifference, type OrderMatch } from './matchOrder.ts';
export { formatOp } from './format.ts';
export { METRIC_UNITS, buildReport, timelineText, type ReportOp, type ScheduleReport } from './report.ts';
export {
  chainTopology,
  dualPipeTopology,
  hasTwoDirections,
  inferTopology,
  linearTopology,
  loopedTopology,
  stageChunk,
  stageDirection,
  stageMicrobatches,
  vTopology,
} from './topology.ts';
