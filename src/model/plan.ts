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
import { stageHoldings } from './stageMemory.ts';
import { p2pUs, stageTime } from './stageTime.ts';

export interface PlanOptions {
  gpu: GpuPreset;
  /** achieved fraction of the dense peak while computing, 0 < mfu ≤ 1 */
  mfu: number;
  /** micro-batches per global batch and data-parallel rank (default: pipeline_model_parallel_size) */
  microbatches?: number;
  /** a layout string overriding pipeline_model_parallel_layout ("torchtitan" = torchtitan's split) */
  layout?: string;
}

export interface StagePlan {
  stage: number;
  rank: number;
  chunk: number;
  layers: Partial<Record<LayerKind, number>>;
  /** decoder layers of the stage by MLP kind, and their model ids (first, last) */
  decoderLayers: { dense: number; moe: number; first: number | null; last: number | null };
  /** parameters this stage adds to the model (unsharded, shared weights once): stages sum to parameters.unique */
  modelParameters: number;
  /** parameters one GPU of the stage holds (TP/EP-sharded, copies of shared weights included) */
  parametersPerGpu: number;
  bytes: { weights: number; gradients: number; optimizer: number };
  weightAndOptimizerBytes: number;
  activationBytesPerMicrobatch: number;
  /** bytes rebuilt during the backward under full recompute (the largest recompute group) */
  recomputeTransientBytes: number;
  flops: { F: number; I: number; W: number };
  /** µs per micro-batch on one GPU */
  costs: { F: number; I: number; W: number };
  /** of `costs`, the MoE all-to-all (µs) */
  allToAllUs: { F: number; I: number };
  /** µs to send this stage's output to the next stage (null for the last stage) */
  sendUs: number | null;
  /** activation bytes each op allocates (F) or frees (I, W) */
  memory: { F: number; I: number; W: number };
}

/** `pipescope schedule --costs-file` (docs/cli.md): per global stage, µs and bytes. */
export interface CostsFile {
  F: number[];
  I: number[];
  W: number[];
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
  const modules = moduleParameters(a);
  const pattern = layerPattern(a);
  const ids = decoderIds(layout);
  const pp = layout.pipelineParallel;

  const stages: StagePlan[] = layout.stages.map((kinds, stage) => {
    const rank = stage % pp;
    const held = stageHoldings(a, modules, pattern, kinds, ids[stage]);
    const time = stageTime(a, held, o.gpu, o.mfu);
    const counts: Partial<Record<LayerKind, number>> = {};
    for (const k of kinds) counts[k] = (counts[k] ?? 0) + 1;
    const act = held.activation;
    return {
      stage,
      rank,
      chunk: Math.floor(stage / pp),
      layers: counts,
      decoderLayers: {
        dense: held.denseDecoders,
        moe: held.moeDecoders,
        first: ids[stage].length > 0 ? ids[stage][0] : null,
        last: ids[stage].length > 0 ? ids[stage][ids[stage].length - 1] : null,
      },
      modelParameters: held.modelParameters,
      parametersPerGpu: held.parametersPerGpu,
      bytes: held.bytes,
      weightAndOptimizerBytes: held.bytes.weights + held.bytes.gradients + held.bytes.optimizer,
      activationBytesPerMicrobatch: act.stored,
      recomputeTransientBytes: act.transient,
      flops: time.flops,
      costs: time.us,
      allToAllUs: time.allToAllUs,
      sendUs: stage + 1 < layout.stages.length ? p2pUs(a, o.gpu, rank, (stage + 1) % pp) : null,
      memory: { F: act.stored, I: act.weightGrad - act.stored, W: -act.weightGrad },
    };
  });

  const pick = (f: (s: StagePlan) => number) => stages.map(f);
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
    costs: {
      F: pick((s) => s.costs.F),
      I: pick((s) => s.costs.I),
      W: pick((s) => s.costs.W),
      // One latency for every cross-rank dependency (the costs-file contract): the slowest boundary.
      comm: Math.max(0, ...stages.map((s) => s.sendUs ?? 0)),
      memory: { F: pick((s) => s.memory.F), I: pick((s) => s.memory.I), W: pick((s) => s.memory.W) },
    },
  };
}
