/**
 * What one GPU of a pipeline stage holds (docs/model.md §4): its parameters after tensor and expert
 * sharding, their BF16 weights (2 B), FP32 main gradients (4 B) and FP32 master weights + Adam
 * moments (12 B, sharded over the data-parallel group with the distributed optimizer: DP × CP for
 * dense parameters, the expert-data-parallel group for routed experts), and the activation bytes one
 * micro-batch leaves until its backward. Megatron's own estimate (megatron.ts) assumes the same 18 B
 * per parameter but shards over DP only and looks at the first stage only.
 */
import { stageBytes, type StageBytes } from './activations.ts';
import type { MegatronArgs } from './args.ts';
import type { LayerKind } from './layout.ts';
import { mtpIsMoe, plus, times, totalOf, ZERO, type ModuleParameters, type Split } from './parameters.ts';

export interface StageHoldings {
  /** transformer layers in order (decoders, then MTP layers) as dense or MoE */
  layerKinds: ('dense' | 'moe')[];
  denseDecoders: number;
  moeDecoders: number;
  mtpLayers: number;
  hasEmbedding: boolean;
  hasLoss: boolean;
  /** parameters this stage adds to the model, unsharded, each counted once (stages sum to `unique`) */
  modelParameters: number;
  /** parameters one GPU of the stage holds, copies of shared embedding/output weights included */
  parametersPerGpu: number;
  /** of those, the dense ones (data-parallel over DP × CP) and the routed experts' (over the expert-data-parallel group) */
  denseParametersPerGpu: number;
  expertParametersPerGpu: number;
  bytes: { weights: number; gradients: number; optimizer: number };
  activation: StageBytes;
}

/**
 * GPUs sharing one copy of a parameter: the data-parallel group of dense parameters (DP × CP, the
 * group Megatron's distributed optimizer and gradient reduction use) and of routed experts (the
 * expert-data-parallel group, world / (ETP · EP · PP)).
 */
export function dataParallelGroups(a: MegatronArgs): { dense: number; expert: number } {
  return {
    dense: a.data_parallel_size * a.context_parallel_size,
    expert: a.world_size / (a.expert_tensor_parallel_size * a.expert_model_parallel_size * a.pipeline_model_parallel_size),
  };
}

/** Parameters one GPU holds of a module split. */
function perGpu(a: MegatronArgs, s: Split): { dense: number; expert: number } {
  return {
    dense: s.tp / a.tensor_model_parallel_size + s.replicated,
    expert: s.expert / (a.expert_model_parallel_size * a.expert_tensor_parallel_size),
  };
}

/** The layers and parameters of one stage given its layer list and the decoder layer ids it holds. */
export function stageHoldings(
  a: MegatronArgs,
  m: ModuleParameters,
  pattern: readonly number[],
  stage: readonly LayerKind[],
  decoderIds: readonly number[],
): StageHoldings {
  const hasEmbedding = stage.includes('embedding');
  const hasLoss = stage.includes('loss');
  const mtpLayers = stage.filter((k) => k === 'mtp').length;
  const decoderKinds = decoderIds.map((id) => (pattern[id] === 1 ? 'moe' : 'dense') as 'dense' | 'moe');
  const mtpKind: 'dense' | 'moe' = mtpIsMoe(a) ? 'moe' : 'dense';
  const layerKinds = [...decoderKinds, ...Array<'dense' | 'moe'>(mtpLayers).fill(mtpKind)];
  const layerSplit = (k: 'dense' | 'moe') => (k === 'moe' ? m.moeLayer : m.denseLayer);

  // Unique parameters: each module counted on the one stage that owns it.
  const owned: Split[] = layerKinds.map(layerSplit);
  if (hasEmbedding) owned.push(m.embedding);
  if (hasLoss) owned.push(m.finalNorm);
  if (hasLoss && a.untie_embeddings_and_output_weights) owned.push(m.outputLayer);
  owned.push(times(m.mtpExtra, mtpLayers));
  const unique = plus(...owned);

  // Copies Megatron keeps in sync: a tied output layer away from the embedding holds the word
  // embeddings; an MTP stage builds its own embedding (and output layer, when the loss is elsewhere).
  let copies: Split = ZERO;
  if (hasLoss && !a.untie_embeddings_and_output_weights && !hasEmbedding) copies = plus(copies, m.outputLayer);
  if (mtpLayers > 0 && !hasEmbedding) copies = plus(copies, { ...m.embedding, replicated: 0 });
  if (mtpLayers > 0 && !hasLoss) copies = plus(copies, m.outputLayer);
  const held = perGpu(a, plus(unique, copies));

  const { dense: dp, expert: expertDp } = dataParallelGroups(a);
  const shard = (n: number, group: number) => (a.use_distributed_optimizer ? n / group : n);
  const params = held.dense + held.expert;
  return {
    layerKinds,
    denseDecoders: decoderKinds.filter((k) => k === 'dense').length,
    moeDecoders: decoderKinds.filter((k) => k === 'moe').length,
    mtpLayers,
    hasEmbedding,
    hasLoss,
    modelParameters: totalOf(unique),
    parametersPerGpu: params,
    denseParametersPerGpu: held.dense,
    expertParametersPerGpu: held.expert,
    bytes: { weights: 2 * params, gradients: 4 * params, optimizer: 12 * (shard(held.dense, dp) + shard(held.expert, expertDp)) },
    activation: stageBytes(a, layerKinds, { embedding: hasEmbedding, loss: hasLoss, mtpLayers }),
  };
}
