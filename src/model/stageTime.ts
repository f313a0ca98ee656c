/**
 * Time of a stage's F, I and W for one micro-batch on one GPU, in microseconds (docs/model.md §6;
 * physical time is µs throughout pipescope, docs/units.md).
 * - Compute: FLOPs per GPU (stage FLOPs / (TP · CP)) at `mfu` × the GPU's dense peak; GEMMs at the FP8
 *   peak when `fp8` is set, attention at BF16.
 * - MoE all-to-all: dispatch + combine per MoE layer in F and again in I, from the overlap engine's byte
 *   and link model (src/engine/overlap/commModel.ts: T·k·h values per GPU, one IB copy per target
 *   node, NVLink fan-out, full bandwidth), not hidden behind compute: what an overlapped FB op saves
 *   is the engine's business.
 * - Recompute: full adds the whole forward (all-to-all included) to I; selective adds what its
 *   recompute_modules re-run (flops.ts recomputeFlops; a re-run MoE layer's all-to-all too).
 * - P2P: the activation (or its gradient) a stage boundary carries, 2·T·h bytes per GPU (÷ TP with
 *   sequence parallelism), over the scale-up link when both ranks share a node (Megatron's rank order
 *   tp-cp-ep-dp-pp puts consecutive pipeline ranks TP·CP·DP GPUs apart), else over the NIC.
 */
import { combineBytes, commDurationUs, dispatchBytes, type MoeShape } from '../engine/overlap/index.ts';
import type { MegatronArgs } from './args.ts';
import { addFlops, layerFlops, lossFlops, mtpExtraFlops, NO_FLOPS, recomputeFlops, type Flops } from './flops.ts';
import { LINK_EFFICIENCY, overlapHardware, type GpuPreset } from './hardware.ts';
import type { StageHoldings } from './stageMemory.ts';

export interface StageTime {
  /** FLOPs one GPU does per micro-batch */
  flops: { F: number; I: number; W: number };
  /** µs per micro-batch, communication and recompute included */
  us: { F: number; I: number; W: number };
  /** of `us`, the MoE all-to-all (dispatch + combine) in F and in I */
  allToAllUs: { F: number; I: number };
}

export function stageFlops(a: MegatronArgs, s: StageHoldings): Flops {
  const layers = s.layerKinds.map((k) => layerFlops(a, k));
  return addFlops(NO_FLOPS, ...layers, s.hasLoss ? lossFlops(a) : NO_FLOPS, ...Array<Flops>(s.mtpLayers).fill(mtpExtraFlops(a)));
}

/** All-to-all time of one MoE layer in one direction (dispatch + combine), µs. */
export function allToAllUs(a: MegatronArgs, gpu: GpuPreset): number {
  // Without expert parallelism every expert is local: no all-to-all between GPUs.
  if (a.num_experts === null || a.expert_model_parallel_size === 1) return 0;
  const tokens = (a.seq_length * a.micro_batch_size) / a.context_parallel_size / (a.sequence_parallel ? a.tensor_model_parallel_size : 1);
  const shape: MoeShape = {
    tokens,
    hidden: a.hidden_size,
    topK: a.moe_router_topk,
    maxNodes: a.moe_router_group_topk ?? a.moe_router_topk,
    gpusPerNode: gpu.gpusPerNode,
    // An expert group is EP × ETP consecutive GPUs (Megatron's expert rank order etp-ep-dp-pp), which
    // decides how many nodes the tokens can reach.
    expertParallel: a.expert_model_parallel_size * a.expert_tensor_parallel_size,
    dispatchBytesPerValue: a.fp8 !== null ? 1 + 4 / 128 : 2,
    combineBytesPerValue: 2,
    ppBytesPerValue: 2,
  };
  const hw = overlapHardware(gpu);
  return commDurationUs(dispatchBytes(shape), hw, hw.saturationSms, 0) + commDurationUs(combineBytes(shape), hw, hw.saturationSms, 0);
}

/** µs selective recompute adds to I: the re-run modules' GEMMs and attention, and a re-run MoE layer's all-to-all. */
function selectiveRecomputeUs(
  a: MegatronArgs,
  s: StageHoldings,
  gpu: GpuPreset,
  split: number,
  gemmPeak: number,
  attnPeak: number,
): number {
  if (a.recompute_granularity !== 'selective') return 0;
  const f = addFlops(NO_FLOPS, ...s.layerKinds.map((k) => recomputeFlops(a, k)));
  const moeAgain = a.recompute_modules.includes('moe') ? s.layerKinds.filter((k) => k === 'moe').length * allToAllUs(a, gpu) : 0;
  return (f.gemm / split / gemmPeak + f.attention / split / attnPeak) * 1e6 + moeAgain;
}

export function stageTime(a: MegatronArgs, s: StageHoldings, gpu: GpuPreset, mfu: number): StageTime {
  const f = stageFlops(a, s);
  const split = a.tensor_model_parallel_size * a.context_parallel_size;
  const gemmPeak = (a.fp8 !== null ? gpu.fp8Tflops : gpu.bf16Tflops) * 1e12 * mfu;
  const attnPeak = gpu.bf16Tflops * 1e12 * mfu;
  const gemmUs = (f.gemm / split / gemmPeak) * 1e6;
  const attnUs = (f.attention / split / attnPeak) * 1e6;
  const moeLayers = s.layerKinds.filter((k) => k === 'moe').length;
  const a2a = moeLayers * allToAllUs(a, gpu);
  const forward = gemmUs + attnUs + a2a;
  const recompute = a.recompute_granularity === 'full' ? forward : selectiveRecomputeUs(a, s, gpu, split, gemmPeak, attnPeak);
  return {
    flops: { F: (f.gemm + f.attention) / split, I: (f.gemm + 2 * f.attention) / split, W: f.gemm / split },
    us: { F: forward, I: gemmUs + 2 * attnUs + a2a + recompute, W: gemmUs },
    allToAllUs: { F: a2a, I: a2a },
  };
}

/** Bytes one GPU sends across a stage boundary per micro-batch (activation forward, gradient backward). */
export function boundaryBytes(a: MegatronArgs): number {
  const tokens = (a.seq_length * a.micro_batch_size) / a.context_parallel_size;
  return (2 * tokens * a.hidden_size) / (a.sequence_parallel ? a.tensor_model_parallel_size : 1);
}

/** Whether pipeline ranks r and r' sit on the same node (Megatron's rank order tp-cp-ep-dp-pp). */
export function sameNode(a: MegatronArgs, gpu: GpuPreset, rank: number, next: number): boolean {
  const stride = a.tensor_model_parallel_size * a.context_parallel_size * a.data_parallel_size;
  return Math.floor((rank * stride) / gpu.gpusPerNode) === Math.floor((next * stride) / gpu.gpusPerNode);
}

/** µs to send one boundary tensor from pipeline rank `rank` to `next`. */
export function p2pUs(a: MegatronArgs, gpu: GpuPreset, rank: number, next: number): number {
  if (rank === next) return 0;
  const gbps = sameNode(a, gpu, rank, next) ? gpu.peerGBps * LINK_EFFICIENCY : gpu.scaleOutGBps;
  return (boundaryBytes(a) / (gbps * 1e9)) * 1e6;
}
