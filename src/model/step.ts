/**
 * One training step of a simulated schedule (docs/model.md §8.3): its time, throughput, MFU and the
 * memory of every pipeline rank.
 *
 * - Static bytes of a rank: weights (BF16), FP32 main gradients and its optimizer shard for the model
 *   parts it holds, counted as one GPU of the rank holds them — a part on the rank once, and a weight
 *   two of its parts share (the embedding an MTP layer reuses, a tied output layer) once.
 * - Peak bytes of a rank: static + the most activation bytes alive at once in the simulated timeline
 *   (the engine's memory rule with the costs file's per-stage bytes, released at W) + the largest
 *   backward transient of its stages (a full-recompute group being rebuilt, and what it keeps for W).
 * - Step time: the latest rank's end of (its last op + its data-parallel gradient sync + its optimizer
 *   step), µs. The sync is counted after the pipeline, not overlapped with it (an upper bound: Megatron's
 *   --overlap-grad-reduce and --overlap-param-gather hide most of it behind the backward and forward):
 *   with the distributed optimizer (ZeRO-1) a reduce-scatter of FP32 gradients and an all-gather of
 *   the BF16 weights, else an all-reduce of FP32 gradients — ring algorithms, (g − 1)/g of the bytes
 *   per GPU — for dense parameters over DP × CP and for routed experts over the expert-data-parallel
 *   group, on the scale-up link when the group fits in a node, else the NIC. The optimizer step is Adam
 *   over the rank's FP32 shard, memory-bound: 30 B per parameter (read gradient, master weight and two
 *   moments, write the three back and the BF16 weight) at the GPU's HBM bandwidth.
 * - Tokens per second per GPU: micro-batches × micro_batch_size × DP × seq_length tokens per step,
 *   over step time and world_size GPUs.
 * - MFU: Megatron's num_floating_point_operations for the step's global batch over step time × GPUs ×
 *   the dense peak of the precision the GEMMs run in (FP8 with `fp8`, else BF16) — the peak `mfu`
 *   refers to as well.
 */
import type { Timeline } from '../engine/index.ts';
import { computeMetrics, rankEnds } from '../engine/index.ts';
import type { MegatronArgs } from './args.ts';
import { LINK_EFFICIENCY, type GpuPreset } from './hardware.ts';
import type { LayerKind } from './layout.ts';
import { megatronFlops } from './megatron.ts';
import type { ScheduleLayout } from './scheduleLayout.ts';
import { dataParallelGroups, stageHoldings } from './stageMemory.ts';
import { decoderIdsOf, type StageContext, type StagePlan } from './stagePlan.ts';

/** Adam over FP32 master weights: bytes moved per parameter of the shard (see the header). */
export const ADAM_BYTES_PER_PARAMETER = 30;

export interface RankStatic {
  /** weights + gradients + optimizer shard, bytes */
  bytes: number;
  densePerGpu: number;
  expertPerGpu: number;
}

/** What one GPU of each pipeline rank holds of the model parts the schedule places there. */
export function rankStatics(ctx: StageContext, l: ScheduleLayout): RankStatic[] {
  const ids = decoderIdsOf(l.parts);
  return l.topology.rankStages.map((stages) => {
    const parts = [...new Set(stages.map((s) => l.partOfStage[s]))].sort((x, y) => x - y);
    const kinds: LayerKind[] = parts.flatMap((p) => l.parts[p]);
    const held = stageHoldings(
      ctx.a,
      ctx.modules,
      ctx.pattern,
      kinds,
      parts.flatMap((p) => ids[p]),
    );
    return {
      bytes: held.bytes.weights + held.bytes.gradients + held.bytes.optimizer,
      densePerGpu: held.denseParametersPerGpu,
      expertPerGpu: held.expertParametersPerGpu,
    };
  });
}

/** The largest backward transient of each rank's stages, bytes (docs/model.md §5). */
export function rankTransients(stages: readonly StagePlan[], rankStages: readonly number[][]): number[] {
  return rankStages.map((ss) => Math.max(0, ...ss.map((s) => stages[s].recomputeTransientBytes + stages[s].recomputedForWBytes)));
}

/** GB/s of a collective over a group of `span` consecutive GPUs: the scale-up link inside a node, else the NIC. */
function groupGBps(gpu: GpuPreset, span: number): number {
  return span <= gpu.gpusPerNode ? gpu.scaleUpGBps * LINK_EFFICIENCY : gpu.scaleOutGBps;
}

/** µs of the rank's data-parallel gradient sync (and weight all-gather with the distributed optimizer). */
export function dataParallelSyncUs(a: MegatronArgs, gpu: GpuPreset, r: RankStatic): number {
  const groups = dataParallelGroups(a);
  // FP32 gradients (Megatron reduces in FP32 with BF16 training); distributed optimizer: reduce-scatter + BF16 all-gather
  const bytesPerParameter = a.use_distributed_optimizer ? 4 + 2 : 2 * 4;
  const ring = (n: number, g: number, span: number) => (g > 1 ? (n * bytesPerParameter * (g - 1)) / g / (groupGBps(gpu, span) * 1e9) : 0);
  // Megatron's rank orders: dense tp-cp-dp-pp, experts etp-ep-dp-pp — a group spans its size × the inner sizes
  const denseSpan = a.tensor_model_parallel_size * a.context_parallel_size * groups.dense;
  const expertSpan = a.expert_tensor_parallel_size * a.expert_model_parallel_size * groups.expert;
  return (ring(r.densePerGpu, groups.dense, denseSpan) + ring(r.expertPerGpu, groups.expert, expertSpan)) * 1e6;
}

/** µs of the rank's Adam step over its optimizer shard, memory-bound at the GPU's HBM bandwidth. */
export function optimizerStepUs(a: MegatronArgs, gpu: GpuPreset, r: RankStatic): number {
  const groups = dataParallelGroups(a);
  const shard = a.use_distributed_optimizer
    ? r.densePerGpu / groups.dense + r.expertPerGpu / groups.expert
    : r.densePerGpu + r.expertPerGpu;
  return ((ADAM_BYTES_PER_PARAMETER * shard) / (gpu.hbmTBps * 1e12)) * 1e6;
}

export interface StepReport {
  /** step time, ms */
  timeMs: number;
  tokensPerSecondPerGpu: number;
  /** model FLOPs (Megatron's formula) ÷ (step time × GPUs × dense peak of the GEMM precision) */
  mfu: number;
  /** per pipeline rank: static + activation peak + backward transient, bytes */
  peakBytesPerRank: number[];
  /** the simulated pipeline's end, ms */
  makespanMs: number;
  /** the longest data-parallel sync and optimizer step of a rank, ms */
  dataParallelMs: number;
  optimizerMs: number;
  staticBytesPerRank: number[];
  activationBytesPerRank: number[];
  transientBytesPerRank: number[];
  /** HBM of one GPU, bytes; how far the fullest rank is above it (negative: below) */
  hbmBytes: number;
  overHbmBytes: number;
  fits: boolean;
  tokensPerStep: number;
  gpus: number;
  flopsPerStep: number;
  /** the dense peak MFU is measured against, TFLOP/s */
  peakTflops: number;
}

export function stepReport(
  ctx: StageContext,
  microbatches: number,
  statics: readonly RankStatic[],
  transients: readonly number[],
  timeline: Timeline,
): StepReport {
  const { a, gpu } = ctx;
  const metrics = computeMetrics(timeline);
  let stepUs = 0;
  let syncUs = 0;
  let optUs = 0;
  rankEnds(timeline).forEach((end, r) => {
    const sync = dataParallelSyncUs(a, gpu, statics[r]);
    const opt = optimizerStepUs(a, gpu, statics[r]);
    syncUs = Math.max(syncUs, sync);
    optUs = Math.max(optUs, opt);
    stepUs = Math.max(stepUs, end + sync + opt);
  });
  const activation = metrics.peakActivations;
  const peak = statics.map((s, r) => s.bytes + activation[r] + transients[r]);
  const hbm = gpu.hbmGB * 1e9;
  const sequences = microbatches * a.micro_batch_size * a.data_parallel_size;
  const tokens = sequences * a.seq_length;
  const flops = megatronFlops(a, sequences);
  const peakTflops = a.fp8 !== null ? gpu.fp8Tflops : gpu.bf16Tflops;
  const seconds = stepUs / 1e6;
  const over = Math.max(...peak) - hbm;
  return {
    timeMs: stepUs / 1e3,
    tokensPerSecondPerGpu: tokens / seconds / a.world_size,
    mfu: flops / (seconds * a.world_size * peakTflops * 1e12),
    peakBytesPerRank: peak,
    makespanMs: metrics.makespan / 1e3,
    dataParallelMs: syncUs / 1e3,
    optimizerMs: optUs / 1e3,
    staticBytesPerRank: statics.map((s) => s.bytes),
    activationBytesPerRank: activation,
    transientBytesPerRank: transients.slice(),
    hbmBytes: hbm,
    overHbmBytes: over,
    fits: over <= 0,
    tokensPerStep: tokens,
    gpus: a.world_size,
    flopsPerStep: flops,
    peakTflops,
  };
}
