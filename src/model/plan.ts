/**
 * The model planner (docs/model.md): from Megatron arguments, a layout and a GPU, everything the CLI's
 * `model` command and the engine's per-stage simulation need —
 * - `parameters`: model totals (parameters.ts);
 * - `megatron`: Megatron-LM's own estimates, to the byte and FLOP (megatron.ts);
 * - `layout`: Megatron's per-rank, per-virtual-stage layer lists (layout.ts);
 * - `stages`: pipescope's per-stage model, one entry per global stage (stage k on rank k mod PP,
 *   chunk k div PP): what its GPUs hold, their bytes, FLOPs, F/I/W times (µs) and memory deltas;
 * - `costs`: the same numbers in the `schedule --costs-file` format of docs/cli.md (times in µs,
 *   memory in bytes; F allocates, I and W free, F + I + W = 0 per stage).
 */
import type { MegatronArgs } from './args.ts';
import { layerPattern } from './args.ts';
import { ModelInputError } from './errors.ts';
import type { GpuPreset } from './hardware.ts';
import { decoderIds, resolveLayout, type LayerKind, type PipelineLayout } from './layout.ts';
import { megatronEstimates, type MegatronEstimates } from './megatron.ts';
import { moduleParameters, parameterTotals, type ParameterTotals } from './parameters.ts';
import { planStage, type StageContext, type StagePlan } from './stagePlan.ts';

export interface PlanOptions {
  gpu: GpuPreset;
  /** achieved fraction of the dense peak while computing, 0 < mfu ≤ 1 */
  mfu: number;
  /** micro-batches per global batch and data-parallel rank (default: pipeline_model_parallel_size) */
  microbatches?: number;
  /** a layout string overriding pipeline_model_parallel_layout ("torchtitan" = torchtitan's split) */
  layout?: string;
}

export type { StagePlan } from './stagePlan.ts';

/** `pipescope schedule --costs-file` (docs/cli.md): per global stage, µs and bytes. */
export interface CostsFile {
  F: number[];
  I: number[];
  W: number[];
  /** an overlapped F&B pair, by its forward half's stage (only for schedules that issue FB ops) */
  FB?: number[];
  comm: number;
  memory: { F: number[]; I: number[]; W: number[] };
}

export interface ModelPlan {
  /** one sentence each: where the plan departs from what Megatron would do with these arguments */
  warnings: string[];
  parameters: ParameterTotals;
  megatron: MegatronEstimates;
  layout: LayerKind[][][];
  layoutText: string;
  layoutSource: PipelineLayout['source'];
  microbatches: number;
  hardware: { id: string; name: string; mfu: number; precision: 'bf16' | 'fp8' };
  stages: StagePlan[];
  costs: CostsFile;
}

export function planModel(a: MegatronArgs, o: PlanOptions): ModelPlan {
  if (!(o.mfu > 0 && o.mfu <= 1)) throw new ModelInputError('mfu', `must be a number above 0 and at most 1; got ${o.mfu}`);
  const microbatches = o.microbatches ?? a.pipeline_model_parallel_size;
  if (!Number.isInteger(microbatches) || microbatches < 1)
    throw new ModelInputError('microbatches', `must be a whole number ≥ 1; got ${microbatches}`);
  const { layout, warnings } = resolveLayout(a, o.layout);
  const ctx: StageContext = { a, modules: moduleParameters(a), pattern: layerPattern(a), gpu: o.gpu, mfu: o.mfu };
  const ids = decoderIds(layout);
  const pp = layout.pipelineParallel;
  // Megatron's placement: stage k on rank k mod PP as its chunk k div PP, output to stage k + 1.
  const stages: StagePlan[] = layout.stages.map((kinds, stage) =>
    planStage(ctx, kinds, ids[stage], {
      stage,
      rank: stage % pp,
      chunk: Math.floor(stage / pp),
      nextRank: stage + 1 < layout.stages.length ? (stage + 1) % pp : null,
    }),
  );

  return {
    warnings,
    parameters: parameterTotals(a),
    megatron: megatronEstimates(a, microbatches),
    layout: layout.byRank,
    layoutText: layout.text,
    layoutSource: layout.source,
    microbatches,
    hardware: { id: o.gpu.id, name: o.gpu.name, mfu: o.mfu, precision: a.fp8 !== null ? 'fp8' : 'bf16' },
    stages,
    costs: costsFileOf(stages),
  };
}

/** The stages' F, I, W (µs) and memory (bytes) in the costs-file format, stage by stage. */
export function costsFileOf(stages: readonly StagePlan[]): CostsFile {
  const pick = (f: (s: StagePlan) => number) => stages.map(f);
  return {
    F: pick((s) => s.costs.F),
    I: pick((s) => s.costs.I),
    W: pick((s) => s.costs.W),
    // One latency for every cross-rank dependency (the costs-file contract): the slowest boundary.
    comm: Math.max(0, ...stages.map((s) => s.sendUs ?? 0)),
    memory: { F: pick((s) => s.memory.F), I: pick((s) => s.memory.I), W: pick((s) => s.memory.W) },
  };
}
