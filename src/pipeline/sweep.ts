/**
 * A design-space sweep (docs/explore.md §1, docs/cli.md `sweep`): every combination of schedule ×
 * ranks P × micro-batches M × stages per rank v × memory limit becomes one row — the engine's
 * verdict (valid, or the engine's own one-sentence reason) and, when it runs, the numbers
 * `pipescope schedule` prints for it: makespan and bubbleRatio, and peakActivations as the
 * largest over ranks. With a model (sweepModel.ts) the per-stage costs come from the planner and
 * the row adds step time, throughput, MFU and peak bytes.
 *
 * One code path with `schedule`: the same validation (paramsIssue), cost resolution
 * (resolveCosts, resolveStageCosts on the schedule's topology), buildSchedule, simulate and
 * computeMetrics — so a valid row equals the single run, number for number. Pure and
 * deterministic: the CLI (serially or in worker_threads) and the Explore view's web workers run it.
 *
 * Units: makespan in the costs' unit (cost units, or µs with a model); peakActivations in model
 * parts (1/modelParts of the model's activations for one micro-batch), or in the costs file's
 * memory unit (bytes with a model).
 */
import { resolveCosts, resolveStageCosts, type CostsFile } from '../engine/costs.ts';
import { ScheduleError } from '../engine/errors.ts';
import { computeMetrics } from '../engine/metrics.ts';
import { buildSchedule, scheduleTopology } from '../engine/schedules/index.ts';
import { simulate } from '../engine/simulate.ts';
import type { Costs, ScheduleName, ScheduleParams, Timeline, Topology } from '../engine/types.ts';
import { paramsIssue, stagesPerRankOf, takesStagesPerRank } from '../engine/validate.ts';
import type { SweepModelSpec } from './sweepModel.ts';

/** The lists a sweep crosses. `stagesPerRank` / `memLimit` null: not given (each schedule's default). */
export interface SweepAxes {
  schedules: readonly ScheduleName[];
  ranks: readonly number[];
  microbatches: readonly number[];
  stagesPerRank: readonly number[] | null;
  memLimit: readonly number[] | null;
}

/** One combination: schedule params as `schedule` takes them (an option absent = not given). */
export interface SweepPoint {
  schedule: ScheduleName;
  ranks: number;
  microbatches: number;
  stagesPerRank?: number;
  memLimit?: number;
}

/** Schedules that take a memory limit (validate.ts OPTION_TAKERS: zb-auto and v-auto). */
export const TAKES_MEM_LIMIT: ReadonlySet<ScheduleName> = new Set(['zb-auto', 'v-auto']);

/**
 * Every combination, schedule-major then P, M, v, memory limit, in the order the lists give.
 * `eachTakes`: give v and the memory limit only to the schedules that take them (the Explore view:
 * a v list then means "for the interleaved schedules"); without it (the CLI, as docs/cli.md
 * specifies) every list is crossed with every schedule, and the engine rejects an option a
 * schedule does not take — a row with its reason.
 */
export function sweepPoints(axes: SweepAxes, eachTakes = false): SweepPoint[] {
  const points: SweepPoint[] = [];
  const none = [undefined];
  for (const schedule of axes.schedules) {
    const vs = axes.stagesPerRank && (!eachTakes || takesStagesPerRank(schedule)) ? axes.stagesPerRank : none;
    const limits = axes.memLimit && (!eachTakes || TAKES_MEM_LIMIT.has(schedule)) ? axes.memLimit : none;
    for (const ranks of axes.ranks)
      for (const microbatches of axes.microbatches)
        for (const v of vs)
          for (const memLimit of limits) {
            const p: SweepPoint = { schedule, ranks, microbatches };
            if (v !== undefined) p.stagesPerRank = v;
            if (memLimit !== undefined) p.memLimit = memLimit;
            points.push(p);
          }
  }
  return points;
}

/** The number of rows `sweepPoints` gives, without building them. */
export function sweepSize(axes: SweepAxes, eachTakes = false): number {
  let n = 0;
  for (const s of axes.schedules) {
    const v = axes.stagesPerRank && (!eachTakes || takesStagesPerRank(s)) ? axes.stagesPerRank.length : 1;
    const m = axes.memLimit && (!eachTakes || TAKES_MEM_LIMIT.has(s)) ? axes.memLimit.length : 1;
    n += axes.ranks.length * axes.microbatches.length * v * m;
  }
  return n;
}

/** Step metrics of a run with a model (sweepModel.ts): physical units. */
export interface StepColumns {
  /** the pipeline's makespan for one step, ms */
  stepTimeMs: number;
  /** tokens one GPU processes per second over the step */
  tokensPerSecondPerGpu: number;
  /** model FLOPs of the step / (GPUs × step time × dense peak), 0..1 */
  mfu: number;
  /** the most loaded rank's weights, gradients, optimizer state and peak activations, bytes */
  peakBytes: number;
}

/**
 * One sweep row: the CLI's columns (docs/cli.md `sweep`). Metrics are null when the combination
 * does not run; the model columns are present only in a sweep with a model.
 */
export interface SweepRow extends Partial<Record<keyof StepColumns, number | null>> {
  schedule: ScheduleName;
  ranks: number;
  microbatches: number;
  /** the stages per rank the schedule runs (the requested value when it does not run) */
  stagesPerRank: number;
  /** the memory limit given; null = the schedule's default (or none) */
  memLimit: number | null;
  valid: boolean;
  /** the engine's (or the model planner's) reason when it does not run */
  reason: string | null;
  makespan: number | null;
  bubbleRatio: number | null;
  /** largest peak over ranks */
  peakActivations: number | null;
}

export const SWEEP_COLUMNS = [
  'schedule',
  'ranks',
  'microbatches',
  'stagesPerRank',
  'memLimit',
  'valid',
  'reason',
  'makespan',
  'bubbleRatio',
  'peakActivations',
] as const;
export const MODEL_COLUMNS = ['stepTimeMs', 'tokensPerSecondPerGpu', 'mfu', 'peakBytes'] as const;

/**
 * Where a sweep's costs come from: one uniform set (`--costs`), a costs file resolved on each
 * combination's topology (`--costs-file`), or a model (sweepModel.ts), which also measures the step.
 */
export interface CostSource {
  /** the costs for this combination's topology; may throw a ScheduleError (or ModelInputError) */
  costsFor(params: ScheduleParams, topology: Topology): Costs;
  /** the model columns of a finished run; absent: the sweep has no model */
  step?(timeline: Timeline, peakPerRank: readonly number[], params: ScheduleParams): StepColumns;
}

export function uniformCosts(partial: Partial<Costs>): CostSource {
  const costs = resolveCosts(partial);
  return { costsFor: () => costs };
}

export function fileCosts(file: CostsFile): CostSource {
  return { costsFor: (_p, topology) => resolveStageCosts(file, topology) };
}

/** Limits the interactive view adds (the engine's op limit is the CLI's). */
export interface SweepLimits {
  maxOps?: { ops: number; who: string };
}

/** Errors that mean "this combination does not run" (as data); anything else is a bug and propagates. */
function isRejection(e: unknown): e is Error {
  // ModelInputError lives in src/model; matched by name so the sweep core does not load the planner
  return e instanceof ScheduleError || (e instanceof Error && /InputError$/.test(e.name));
}

export function evaluatePoint(point: SweepPoint, source: CostSource, limits: SweepLimits = {}): SweepRow {
  const params: ScheduleParams = { schedule: point.schedule, ranks: point.ranks, microbatches: point.microbatches };
  if (point.stagesPerRank !== undefined) params.stagesPerRank = point.stagesPerRank;
  if (point.memLimit !== undefined) params.memLimit = point.memLimit;
  const row: SweepRow = {
    schedule: point.schedule,
    ranks: point.ranks,
    microbatches: point.microbatches,
    stagesPerRank: point.stagesPerRank ?? stagesPerRankOf(params),
    memLimit: point.memLimit ?? null,
    valid: false,
    reason: null,
    makespan: null,
    bubbleRatio: null,
    peakActivations: null,
  };
  if (source.step) for (const c of MODEL_COLUMNS) row[c] = null;
  const issue = paramsIssue(params, limits.maxOps ?? null);
  if (issue) {
    row.reason = issue.message;
    return row;
  }
  try {
    const costs = source.costsFor(params, scheduleTopology(params));
    const schedule = buildSchedule(params, costs);
    const timeline = simulate(schedule, costs);
    const m = computeMetrics(timeline);
    const step = source.step?.(timeline, m.peakActivations, params);
    row.stagesPerRank = schedule.stagesPerRank;
    row.valid = true;
    row.makespan = m.makespan;
    row.bubbleRatio = m.bubbleRatio;
    row.peakActivations = Math.max(...m.peakActivations);
    if (step) Object.assign(row, step);
  } catch (e) {
    if (!isRejection(e)) throw e;
    row.reason = e.message;
  }
  return row;
}

/** A cost source as plain data, for worker threads and web workers (each builds its own source). */
export type SweepSourceSpec =
  { kind: 'costs'; costs: Partial<Costs> } | { kind: 'file'; file: CostsFile } | { kind: 'model'; model: SweepModelSpec };

/** The source a spec names; the model planner is loaded only for a model. */
export async function costSourceOf(spec: SweepSourceSpec): Promise<CostSource> {
  if (spec.kind === 'costs') return uniformCosts(spec.costs);
  if (spec.kind === 'file') return fileCosts(spec.file);
  return (await import('./sweepModel.ts')).modelSource(spec.model);
}
