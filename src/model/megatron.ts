/**
 * Megatron-LM's own estimators, re-run to the byte and the FLOP (docs/model.md §2), for the arguments
 * as given (no validate_args side effects):
 * - `compute_weight_and_optimizer_memory`, `compute_activation_memory` and
 *   `compute_activation_memory_without_sp` of megatron/training/theoretical_memory_usage.py — bytes of
 *   the first (most loaded) pipeline stage;
 * - `num_floating_point_operations` of megatron/training/training.py — FLOPs of one global batch
 *   (forward + backward, 3 GEMMs per weight GEMM; no recompute).
 * Checked against NVIDIA/Megatron-LM d98e8a6 run unmodified (fixtures/golden/megatron-estimates). Every
 * operation keeps Python's int/float distinction and evaluation order (pyNumber.ts), so results agree
 * in the last bit, including float artefacts such as 12367343615.999998.
 */
import type { MegatronArgs } from './args.ts';
import { layerPattern } from './args.ts';
import { add, div, floorDiv, int, min, mul, sub, sum, toNumber, type Py } from './pyNumber.ts';

export interface MegatronParameterReport {
  /** the verbose lines of compute_weight_and_optimizer_memory, as exact counts */
  transformerBlock: number;
  activeTransformerBlock: number;
  mtpBlock: number;
  embedding: number;
  total: number;
  active: number;
  mostLoadedShard: number;
  otherShards: number | null;
}

export interface MegatronEstimates {
  /** bytes of weights, gradients and optimizer state on the most loaded GPU (the first stage) */
  weightAndOptimizerBytes: number;
  /** activation bytes of the first stage with the in-flight micro-batches Megatron assumes */
  activationBytes: number;
  /** which activation formula Megatron picks for these arguments */
  activationFormula: 'compute_activation_memory' | 'compute_activation_memory_without_sp';
  /** FLOPs of one global batch: microbatches × micro_batch_size × data_parallel_size sequences */
  flopsPerIteration: number;
  globalBatchSize: number;
  parameters: MegatronParameterReport;
}

const I = int;
const opt = (x: number | null): bigint | null => (x === null ? null : I(x));

function layerCounts(a: MegatronArgs): { pattern: bigint[]; dense: bigint; moe: bigint } {
  const pattern = layerPattern(a).map(I);
  const moe = sum(pattern);
  return { pattern, dense: I(a.num_layers) - moe, moe };
}

function weightAndOptimizer(a: MegatronArgs): { bytes: Py; report: MegatronParameterReport } {
  const h = I(a.hidden_size);
  const heads = I(a.num_attention_heads);
  const queryProjectionSize = mul(I(a.kv_channels), heads);
  const queryProjectionToHiddenRatio = div(queryProjectionSize, h);
  const groups = a.group_query_attention ? I(a.num_query_groups) : heads;
  const experts = a.num_experts === null ? null : I(a.num_experts);
  const numExperts = experts ?? 1n;
  const gatedMultiplier: Py = a.swiglu ? 3 / 2 : 1n;
  const sharedFfn = opt(a.moe_shared_expert_intermediate_size) ?? 0n;
  const counts = layerCounts(a);
  const denseLayers = counts.dense;
  const moeLayers = counts.moe;
  const moeFfn: Py = experts === null ? 0n : opt(a.moe_ffn_hidden_size)!;
  let mtpMoe = 0n;
  let mtpDense = 0n;
  if (a.mtp_num_layers !== null) {
    const lastIsMoe = counts.pattern[counts.pattern.length - 1];
    mtpMoe = lastIsMoe * I(a.mtp_num_layers);
    mtpDense = (1n - lastIsMoe) * I(a.mtp_num_layers);
  }
  const normSize = a.normalization === 'RMSNorm' ? 1n : 2n;

  let attention: Py;
  if (a.multi_latent_attention) {
    const qHead = add(I(a.qk_head_dim), I(a.qk_pos_emb_head_dim));
    const qTerm = a.q_lora_rank === null ? mul(h, heads, qHead) : mul(I(a.q_lora_rank), add(h, mul(heads, qHead), normSize));
    attention = add(
      qTerm,
      mul(I(a.kv_lora_rank), add(h, mul(heads, add(I(a.qk_head_dim), I(a.v_head_dim))), normSize)),
      mul(h, I(a.qk_pos_emb_head_dim)),
      mul(mul(heads, I(a.v_head_dim)), h),
    );
  } else {
    attention = mul(2n, h, h, mul(add(1n, div(groups, heads)), queryProjectionToHiddenRatio));
  }

  const vocab = I(a.padded_vocab_size);
  const embeddingSize = mul(h, vocab);
  const finalLayernorm = mul(normSize, h);
  const embeddingLayers = a.untie_embeddings_and_output_weights ? mul(2n, embeddingSize) : embeddingSize;
  const denseMlp = mul(2n, h, I(a.ffn_hidden_size), gatedMultiplier);
  const sharedExpert = mul(2n, h, sharedFfn, gatedMultiplier);
  const routedExperts = mul(2n, h, moeFfn, numExperts, gatedMultiplier);
  const activeRoutedExperts = experts === null ? 0n : mul(2n, h, moeFfn, I(a.moe_router_topk), gatedMultiplier);
  const layernorms = mul(2n, h, normSize);
  const router = experts === null ? 0n : add(mul(h, numExperts), a.add_bias_linear ? numExperts : 0n);
  const sharedGate = sharedFfn > 0n && a.moe_shared_expert_gate ? h : 0n;

  const denseLayer = add(attention, denseMlp, layernorms);
  const moeLayer = add(attention, sharedExpert, routedExperts, layernorms, router, sharedGate);
  const activeMoeLayer = add(attention, sharedExpert, activeRoutedExperts, layernorms, router, sharedGate);
  const transformerBlock = add(mul(denseLayer, denseLayers), mul(moeLayer, moeLayers), finalLayernorm);
  const activeTransformerBlock = add(mul(denseLayer, denseLayers), mul(activeMoeLayer, moeLayers), finalLayernorm);
  const mtpBlock = add(mul(denseLayer, mtpDense), mul(moeLayer, mtpMoe));

  const pp = I(a.pipeline_model_parallel_size);
  const tp = I(a.tensor_model_parallel_size);
  const etp = I(a.expert_tensor_parallel_size);
  const ep = I(a.expert_model_parallel_size);
  const expertDataParallel = floorDiv(I(a.world_size), etp * ep * pp);

  const tpShardedBlock = add(mul(add(attention, denseMlp), denseLayers), mul(add(attention, sharedExpert), moeLayers));
  const replicatedBlock = add(mul(layernorms, denseLayers), mul(add(layernorms, router, sharedGate), moeLayers), finalLayernorm);
  const expertBlock = mul(routedExperts, moeLayers);
  const tpShardedMtp = add(mul(add(attention, denseMlp), mtpDense), mul(add(attention, sharedExpert), mtpMoe));
  const replicatedMtp = add(mul(layernorms, mtpDense), mul(add(layernorms, router, sharedGate), mtpMoe));
  const expertMtp = mul(routedExperts, mtpMoe);

  let tpOnMostLoaded: Py = div(add(div(tpShardedBlock, pp), tpShardedMtp, embeddingSize), tp);
  const replicatedOnMostLoaded = add(div(replicatedBlock, pp), replicatedMtp);
  const expertOnMostLoaded = div(add(div(expertBlock, pp), expertMtp), etp * ep);
  let mostLoaded: Py = add(tpOnMostLoaded, replicatedOnMostLoaded, expertOnMostLoaded);
  if (a.untie_embeddings_and_output_weights && a.pipeline_model_parallel_size === 1) {
    tpOnMostLoaded = add(tpOnMostLoaded, div(embeddingSize, tp));
    mostLoaded = add(mostLoaded, div(embeddingSize, tp));
  }
  const otherShards =
    a.pipeline_model_parallel_size > 1
      ? add(div(tpShardedBlock, pp * tp), div(replicatedBlock, pp), div(expertBlock, pp * etp * ep))
      : null;

  const bytesPerParameter = (dataParallel: bigint): Py => (a.use_distributed_optimizer ? add(6n, div(12n, dataParallel)) : 18n);
  const bytes = add(
    mul(add(tpOnMostLoaded, replicatedOnMostLoaded), bytesPerParameter(I(a.data_parallel_size))),
    mul(expertOnMostLoaded, bytesPerParameter(expertDataParallel)),
  );
  return {
    bytes,
    report: {
      transformerBlock: toNumber(transformerBlock),
      activeTransformerBlock: toNumber(activeTransformerBlock),
      mtpBlock: toNumber(mtpBlock),
      embedding: toNumber(embeddingLayers),
      total: toNumber(add(transformerBlock, mtpBlock, embeddingLayers)),
      active: toNumber(add(activeTransformerBlock, mtpBlock, embeddingLayers)),
      mostLoadedShard: toNumber(mostLoaded),
      otherShards: otherShards === null ? null : toNumber(otherShards),
    },
  };
}

/** The pipeline factors both activation formulas share (embedding inputs, interleaving, few micro-batches). */
function pipelineFactors(a: MegatronArgs, perLayerTotal: Py, numMicrobatches: number | null): Py {
  const s = I(a.seq_length);
  const b = I(a.micro_batch_size);
  const pp = I(a.pipeline_model_parallel_size);
  let m = perLayerTotal;
  m = add(m, mul(8n, s, b, pp));
  m = add(m, mul(s, b, I(a.hidden_size), pp));
  if (a.virtual_pipeline_model_parallel_size !== null) {
    const penalty = add(1n, div(sub(pp, 1n), mul(pp, I(a.virtual_pipeline_model_parallel_size))));
    m = mul(m, penalty);
  }
  if (a.virtual_pipeline_model_parallel_size === null && a.pipeline_model_parallel_size > 1 && numMicrobatches !== null) {
    m = mul(m, min(1n, div(I(numMicrobatches), pp)));
  }
  return m;
}

function activationWithSp(a: MegatronArgs, numMicrobatches: number | null): Py {
  const s = I(a.seq_length);
  const b = I(a.micro_batch_size);
  const h = I(a.hidden_size);
  let m: Py = mul(mul(s, b, h), add(18n, mul(4n, div(I(a.ffn_hidden_size), h))));
  m = mul(m, I(a.num_layers));
  m = pipelineFactors(a, m, numMicrobatches);
  if (a.pipeline_model_parallel_size === 1) {
    m = add(m, mul(s, b, h, 4n, add(1n, div(I(a.padded_vocab_size), h))));
  }
  return div(m, I(a.tensor_model_parallel_size));
}

function activationWithoutSp(a: MegatronArgs, numMicrobatches: number | null): Py {
  const s = I(a.seq_length);
  const b = I(a.micro_batch_size);
  const h = I(a.hidden_size);
  const tp = I(a.tensor_model_parallel_size);
  const perLayer = mul(s, b, h, add(10n, div(24n, tp)));
  let m = pipelineFactors(a, mul(perLayer, I(a.num_layers)), numMicrobatches);
  if (a.pipeline_model_parallel_size === 1) {
    const logits = div(mul(s, b, I(a.padded_vocab_size)), tp);
    const finalNormOutput = mul(s, b, h);
    m = add(m, mul(add(logits, finalNormOutput), 2n));
  }
  return mul(m, 1.05);
}

/** training.py `num_floating_point_operations(args, batch_size)` for a standard (non-hybrid) transformer. */
export function megatronFlops(a: MegatronArgs, batchSize: number): number {
  const h = I(a.hidden_size);
  const heads = I(a.num_attention_heads);
  const s = I(a.seq_length);
  const groups = a.group_query_attention ? I(a.num_query_groups) : heads;
  let dense: bigint;
  let moe: bigint;
  let routedTo: bigint;
  let lastIsMoe: bigint;
  if (a.num_experts === null) {
    dense = I(a.num_layers);
    moe = 0n;
    routedTo = 0n;
    lastIsMoe = 0n;
  } else {
    const c = layerCounts(a);
    moe = c.moe;
    dense = c.dense;
    routedTo = I(a.moe_router_topk);
    lastIsMoe = c.pattern[c.pattern.length - 1];
  }
  let mtp = 0n;
  let layers = I(a.num_layers);
  if (a.mtp_num_layers !== null) {
    mtp = I(a.mtp_num_layers);
    moe += lastIsMoe * mtp;
    dense += (1n - lastIsMoe) * mtp;
    layers += mtp;
  }
  const moeFfn = opt(a.moe_ffn_hidden_size) ?? I(a.ffn_hidden_size);
  const sharedFfn = opt(a.moe_shared_expert_intermediate_size) ?? 0n;
  const fb = 3n; // forward, backward wgrad, backward dgrad
  const fma = 2n;
  const ffnExpansion = a.swiglu ? 3n : 2n;

  let attention: Py;
  if (a.multi_latent_attention) {
    const qHead = I(a.qk_head_dim) + I(a.qk_pos_emb_head_dim);
    const qTerm = a.q_lora_rank === null ? h * heads * qHead : I(a.q_lora_rank) * (h + heads * qHead + 1n);
    const projections =
      qTerm +
      I(a.kv_lora_rank) * (h + heads * (I(a.qk_head_dim) + I(a.v_head_dim)) + 1n) +
      h * I(a.qk_pos_emb_head_dim) +
      heads * I(a.v_head_dim) * h;
    // core attention, causal: half of QK^T and of (QK^T)V — float division, as Megatron writes it
    attention = mul(fb * fma, add(add(projections, div(s * (heads * qHead), 2n)), div(s * heads * I(a.v_head_dim), 2n)));
  } else {
    const kv = I(a.kv_channels);
    const q = kv * heads;
    const k = kv * groups;
    const gate = a.attention_output_gate ? q : 0n;
    attention = mul(fb * fma, add(add(h * (q + k + k + gate), mul(div(q * s, 2n), 2n)), q * h));
  }
  const selfAttention = add(0n, mul(attention, layers));
  const mlp =
    fb * fma * h * (I(a.ffn_hidden_size) * ffnExpansion * dense + moeFfn * routedTo * ffnExpansion * moe + sharedFfn * ffnExpansion * moe);
  const mtpNorms = fb * fma * mtp * (3n * h + 2n * h * h);
  const logits = fb * fma * h * I(a.padded_vocab_size) * (mtp + 1n);
  return toNumber(mul(I(batchSize) * s, add(add(add(mlp, selfAttention), mtpNorms), logits)));
}

/** All three Megatron numbers for one global batch of `microbatches` micro-batches per data-parallel rank. */
export function megatronEstimates(a: MegatronArgs, microbatches: number): MegatronEstimates {
  const w = weightAndOptimizer(a);
  const withSp = a.sequence_parallel && a.recompute_granularity === 'selective';
  const globalBatchSize = microbatches * a.micro_batch_size * a.data_parallel_size;
  return {
    weightAndOptimizerBytes: toNumber(w.bytes),
    activationBytes: toNumber(withSp ? activationWithSp(a, microbatches) : activationWithoutSp(a, microbatches)),
    activationFormula: withSp ? 'compute_activation_memory' : 'compute_activation_memory_without_sp',
    flopsPerIteration: megatronFlops(a, globalBatchSize),
    globalBatchSize,
    parameters: w.report,
  };
}
