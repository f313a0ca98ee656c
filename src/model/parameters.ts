/**
 * Parameter counts by module, as Megatron-Core builds a GPT model (docs/model.md §4): attention (MHA,
 * GQA or MLA), dense MLP or MoE (router, routed experts, shared experts and gate), norms, biases when
 * add_bias_linear, embedding, learned position embedding, output layer, MTP layers (enorm, hnorm,
 * eh_proj, a transformer layer, final norm). Each module is split by how it is held on a GPU:
 * `tp` (sharded over tensor parallelism), `replicated` (norms, router, row-parallel biases, position
 * embedding), `expert` (routed experts, sharded over expert × expert-tensor parallelism). Counts are
 * exact integers (JS numbers are exact below 2^53 ≈ 9·10^15 parameters).
 */
import type { MegatronArgs } from './args.ts';
import { layerPattern } from './args.ts';

export interface Split {
  tp: number;
  replicated: number;
  expert: number;
}

export const ZERO: Split = { tp: 0, replicated: 0, expert: 0 };
export const plus = (...xs: Split[]): Split =>
  xs.reduce((a, b) => ({ tp: a.tp + b.tp, replicated: a.replicated + b.replicated, expert: a.expert + b.expert }), ZERO);
export const times = (x: Split, n: number): Split => ({ tp: x.tp * n, replicated: x.replicated * n, expert: x.expert * n });
export const totalOf = (x: Split): number => x.tp + x.replicated + x.expert;

export interface ModuleParameters {
  embedding: Split;
  denseLayer: Split;
  moeLayer: Split;
  /** the parameters one token uses in a MoE layer (top-k routed experts) */
  moeLayerActive: Split;
  finalNorm: Split;
  /** h × vocab; held by the loss stage when untied, else a copy of the embedding */
  outputLayer: Split;
  /** one MTP layer without its transformer layer: enorm, hnorm, eh_proj, final norm */
  mtpExtra: Split;
}

export interface ParameterTotals {
  /** main model + MTP module as a released checkpoint counts it (MTP stores its own embedding and head copies) */
  total: number;
  /** every trainable parameter once (MTP shares the main embedding and output layer, as in Megatron) */
  unique: number;
  mainModel: number;
  /** MTP layers with their own embedding and head copies (0 without MTP) */
  mtpModule: number;
  /** per token, main model, without the input embedding lookup (DeepSeek's "activated" convention) */
  active: number;
  embedding: number;
  decoder: number;
  denseLayers: number;
  moeLayers: number;
}

/** Parameters of every module kind. */
export function moduleParameters(a: MegatronArgs): ModuleParameters {
  const h = a.hidden_size;
  const norm = a.normalization === 'RMSNorm' ? 1 : 2; // LayerNorm has a bias
  const bias = a.add_bias_linear ? 1 : 0;
  const glu = a.swiglu ? 2 : 1;

  let attention: Split;
  if (a.multi_latent_attention) {
    const qHead = a.qk_head_dim + a.qk_pos_emb_head_dim;
    const heads = a.num_attention_heads;
    // Down projections and their norms are duplicated across TP; up projections and proj are sharded.
    const q: Split =
      a.q_lora_rank === null
        ? { tp: h * heads * qHead + bias * heads * qHead, replicated: 0, expert: 0 }
        : { tp: a.q_lora_rank * heads * qHead + bias * heads * qHead, replicated: h * a.q_lora_rank + norm * a.q_lora_rank, expert: 0 };
    const kv: Split = {
      tp: a.kv_lora_rank * heads * (a.qk_head_dim + a.v_head_dim) + bias * heads * (a.qk_head_dim + a.v_head_dim),
      replicated: h * (a.kv_lora_rank + a.qk_pos_emb_head_dim) + norm * a.kv_lora_rank,
      expert: 0,
    };
    attention = plus(q, kv, { tp: heads * a.v_head_dim * h, replicated: bias * h, expert: 0 });
  } else {
    const q = a.kv_channels * a.num_attention_heads;
    const k = a.kv_channels * (a.group_query_attention ? a.num_query_groups : a.num_attention_heads);
    const gate = a.attention_output_gate ? q : 0;
    const qkv = q + 2 * k + gate;
    const qkNorm = a.qk_layernorm ? 2 * norm * a.kv_channels : 0;
    attention = { tp: h * qkv + bias * qkv + q * h, replicated: bias * h + qkNorm, expert: 0 };
  }
  const layerNorms: Split = { tp: 0, replicated: 2 * norm * h, expert: 0 };
  const mlp = (ffn: number): Split => ({ tp: h * ffn * glu + bias * ffn * glu + ffn * h, replicated: bias * h, expert: 0 });
  const denseLayer = plus(attention, layerNorms, mlp(a.ffn_hidden_size));

  let moeLayer = denseLayer;
  let moeLayerActive = denseLayer;
  if (a.num_experts !== null) {
    const e = a.num_experts;
    const expertFfn = a.moe_ffn_hidden_size ?? a.ffn_hidden_size;
    const oneExpert = h * expertFfn * glu + bias * expertFfn * glu + expertFfn * h + bias * h;
    const router: Split = { tp: 0, replicated: h * e + bias * e, expert: 0 };
    const shared = a.moe_shared_expert_intermediate_size ?? 0;
    const sharedExperts = shared > 0 ? plus(mlp(shared), { tp: 0, replicated: a.moe_shared_expert_gate ? h : 0, expert: 0 }) : ZERO;
    const common = plus(attention, layerNorms, router, sharedExperts);
    moeLayer = plus(common, { tp: 0, replicated: 0, expert: e * oneExpert });
    moeLayerActive = plus(common, { tp: 0, replicated: 0, expert: a.moe_router_topk * oneExpert });
  }
  const vocab = a.padded_vocab_size * h;
  const positions = a.position_embedding_type === 'learned_absolute' ? a.max_position_embeddings * h : 0;
  return {
    embedding: { tp: vocab, replicated: positions, expert: 0 },
    denseLayer,
    moeLayer,
    moeLayerActive,
    finalNorm: { tp: 0, replicated: norm * h, expert: 0 },
    outputLayer: { tp: vocab, replicated: 0, expert: 0 },
    mtpExtra: { tp: 2 * h * h + bias * h, replicated: 3 * norm * h, expert: 0 },
  };
}

/** Whether MTP layers are MoE layers: Megatron builds them like the last decoder layer. */
export function mtpIsMoe(a: MegatronArgs): boolean {
  const p = layerPattern(a);
  return p[p.length - 1] === 1;
}

/** Model totals (see ParameterTotals for what each counts). */
export function parameterTotals(a: MegatronArgs): ParameterTotals {
  const m = moduleParameters(a);
  const pattern = layerPattern(a);
  const moeCount = pattern.reduce((x, y) => x + y, 0);
  const denseCount = a.num_layers - moeCount;
  const denseLayers = totalOf(m.denseLayer) * denseCount;
  const moeLayers = totalOf(m.moeLayer) * moeCount;
  const decoder = denseLayers + moeLayers + totalOf(m.finalNorm);
  const embedding = totalOf(m.embedding);
  const output = a.untie_embeddings_and_output_weights ? totalOf(m.outputLayer) : 0;
  const mainModel = embedding + decoder + output;
  const mtpLayers = a.mtp_num_layers ?? 0;
  const mtpLayer = totalOf(mtpIsMoe(a) ? m.moeLayer : m.denseLayer) + totalOf(m.mtpExtra);
  const mtpUnique = mtpLayers * mtpLayer;
  const mtpCopies = mtpLayers > 0 ? m.embedding.tp + m.outputLayer.tp : 0;
  const activeDecoder = totalOf(m.denseLayer) * denseCount + totalOf(m.moeLayerActive) * moeCount + totalOf(m.finalNorm);
  return {
    total: mainModel + mtpUnique + mtpCopies,
    unique: mainModel + mtpUnique,
    mainModel,
    mtpModule: mtpUnique + mtpCopies,
    active: activeDecoder + m.outputLayer.tp,
    embedding,
    decoder,
    denseLayers,
    moeLayers,
  };
}
