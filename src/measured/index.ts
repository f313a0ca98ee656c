/**
 * Public surface of measured-step import (docs/measured.md): per-rank traces of a real training step
 * → one clock → recognised schedule, fitted per-stage costs, simulated replay, idle time and
 * critical path. Pure (no DOM, no node: modules); runs in Node and the browser. Bad input throws
 * interop's `ImportError` (one sentence) and nothing else.
 */
export type { ClockReport, CommKind, MeasuredComm, MeasuredOp, MeasuredRun, RankTrace, TraceFormat } from './types.ts';
export { MAX_TRACE_BYTES, readTraceFiles, type TraceFile } from './files.ts';
export { NO_PP_RANGES, readTorchTrace } from './torchTrace.ts';
export { isMegatronTimer, readMegatronTimer } from './megatronTimer.ts';
export { assembleRun } from './assemble.ts';
export { alignClocks, clockConstraints, type ClockConstraint } from './clock.ts';
export { FIT_KINDS, fitCosts, spreadOf, type FitKind, type FittedCosts, type Spread } from './fit.ts';
export { recognizeSchedule, type FirstDifference, type Recognition } from './recognize.ts';
export { simulateWithStageCosts, stageMeanCosts, type SimulatedStep } from './simulateStages.ts';
export { criticalPath, rankIdle, type CriticalPath, type CriticalStep, type RankIdle } from './idle.ts';
export { analyzeRun, type TraceAnalysis } from './analyze.ts';
export { compareOps, criticalOps, fittedCostsFile, idleBars, type CriticalOp, type IdlePart, type OpComparison } from './compare.ts';
export { REPORT_UNITS, measuredTimeline, traceReport, traceText, type ReportedComm, type ReportedOp, type TraceReport } from './report.ts';
