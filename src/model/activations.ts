/**
 * Activation bytes one micro-batch leaves on one GPU of a stage until its backward (docs/model.md §5).
 *
 * Each term is a tensor a backward needs, in BF16 (2 B) unless noted, after Korthikanti et al. 2022
 * (arXiv 2205.05198, §4.1 and Table 2), generalised to GQA, MLA, SwiGLU and MoE:
 * - T = seq_length · micro_batch_size / CP tokens; tensors outside the tensor-parallel regions (norm
 *   inputs and outputs, dropout masks) are divided by TP only with sequence parallelism;
 * - attention runs as a fused (flash) kernel: it keeps Q, K, V, its output and the fp32 log-sum-exp,
 *   never the s×s score matrix, so selective recompute (core_attn) stores the same tensors;
 * - dropout masks (1 B per element) only when hidden_dropout > 0;
 * - MoE: each GPU runs T·k·ETP/TP token-expert pairs; it keeps the dispatched tokens, the fc1 and
 *   activation outputs of its experts, the expert outputs for the weighted combine, and the fp32
 *   router probabilities;
 * - full recompute keeps only each recompute group's input (uniform: every recompute_num_layers
 *   layers; block: the first recompute_num_layers layers of the stage) and rebuilds the rest in the
 *   backward: the largest group is reported as transient bytes.
 * `weightGrad` is the part only the weight-gradient pass (W) still needs: the inputs of weight GEMMs.
 * With Korthikanti's assumptions (MHA, GeLU, ffn = 4h, dropout, no SP) a layer is 34·s·b·h bytes.
 */
import type { MegatronArgs } from './args.ts';

export interface Bytes {
  /** bytes kept from the forward until the backward of this micro-batch */
  stored: number;
  /** of those (or recomputed), the inputs of weight GEMMs, kept until W */
  weightGrad: number;
}

const NONE: Bytes = { stored: 0, weightGrad: 0 };
const sum = (...xs: Bytes[]): Bytes =>
  xs.reduce((a, b) => ({ stored: a.stored + b.stored, weightGrad: a.weightGrad + b.weightGrad }), NONE);

interface Shape {
  tokens: number;
  h: number;
  /** factor for tensors outside TP regions: 1/TP with sequence parallelism, else 1 */
  rep: number;
  tp: number;
  mask: number;
}

function shapeOf(a: MegatronArgs): Shape {
  const tp = a.tensor_model_parallel_size;
  return {
    tokens: (a.seq_length * a.micro_batch_size) / a.context_parallel_size,
    h: a.hidden_size,
    rep: a.sequence_parallel ? 1 / tp : 1,
    tp,
    mask: a.hidden_dropout > 0 ? 1 : 0,
  };
}

/** Attention block: norm input, GEMM inputs, what the fused attention kernel keeps, output dropout mask. */
function attention(a: MegatronArgs, s: Shape): Bytes {
  const { tokens: T, h, rep, tp } = s;
  const normIn = 2 * T * h * rep;
  const gemmIn = 2 * T * h * rep; // norm output, input of QKV (or the MLA down projections)
  const mask = s.mask * T * h * rep;
  const heads = a.num_attention_heads;
  let inner: Bytes;
  if (a.multi_latent_attention) {
    const qHead = a.qk_head_dim + a.qk_pos_emb_head_dim;
    const qLatent = a.q_lora_rank === null ? 0 : 2 * (2 * T * a.q_lora_rank * rep); // norm input + up-proj input
    const kvLatent = 2 * T * (a.kv_lora_rank + a.qk_pos_emb_head_dim) * rep + 2 * T * a.kv_lora_rank * rep;
    const qkv = (2 * T * heads * (2 * qHead + a.v_head_dim)) / tp;
    const out = (2 * T * heads * a.v_head_dim) / tp;
    const weightGrad = (a.q_lora_rank === null ? 0 : 2 * T * a.q_lora_rank * rep) + 2 * T * a.kv_lora_rank * rep + out;
    inner = { stored: qLatent + kvLatent + qkv + out + (4 * T * heads) / tp, weightGrad };
  } else {
    const q = heads * a.kv_channels;
    const k = (a.group_query_attention ? a.num_query_groups : heads) * a.kv_channels;
    const qkNorm = a.qk_layernorm ? (2 * T * (q + k)) / tp : 0;
    const qkv = (2 * T * (q + 2 * k)) / tp;
    const out = (2 * T * q) / tp;
    inner = { stored: qkNorm + qkv + out + (4 * T * heads) / tp, weightGrad: out };
  }
  return sum({ stored: normIn + gemmIn + mask, weightGrad: gemmIn }, inner);
}

/** A dense MLP of width `ffn` (also a shared expert): fc1 input, fc1 output, activation output. */
function mlp(a: MegatronArgs, s: Shape, ffn: number, includeInput: boolean): Bytes {
  const { tokens: T, h, rep, tp } = s;
  const glu = a.swiglu ? 2 : 1;
  const input = includeInput ? 2 * T * h * rep : 0;
  const fc1Out = (2 * T * ffn * glu) / tp;
  const actOut = (2 * T * ffn) / tp;
  return { stored: input + fc1Out + actOut, weightGrad: input + actOut };
}

function moe(a: MegatronArgs, s: Shape): Bytes {
  const { tokens: T, h, rep, tp } = s;
  const glu = a.swiglu ? 2 : 1;
  const etp = a.expert_tensor_parallel_size;
  const expertFfn = a.moe_ffn_hidden_size ?? a.ffn_hidden_size;
  const pairs = (T * a.moe_router_topk * etp) / tp;
  const routerProbs = 4 * T * rep * (a.num_experts ?? 0);
  const dispatched = 2 * pairs * h;
  const fc1Out = (2 * pairs * expertFfn * glu) / etp;
  const actOut = (2 * pairs * expertFfn) / etp;
  const expertOut = 2 * pairs * h;
  const routed: Bytes = { stored: routerProbs + dispatched + fc1Out + actOut + expertOut, weightGrad: dispatched + actOut };
  const shared = a.moe_shared_expert_intermediate_size ?? 0;
  return sum(routed, shared > 0 ? mlp(a, s, shared, false) : NONE);
}

/** One decoder (or MTP) transformer layer, stored in full. */
export function layerBytes(a: MegatronArgs, kind: 'dense' | 'moe'): Bytes {
  const s = shapeOf(a);
  const { tokens: T, h, rep } = s;
  const mlpBlock: Bytes = { stored: 2 * T * h * rep + 2 * T * h * rep + s.mask * T * h * rep, weightGrad: 2 * T * h * rep }; // norm in, norm out, mask
  const inner = kind === 'moe' ? moe(a, s) : mlp(a, s, a.ffn_hidden_size, false);
  return sum(attention(a, s), mlpBlock, inner);
}

/** The input of a layer: what full recompute keeps per checkpointed group. */
export function layerInputBytes(a: MegatronArgs): number {
  const s = shapeOf(a);
  return 2 * s.tokens * s.h * s.rep;
}

/** Embedding stage extras: int64 token ids and the embedding dropout mask. */
export function embeddingBytes(a: MegatronArgs): Bytes {
  const s = shapeOf(a);
  return { stored: 8 * s.tokens + s.mask * s.tokens * s.h * s.rep, weightGrad: 0 };
}

/** Loss stage: final norm input, output-layer input and the fp32 logits the cross entropy keeps. */
export function lossBytes(a: MegatronArgs): Bytes {
  const s = shapeOf(a);
  const headIn = 2 * s.tokens * s.h * s.rep;
  return { stored: headIn + headIn + (4 * s.tokens * a.padded_vocab_size) / s.tp, weightGrad: headIn };
}

/** An MTP layer without its transformer layer: embedding of the shifted tokens, enorm/hnorm, eh_proj, its own head and loss. */
export function mtpExtraBytes(a: MegatronArgs): Bytes {
  const s = shapeOf(a);
  const { tokens: T, h, rep } = s;
  const norms = 2 * (2 * T * h * rep);
  const ehIn = 2 * T * 2 * h * rep;
  return sum(embeddingBytes(a), { stored: norms + ehIn, weightGrad: ehIn }, lossBytes(a));
}

export interface StageBytes extends Bytes {
  /** extra bytes live while one recompute group is rebuilt in the backward (full recompute only) */
  transient: number;
}

/**
 * A stage's activation bytes for one micro-batch given its transformer layers in order
 * ('dense' | 'moe', MTP layers included) and whether it holds the embedding, loss and MTP extras.
 */
export function stageBytes(
  a: MegatronArgs,
  layers: readonly ('dense' | 'moe')[],
  holds: { embedding: boolean; loss: boolean; mtpLayers: number },
): StageBytes {
  const extras = sum(
    holds.embedding ? embeddingBytes(a) : NONE,
    holds.loss ? lossBytes(a) : NONE,
    ...Array(holds.mtpLayers).fill(mtpExtraBytes(a)),
  );
  const full = layers.map((k) => layerBytes(a, k));
  if (a.recompute_granularity !== 'full' || layers.length === 0) return { ...sum(extras, ...full), transient: 0 };
  const n = Math.max(1, a.recompute_num_layers ?? 1);
  const input = layerInputBytes(a);
  let stored = 0;
  let transient = 0;
  if (a.recompute_method === 'block') {
    // The first n layers keep only their input; the rest are stored in full.
    full.forEach((b, i) => {
      if (i < n) {
        stored += input;
        transient = Math.max(transient, b.stored);
      } else stored += b.stored;
    });
  } else {
    for (let i = 0; i < full.length; i += n) {
      stored += input;
      transient = Math.max(
        transient,
        full.slice(i, i + n).reduce((x, b) => x + b.stored, 0),
      );
    }
  }
  const weightGrad = full.reduce((x, b) => x + b.weightGrad, 0);
  return { stored: stored + extras.stored, weightGrad: weightGrad + extras.weightGrad, transient };
}
