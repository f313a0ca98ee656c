/**
 * Forward FLOPs of one micro-batch through a stage's layers (docs/model.md §6), split into weight
 * GEMMs and core attention, for the whole tensor × context parallel group (a GPU does 1/(TP·CP)).
 * The same accounting as Megatron's num_floating_point_operations (2 FLOPs per multiply-add, causal
 * attention counted half), per layer instead of per model, plus the router GEMM Megatron leaves out.
 * The backward splits as the zero-bubble papers do: I (input gradients) = GEMM + 2 × attention,
 * W (weight gradients) = GEMM; F + I + W = 3 × forward, Megatron's factor.
 */
import type { MegatronArgs } from './args.ts';

export interface Flops {
  /** weight GEMMs (run at the GEMM precision: FP8 when `fp8` is set) */
  gemm: number;
  /** QKᵀ and attention × V (BF16) */
  attention: number;
}

export const NO_FLOPS: Flops = { gemm: 0, attention: 0 };
export const addFlops = (...xs: Flops[]): Flops =>
  xs.reduce((a, b) => ({ gemm: a.gemm + b.gemm, attention: a.attention + b.attention }), NO_FLOPS);

function attentionFlops(a: MegatronArgs, tokens: number): Flops {
  const h = a.hidden_size;
  const heads = a.num_attention_heads;
  const s = a.seq_length;
  if (a.multi_latent_attention) {
    const qHead = a.qk_head_dim + a.qk_pos_emb_head_dim;
    const q = a.q_lora_rank === null ? h * heads * qHead : h * a.q_lora_rank + a.q_lora_rank * heads * qHead;
    const kv = h * (a.kv_lora_rank + a.qk_pos_emb_head_dim) + a.kv_lora_rank * heads * (a.qk_head_dim + a.v_head_dim);
    const out = heads * a.v_head_dim * h;
    return { gemm: 2 * tokens * (q + kv + out), attention: tokens * s * heads * (qHead + a.v_head_dim) };
  }
  const q = heads * a.kv_channels;
  const k = (a.group_query_attention ? a.num_query_groups : heads) * a.kv_channels;
  const gate = a.attention_output_gate ? q : 0;
  return { gemm: 2 * tokens * (h * (q + 2 * k + gate) + q * h), attention: 2 * tokens * s * q };
}

/** fc1 (h → ffn, or 2·ffn with SwiGLU) and fc2 (ffn → h). */
const mlpFlops = (a: MegatronArgs, tokens: number, ffn: number): number => 2 * tokens * (a.swiglu ? 3 : 2) * a.hidden_size * ffn;

/** One transformer layer (decoder or the layer inside an MTP module). */
export function layerFlops(a: MegatronArgs, kind: 'dense' | 'moe'): Flops {
  const tokens = a.seq_length * a.micro_batch_size;
  const attn = attentionFlops(a, tokens);
  if (kind === 'dense' || a.num_experts === null) return addFlops(attn, { gemm: mlpFlops(a, tokens, a.ffn_hidden_size), attention: 0 });
  const router = 2 * tokens * a.hidden_size * a.num_experts;
  const routed = a.moe_router_topk * mlpFlops(a, tokens, a.moe_ffn_hidden_size ?? a.ffn_hidden_size);
  const shared = mlpFlops(a, tokens, a.moe_shared_expert_intermediate_size ?? 0);
  return addFlops(attn, { gemm: router + routed + shared, attention: 0 });
}

/**
 * What selective recompute runs again in the backward of one layer (Megatron's `recompute_modules`):
 * core_attn the core attention, mla_up_proj the q and kv up-projections, mlp a dense layer's MLP, moe
 * a MoE layer's router and experts (its all-to-all too: stageTime.ts), shared_experts the shared
 * experts. layernorm and moe_act re-run element-wise kernels, which this model does not time.
 */
export function recomputeFlops(a: MegatronArgs, kind: 'dense' | 'moe'): Flops {
  if (a.recompute_granularity !== 'selective') return NO_FLOPS;
  const m = new Set(a.recompute_modules);
  const tokens = a.seq_length * a.micro_batch_size;
  const attn = attentionFlops(a, tokens);
  const parts: Flops[] = [];
  if (m.has('core_attn')) parts.push({ gemm: 0, attention: attn.attention });
  if (m.has('mla_up_proj') && a.multi_latent_attention) {
    const heads = a.num_attention_heads;
    const qUp = a.q_lora_rank === null ? 0 : a.q_lora_rank * heads * (a.qk_head_dim + a.qk_pos_emb_head_dim);
    parts.push({ gemm: 2 * tokens * (qUp + a.kv_lora_rank * heads * (a.qk_head_dim + a.v_head_dim)), attention: 0 });
  }
  const moe = kind === 'moe' && a.num_experts !== null;
  if (!moe && m.has('mlp')) parts.push({ gemm: mlpFlops(a, tokens, a.ffn_hidden_size), attention: 0 });
  if (moe && m.has('moe')) parts.push({ gemm: layerFlops(a, 'moe').gemm - attn.gemm, attention: 0 });
  else if (moe && m.has('shared_experts'))
    parts.push({ gemm: mlpFlops(a, tokens, a.moe_shared_expert_intermediate_size ?? 0), attention: 0 });
  return addFlops(...parts);
}

/** Output layer (logits) of the loss stage. */
export function lossFlops(a: MegatronArgs): Flops {
  return { gemm: 2 * a.seq_length * a.micro_batch_size * a.hidden_size * a.padded_vocab_size, attention: 0 };
}

/** An MTP module without its transformer layer: eh_proj (2h → h) and its own logits. */
export function mtpExtraFlops(a: MegatronArgs): Flops {
  const tokens = a.seq_length * a.micro_batch_size;
  return addFlops({ gemm: 2 * tokens * 2 * a.hidden_size * a.hidden_size, attention: 0 }, lossFlops(a));
}
