/**
 * Reading Megatron argument values (docs/model.md §1): the argument names the planner knows, the ones
 * Megatron runs carry that change nothing here, and typed readers that throw a ModelInputError naming
 * the field for a value of the wrong type or out of range.
 */
import { ModelInputError } from './errors.ts';

/** Largest accepted size: keeps every derived product finite and every stage loop small. */
export const MAX_SIZE = 1 << 30;
export const MAX_LAYERS = 100_000;

export type Raw = Record<string, unknown>;

/** Keys Megatron runs carry that change no size or cost here: accepted without a warning. */
export const IGNORED_KNOWN = new Set([
  'gated_linear_unit',
  'moe_router_force_load_balancing',
  'is_hybrid_model',
  'mtp_loss_scaling_factor',
  'multi_token_prediction',
  'moe_grouped_gemm',
  'rotary_percent',
  'rotary_base',
  'norm_epsilon',
  'global_batch_size',
  'bf16',
  'fp16',
  'moe_router_load_balancing_type',
  'moe_aux_loss_coeff',
  'moe_token_dispatcher_type',
  'moe_router_num_groups',
  'init_method_std',
]);

export const KNOWN = new Set<string>([
  'num_layers',
  'hidden_size',
  'ffn_hidden_size',
  'num_attention_heads',
  'group_query_attention',
  'num_query_groups',
  'kv_channels',
  'swiglu',
  'normalization',
  'add_bias_linear',
  'untie_embeddings_and_output_weights',
  'padded_vocab_size',
  'vocab_size',
  'make_vocab_size_divisible_by',
  'position_embedding_type',
  'max_position_embeddings',
  'qk_layernorm',
  'attention_output_gate',
  'hidden_dropout',
  'attention_dropout',
  'num_experts',
  'moe_ffn_hidden_size',
  'moe_router_topk',
  'moe_layer_freq',
  'moe_shared_expert_intermediate_size',
  'moe_shared_expert_gate',
  'moe_router_group_topk',
  'mtp_num_layers',
  'multi_latent_attention',
  'q_lora_rank',
  'kv_lora_rank',
  'qk_head_dim',
  'qk_pos_emb_head_dim',
  'v_head_dim',
  'fp8',
  'tensor_model_parallel_size',
  'pipeline_model_parallel_size',
  'virtual_pipeline_model_parallel_size',
  'expert_model_parallel_size',
  'expert_tensor_parallel_size',
  'data_parallel_size',
  'context_parallel_size',
  'world_size',
  'sequence_parallel',
  'use_distributed_optimizer',
  'recompute_granularity',
  'recompute_method',
  'recompute_num_layers',
  'recompute_modules',
  'micro_batch_size',
  'seq_length',
  'pipeline_model_parallel_layout',
  'account_for_embedding_in_pipeline_split',
  'account_for_loss_in_pipeline_split',
  'decoder_first_pipeline_num_layers',
  'decoder_last_pipeline_num_layers',
]);

export function show(v: unknown): string {
  // JSON writes Infinity (a number literal too large, 1e400) as null: say what was read
  if (typeof v === 'number' && !Number.isFinite(v)) return `${v} (out of range)`;
  return typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));
}

export class Reader {
  constructor(private readonly raw: Raw) {}
  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }
  int(key: string, fallback: number | null, min = 1, max = MAX_SIZE): number | null {
    const v = this.raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new ModelInputError(key, `must be a whole number; got ${show(v)}`);
    if (v < min) throw new ModelInputError(key, `must be at least ${min}; got ${v}`);
    if (v > max) throw new ModelInputError(key, `must be at most ${max}; got ${v}`);
    return v;
  }
  required(key: string, max = MAX_SIZE): number {
    const v = this.int(key, null, 1, max);
    if (v === null) throw new ModelInputError(key, 'is required (Megatron has no default for it)');
    return v;
  }
  bool(key: string, fallback: boolean): boolean {
    const v = this.raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') throw new ModelInputError(key, `must be true or false; got ${show(v)}`);
    return v;
  }
  fraction(key: string, fallback: number): number {
    const v = this.raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1)
      throw new ModelInputError(key, `must be a number from 0 to below 1; got ${show(v)}`);
    return v;
  }
  choice<T extends string>(key: string, allowed: readonly T[], fallback: T | null): T | null {
    const v = this.raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      throw new ModelInputError(
        key,
        `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}${fallback === null ? ' or null' : ''}; got ${show(v)}`,
      );
    }
    return v as T;
  }
}
