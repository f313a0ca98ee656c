/**
 * A Hugging Face `config.json` as Megatron arguments (docs/model.md §1), for the families whose field
 * names differ: Llama (llama), Qwen3 / Qwen3-MoE (qwen3, qwen3_moe), Mixtral (mixtral) and DeepSeek-V2/V3
 * (deepseek_v2, deepseek_v3). The result goes through parseMegatronArgs like a pasted args object, so
 * Megatron's defaults and checks apply; Megatron-named keys in the same object (parallel sizes,
 * seq_length, ...) are kept and win over the converted ones.
 */
import { ModelInputError } from './errors.ts';

export interface HfConversion {
  args: Record<string, unknown>;
  warnings: string[];
}

const FAMILIES = ['llama', 'qwen3', 'qwen3_moe', 'qwen2', 'qwen2_moe', 'mixtral', 'mistral', 'deepseek_v2', 'deepseek_v3'];

/** Hugging Face keys that do not change sizes or costs (not reported as ignored). */
const HF_NOISE =
  /^(architectures|auto_map|bos_token_id|eos_token_id|pad_token_id|initializer_range|rope_theta|rope_scaling|rms_norm_eps|torch_dtype|transformers_version|use_cache|model_type|quantization_config|sliding_window|use_sliding_window|max_window_layers|output_router_logits|router_aux_loss_coef|router_jitter_noise|aux_loss_alpha|seq_aux|norm_topk_prob|scoring_func|topk_method|routed_scaling_factor|n_group|ep_size|pretraining_tp|_name_or_path|hidden_act|attention_bias|mlp_bias|attention_dropout|tie_word_embeddings|layer_types|head_dim|dtype)$/;

/** Whether a JSON object is a Hugging Face config rather than Megatron arguments. */
export function isHfConfig(raw: Record<string, unknown>): boolean {
  return typeof raw.model_type === 'string' || (raw.num_hidden_layers !== undefined && raw.num_layers === undefined);
}

const num = (raw: Record<string, unknown>, key: string): number | undefined =>
  typeof raw[key] === 'number' ? (raw[key] as number) : undefined;

export function fromHfConfig(raw: Record<string, unknown>): HfConversion {
  const type = String(raw.model_type ?? '');
  if (type !== '' && !FAMILIES.includes(type)) {
    throw new ModelInputError(
      'model_type',
      `Hugging Face model_type "${type}" is not supported; supported: ${FAMILIES.join(', ')} (or give Megatron arguments)`,
    );
  }
  const used = new Set<string>();
  const get = (key: string) => {
    used.add(key);
    return raw[key];
  };
  const n = (key: string) => {
    used.add(key);
    return num(raw, key);
  };
  const layers = n('num_hidden_layers');
  const hidden = n('hidden_size');
  const heads = n('num_attention_heads');
  const kvHeads = n('num_key_value_heads') ?? heads;
  const act = String(get('hidden_act') ?? 'silu');
  const args: Record<string, unknown> = {
    num_layers: layers,
    hidden_size: hidden,
    ffn_hidden_size: n('intermediate_size'),
    num_attention_heads: heads,
    group_query_attention: kvHeads !== heads,
    num_query_groups: kvHeads,
    kv_channels: n('head_dim') ?? (hidden !== undefined && heads !== undefined ? Math.floor(hidden / heads) : undefined),
    swiglu: act === 'silu' || act === 'swiglu',
    normalization: raw.layer_norm_eps !== undefined || raw.layer_norm_epsilon !== undefined ? 'LayerNorm' : 'RMSNorm',
    add_bias_linear: get('attention_bias') === true || get('mlp_bias') === true,
    // HF's PretrainedConfig ties by default; these families' configs default to untied.
    untie_embeddings_and_output_weights: !((get('tie_word_embeddings') as boolean | undefined) ?? !FAMILIES.includes(type)),
    vocab_size: n('vocab_size'),
    position_embedding_type: 'rope',
    max_position_embeddings: n('max_position_embeddings'),
    qk_layernorm: type === 'qwen3' || type === 'qwen3_moe',
    hidden_dropout: 0,
    attention_dropout: n('attention_dropout') ?? 0,
  };
  used.add('layer_norm_eps').add('layer_norm_epsilon');

  if (type === 'mixtral') {
    args.num_experts = n('num_local_experts');
    args.moe_router_topk = n('num_experts_per_tok');
    args.moe_ffn_hidden_size = n('intermediate_size');
  }
  if (type === 'qwen3_moe' || type === 'qwen2_moe') {
    const experts = n('num_experts');
    const step = n('decoder_sparse_step') ?? 1;
    const dense = new Set((get('mlp_only_layers') as number[] | undefined) ?? []);
    args.num_experts = experts;
    args.moe_router_topk = n('num_experts_per_tok');
    args.moe_ffn_hidden_size = n('moe_intermediate_size');
    if (layers !== undefined)
      args.moe_layer_freq = Array.from({ length: layers }, (_, i) => (!dense.has(i) && (i + 1) % step === 0 ? 1 : 0));
    const shared = n('shared_expert_intermediate_size');
    if (shared) args.moe_shared_expert_intermediate_size = shared;
  }
  if (type === 'deepseek_v2' || type === 'deepseek_v3') {
    const moeFfn = n('moe_intermediate_size');
    const firstDense = n('first_k_dense_replace') ?? 0;
    const freq = n('moe_layer_freq') ?? 1;
    args.multi_latent_attention = true;
    args.group_query_attention = false;
    args.q_lora_rank = get('q_lora_rank') ?? null;
    args.kv_lora_rank = n('kv_lora_rank');
    args.qk_head_dim = n('qk_nope_head_dim');
    args.qk_pos_emb_head_dim = n('qk_rope_head_dim');
    args.v_head_dim = n('v_head_dim');
    args.kv_channels = n('qk_nope_head_dim');
    args.num_experts = n('n_routed_experts');
    args.moe_router_topk = n('num_experts_per_tok');
    args.moe_ffn_hidden_size = moeFfn;
    const shared = n('n_shared_experts') ?? 0;
    if (shared > 0 && moeFfn !== undefined) args.moe_shared_expert_intermediate_size = shared * moeFfn;
    if (layers !== undefined) args.moe_layer_freq = Array.from({ length: layers }, (_, i) => (i >= firstDense && i % freq === 0 ? 1 : 0));
    const group = n('topk_group');
    if (group !== undefined) args.moe_router_group_topk = group;
    const mtp = n('num_nextn_predict_layers');
    if (mtp) args.mtp_num_layers = mtp;
  }
  for (const k of Object.keys(args)) if (args[k] === undefined) delete args[k];

  const warnings: string[] = [];
  // Megatron-named keys in the same file (parallel sizes, seq_length, ...) are passed through.
  const passThrough = Object.keys(raw).filter((k) => !used.has(k) && !HF_NOISE.test(k));
  for (const k of passThrough) args[k] = raw[k];
  if (args.seq_length === undefined) {
    args.seq_length = Math.min(4096, (args.max_position_embeddings as number | undefined) ?? 4096);
    warnings.push(`the Hugging Face config has no seq_length; assuming ${args.seq_length}`);
  }
  if (args.micro_batch_size === undefined) {
    args.micro_batch_size = 1;
    warnings.push('the Hugging Face config has no micro_batch_size; assuming 1');
  }
  return { args, warnings };
}
