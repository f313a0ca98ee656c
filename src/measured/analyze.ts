/**
 * Everything pipescope says about one measured step (docs/measured.md): fitted costs (fit.ts), the
 * schedule it ran (recognize.ts), the replay of its order with the fitted costs (simulateStages.ts),
 * per-rank idle time and the critical path (idle.ts). Pure; times µs unless a field says ms.
 */
import { ScheduleError } from '../engine/index.ts';
import { fitCosts, type FittedCosts } from './fit.ts';
import { criticalPath, rankIdle, type CriticalPath, type RankIdle } from './idle.ts';
import { recognizeSchedule, type Recognition } from './recognize.ts';
import { simulateWithStageCosts, stageMeanCosts, type SimulatedStep } from './simulateStages.ts';
import type { MeasuredRun } from './types.ts';
import { opWaits } from './waits.ts';

export interface TraceAnalysis {
  run: MeasuredRun;
  fitted: FittedCosts;
  recognized: Recognition;
  /** null when the engine cannot replay the order (reason in `notes`) */
  simulated: SimulatedStep | null;
  idle: RankIdle[];
  critical: CriticalPath;
  notes: string[];
}

export function analyzeRun(run: MeasuredRun): TraceAnalysis {
  const notes = [...run.notes];
  const fitted = fitCosts(run);
  notes.push(...fitted.notes);
  let simulated: SimulatedStep | null = null;
  let recognized: Recognition | undefined;
  try {
    recognized = recognizeSchedule(run.order, stageMeanCosts(fitted));
    simulated = simulateWithStageCosts(run.order, fitted);
  } catch (e) {
    if (!(e instanceof ScheduleError)) throw e;
    notes.push(`the engine cannot replay the measured order: ${e.message}`);
    recognized ??= { schedule: null, stagesPerRank: run.order.stagesPerRank, matches: false, reason: e.message };
  }
  const waits = opWaits(run);
  return { run, fitted, recognized: recognized!, simulated, idle: rankIdle(run, waits), critical: criticalPath(run, waits), notes };
}
