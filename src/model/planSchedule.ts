/**
 * A model on a schedule (docs/model.md §8): the schedule's layout (scheduleLayout.ts), every global
 * stage planned where the schedule places it (scheduleStages.ts), the costs file, the engine run on
 * that file — the same `runWithCostsFile` as `pipescope schedule --costs-file` — and the step it
 * gives (step.ts). Times µs (step and makespan ms in the report), memory bytes.
 *
 * Memory limits the planner derives from the GPU's HBM, per rank: the budget for activations is HBM −
 * static bytes − the backward transient. zb-auto takes it as its limit (in bytes, the costs file's
 * memory unit); v-auto, whose limit counts whole forward activations of one V chunk, takes the
 * budget ÷ the rank's largest chunk activation, at most 2·PP (the family's ceiling), at least 1.
 */
import { runWithCostsFile, takesStagesPerRank, type ScheduleName, type ScheduleParams, type Timeline } from '../engine/index.ts';
import type { MegatronArgs } from './args.ts';
import { layerPattern } from './args.ts';
import { ModelInputError } from './errors.ts';
import type { GpuPreset } from './hardware.ts';
import { moduleParameters } from './parameters.ts';
import type { CostsFile } from './plan.ts';
import { scheduleLayout, type ScheduleLayout } from './scheduleLayout.ts';
import { scheduleCostsFile, scheduleStagePlans } from './scheduleStages.ts';
import type { StageContext, StagePlan } from './stagePlan.ts';
import { rankStatics, rankTransients, stepReport, type StepReport } from './step.ts';

export interface ScheduleChoice {
  schedule: ScheduleName;
  /** looped schedules: stages per rank (default: virtual_pipeline_model_parallel_size when above 1, else 2) */
  stagesPerRank?: number;
  /** seq1f1b: sequence chunks per micro-batch (default 2) */
  seqSplits?: number;
  /** zb-auto: bytes per rank; v-auto: whole forward activations. Default: from the HBM budget */
  memLimit?: number | number[];
}

export interface ScheduleRunOptions {
  gpu: GpuPreset;
  mfu: number;
  /** micro-batches per step and data-parallel rank (default pipeline_model_parallel_size) */
  microbatches?: number;
  /** a layout string overriding pipeline_model_parallel_layout */
  layout?: string;
}

export interface ScheduleRun {
  /** exactly what the engine ran (pass it to `schedule` with `costs` to get the same timeline) */
  params: ScheduleParams;
  layout: ScheduleLayout;
  stages: StagePlan[];
  costs: CostsFile;
  timeline: Timeline;
  notes: string[];
  step: StepReport;
  /** per rank: HBM − static − backward transient, the bytes left for activations */
  activationBudgetBytes: number[];
}

/** The looped schedules' default stages per rank for this run. */
export function defaultStagesPerRank(a: MegatronArgs): number {
  const v = a.virtual_pipeline_model_parallel_size;
  return v !== null && v > 1 ? v : 2;
}

function engineParams(a: MegatronArgs, c: ScheduleChoice, microbatches: number): ScheduleParams {
  return {
    schedule: c.schedule,
    ranks: a.pipeline_model_parallel_size,
    microbatches,
    ...(takesStagesPerRank(c.schedule) ? { stagesPerRank: c.stagesPerRank ?? defaultStagesPerRank(a) } : {}),
    ...(c.schedule === 'seq1f1b' ? { seqSplits: c.seqSplits ?? 2 } : {}),
  };
}

/** The memory limit zb-auto or v-auto runs under by default: from each rank's activation budget. */
function derivedLimit(
  schedule: ScheduleName,
  budget: number[],
  stages: StagePlan[],
  rankStages: number[][],
): number | number[] | undefined {
  if (schedule !== 'zb-auto' && schedule !== 'v-auto') return undefined;
  const r = budget.findIndex((b) => !(b > 0));
  if (r >= 0)
    throw new ModelInputError(
      'memLimit',
      `rank ${r}'s weights, gradients and optimizer state leave no HBM for activations (${(budget[r] / 1e9).toFixed(1)} GB left)`,
    );
  if (schedule === 'zb-auto') return budget;
  const P = budget.length;
  const chunks = budget.map((b, rank) => Math.floor(b / Math.max(1, ...rankStages[rank].map((s) => stages[s].memory.F))));
  const limit = Math.min(2 * P, ...chunks);
  if (limit < 1)
    throw new ModelInputError(
      'memLimit',
      `not even one forward activation of a V chunk fits beside the weights on rank ${chunks.indexOf(limit)}`,
    );
  return limit;
}

export function planSchedule(a: MegatronArgs, o: ScheduleRunOptions, c: ScheduleChoice): ScheduleRun {
  if (!(o.mfu > 0 && o.mfu <= 1)) throw new ModelInputError('mfu', `must be a number above 0 and at most 1; got ${o.mfu}`);
  const microbatches = o.microbatches ?? a.pipeline_model_parallel_size;
  const params = engineParams(a, c, microbatches);
  const layout = scheduleLayout(a, params, o.layout);
  const ctx: StageContext = { a, modules: moduleParameters(a), pattern: layerPattern(a), gpu: o.gpu, mfu: o.mfu };
  const stages = scheduleStagePlans(ctx, layout);
  const costs = scheduleCostsFile(c.schedule, stages, layout, params.seqSplits);
  const statics = rankStatics(ctx, layout);
  const rankStages = layout.topology.rankStages;
  const transients = rankTransients(stages, rankStages);
  const budget = statics.map((s, r) => o.gpu.hbmGB * 1e9 - s.bytes - transients[r]);
  const memLimit = c.memLimit ?? derivedLimit(c.schedule, budget, stages, rankStages);
  const ran: ScheduleParams = memLimit === undefined ? params : { ...params, memLimit };
  const { timeline, notes } = runWithCostsFile(ran, costs);
  return {
    params: ran,
    layout,
    stages,
    costs,
    timeline,
    notes,
    step: stepReport(ctx, microbatches, statics, transients, timeline),
    activationBudgetBytes: budget,
  };
}
