/**
 * The analysis of a measured run (src/measured `analyzeRun`: recognised schedule, fitted costs,
 * replay, idle split, critical path), once per run object. The store keeps only the run (the
 * imported input); the import worker has already analysed it, so its answer is remembered here
 * and the measured page finds it instead of recomputing it on the main thread.
 */
import { analyzeRun, type MeasuredRun, type TraceAnalysis } from '../measured/index.ts';

const analyses = new WeakMap<MeasuredRun, TraceAnalysis>();

/** Remembers an analysis computed elsewhere (the worker) for its run. */
export function rememberAnalysis(a: TraceAnalysis): void {
  analyses.set(a.run, a);
}

export function analysisOf(run: MeasuredRun): TraceAnalysis {
  let a = analyses.get(run);
  if (!a) analyses.set(run, (a = analyzeRun(run)));
  return a;
}
