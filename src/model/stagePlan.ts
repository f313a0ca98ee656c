/**
 * One pipeline stage as the planner sees it (docs/model.md §4–§6): what one GPU of the stage holds,
 * its bytes, activation bytes per micro-batch, FLOPs and F/I/W times in µs, the time to send its
 * output to the next stage, and the activation memory each op allocates or frees (bytes).
 *
 * Placement (which rank runs the stage, which chunk of that rank it is, where its output goes) is
 * the caller's: Megatron's (stage k on rank k mod PP, plan.ts) or a schedule's topology
 * (scheduleStages.ts). Everything else depends on the stage's layers alone.
 */
import type { MegatronArgs } from './args.ts';
import type { GpuPreset } from './hardware.ts';
import type { LayerKind } from './layout.ts';
import type { ModuleParameters } from './parameters.ts';
import { stageHoldings } from './stageMemory.ts';
import { p2pUs, stageTime } from './stageTime.ts';

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
  /** bytes alive only while recompute rebuilds one layer (full recompute: one group) in the backward */
  recomputeTransientBytes: number;
  /**
   * bytes recompute rebuilds in I that stay until W (weight-GEMM inputs F did not keep); the
   * schedule's memory rule cannot express an allocation in I, so they are carried beside `memory`
   * and added to a rank's peak (docs/model.md §5)
   */
  recomputedForWBytes: number;
  flops: { F: number; I: number; W: number };
  /** µs per micro-batch on one GPU */
  costs: { F: number; I: number; W: number };
  /** of `costs`, the MoE all-to-all (µs) */
  allToAllUs: { F: number; I: number };
  /** µs to send this stage's output to the next stage (null for the last stage of its pipeline) */
  sendUs: number | null;
  /** activation bytes each op allocates (F ≥ 0) or frees (I, W ≤ 0); F + I + W = 0 */
  memory: { F: number; I: number; W: number };
}

/** What every stage of one configuration shares: the arguments, the module sizes, the MoE pattern, the GPU. */
export interface StageContext {
  a: MegatronArgs;
  modules: ModuleParameters;
  pattern: readonly number[];
  gpu: GpuPreset;
  mfu: number;
}

export interface StagePlacement {
  stage: number;
  rank: number;
  chunk: number;
  /** the rank the stage's output goes to; null at the end of its pipeline */
  nextRank: number | null;
}

export function planStage(ctx: StageContext, kinds: readonly LayerKind[], decoderIds: readonly number[], place: StagePlacement): StagePlan {
  const { a, gpu, mfu } = ctx;
  const held = stageHoldings(a, ctx.modules, ctx.pattern, kinds, decoderIds);
  const time = stageTime(a, held, gpu, mfu);
  const counts: Partial<Record<LayerKind, number>> = {};
  for (const k of kinds) counts[k] = (counts[k] ?? 0) + 1;
  const act = held.activation;
  return {
    stage: place.stage,
    rank: place.rank,
    chunk: place.chunk,
    layers: counts,
    decoderLayers: {
      dense: held.denseDecoders,
      moe: held.moeDecoders,
      first: decoderIds.length > 0 ? decoderIds[0] : null,
      last: decoderIds.length > 0 ? decoderIds[decoderIds.length - 1] : null,
    },
    modelParameters: held.modelParameters,
    parametersPerGpu: held.parametersPerGpu,
    bytes: held.bytes,
    weightAndOptimizerBytes: held.bytes.weights + held.bytes.gradients + held.bytes.optimizer,
    activationBytesPerMicrobatch: act.stored,
    recomputeTransientBytes: act.transient,
    recomputedForWBytes: act.rebuiltForW,
    flops: time.flops,
    costs: time.us,
    allToAllUs: time.allToAllUs,
    sendUs: place.nextRank === null ? null : p2pUs(a, gpu, place.rank, place.nextRank),
    // F keeps `stored`; I frees all but the weight-GEMM inputs, W frees those
    memory: { F: act.stored, I: act.weightGrad - act.stored, W: act.weightGrad === 0 ? 0 : -act.weightGrad },
  };
}

/** Decoder layer ids (0-based, model order) of every stage of a stage list in model order. */
export function decoderIdsOf(stages: readonly (readonly LayerKind[])[]): number[][] {
  let next = 0;
  return stages.map((stage) => stage.filter((k) => k === 'decoder').map(() => next++));
}
