/**
 * A training run described with Megatron-LM argument names (megatron/training/arguments.py; docs/model.md
 * §1). `parseMegatronArgs` takes a pasted args object: unknown keys become warnings, missing keys take
 * Megatron's defaults (argparse defaults plus the fill-ins of `validate_args`: ffn_hidden_size,
 * kv_channels, moe_ffn_hidden_size, expert_tensor_parallel_size, data_parallel_size from world_size),
 * invalid values throw a ModelInputError naming the field. Values Megatron's estimators read are kept
 * as given (e.g. sequence_parallel at TP 1 is not switched off), because the estimators run on the
 * arguments as passed; such cases get a warning instead.
 */
import { IGNORED_KNOWN, KNOWN, MAX_LAYERS, Reader, show, type Raw } from './argReader.ts';
import { ModelInputError } from './errors.ts';
import { moeLayerPattern, parseMoeFreqString } from './moePattern.ts';

export type Normalization = 'LayerNorm' | 'RMSNorm';
export type RecomputeGranularity = 'full' | 'selective';
export type RecomputeMethod = 'uniform' | 'block';
/** Megatron's `--recompute-modules` (selective recompute): what is recomputed in the backward instead of kept */
export const RECOMPUTE_MODULES = ['core_attn', 'moe_act', 'layernorm', 'mla_up_proj', 'mlp', 'moe', 'shared_experts'] as const;
export type RecomputeModule = (typeof RECOMPUTE_MODULES)[number];
export type LayoutInput = string | string[][];

/** Every argument the planner reads, resolved (nullable where Megatron's value may be None). */
export interface MegatronArgs {
  num_layers: number;
  hidden_size: number;
  ffn_hidden_size: number;
  num_attention_heads: number;
  group_query_attention: boolean;
  num_query_groups: number;
  kv_channels: number;
  swiglu: boolean;
  normalization: Normalization;
  add_bias_linear: boolean;
  untie_embeddings_and_output_weights: boolean;
  padded_vocab_size: number;
  position_embedding_type: string;
  max_position_embeddings: number;
  qk_layernorm: boolean;
  attention_output_gate: boolean;
  hidden_dropout: number;
  attention_dropout: number;
  num_experts: number | null;
  moe_ffn_hidden_size: number | null;
  moe_router_topk: number;
  moe_layer_freq: number | number[];
  moe_shared_expert_intermediate_size: number | null;
  moe_shared_expert_gate: boolean;
  /** node-limited routing: a token's experts span at most this many groups (DeepSeek-V3: 4 of 8 nodes) */
  moe_router_group_topk: number | null;
  mtp_num_layers: number | null;
  multi_latent_attention: boolean;
  q_lora_rank: number | null;
  kv_lora_rank: number;
  qk_head_dim: number;
  qk_pos_emb_head_dim: number;
  v_head_dim: number;
  fp8: string | null;
  tensor_model_parallel_size: number;
  pipeline_model_parallel_size: number;
  virtual_pipeline_model_parallel_size: number | null;
  expert_model_parallel_size: number;
  expert_tensor_parallel_size: number;
  data_parallel_size: number;
  context_parallel_size: number;
  world_size: number;
  sequence_parallel: boolean;
  use_distributed_optimizer: boolean;
  recompute_granularity: RecomputeGranularity | null;
  recompute_method: RecomputeMethod | null;
  recompute_num_layers: number | null;
  /** read with recompute_granularity "selective" (Megatron's default ["core_attn"]) */
  recompute_modules: RecomputeModule[];
  micro_batch_size: number;
  seq_length: number;
  pipeline_model_parallel_layout: LayoutInput | null;
  account_for_embedding_in_pipeline_split: boolean;
  account_for_loss_in_pipeline_split: boolean;
  decoder_first_pipeline_num_layers: number | null;
  decoder_last_pipeline_num_layers: number | null;
}

export interface ParsedArgs {
  args: MegatronArgs;
  /** one sentence each: unknown keys, values kept as given that Megatron's validate_args would change */
  warnings: string[];
}

function parseMoeFreq(raw: unknown): number | number[] {
  if (raw === undefined || raw === null) return 1;
  const check = (v: number | number[]): number | number[] => {
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 1) throw new ModelInputError('moe_layer_freq', `an int frequency must be at least 1; got ${v}`);
      return v;
    }
    const bad = v.findIndex((x) => x !== 0 && x !== 1);
    if (bad >= 0) throw new ModelInputError('moe_layer_freq', `list entries must be 0 (dense) or 1 (MoE); entry ${bad} is ${show(v[bad])}`);
    return v;
  };
  if (typeof raw === 'number') return check(raw);
  if (typeof raw === 'string') return check(parseMoeFreqString(raw));
  if (Array.isArray(raw)) return check(raw as number[]);
  throw new ModelInputError('moe_layer_freq', `must be an int, a list of 0/1 or a list expression string; got ${show(raw)}`);
}

function parseLayout(raw: unknown): LayoutInput | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && raw.every((row) => Array.isArray(row) && row.every((x) => typeof x === 'string'))) return raw as string[][];
  throw new ModelInputError(
    'pipeline_model_parallel_layout',
    `must be a layout string such as "Et*3|(tt|)*29,m|L" or a list of lists of layer names; got ${show(raw)}`,
  );
}

/** `recompute_modules`: a list of module names (Megatron's nargs="*"), or one string of them separated by spaces or commas. */
function parseRecomputeModules(raw: unknown): RecomputeModule[] {
  if (raw === undefined || raw === null) return ['core_attn'];
  const list = typeof raw === 'string' ? raw.split(/[\s,]+/).filter((x) => x !== '') : raw;
  if (!Array.isArray(list)) throw new ModelInputError('recompute_modules', `must be a list of module names; got ${show(raw)}`);
  for (const m of list) {
    if (typeof m !== 'string' || !(RECOMPUTE_MODULES as readonly string[]).includes(m))
      throw new ModelInputError(
        'recompute_modules',
        `${show(m)} is not a module Megatron recomputes; expected ${RECOMPUTE_MODULES.join(', ')}`,
      );
  }
  return [...new Set(list as RecomputeModule[])];
}

/** Megatron's `_vocab_size_with_padding`: round up to a multiple of make_vocab_size_divisible_by × TP. */
export function paddedVocabSize(vocabSize: number, divisibleBy: number, tp: number): number {
  const multiple = divisibleBy * tp;
  return Math.ceil(vocabSize / multiple) * multiple;
}

/** Resolves a pasted Megatron args object. Throws ModelInputError on the first invalid field. */
export function parseMegatronArgs(input: unknown): ParsedArgs {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ModelInputError('config', 'must be a JSON object whose keys are Megatron-LM argument names');
  }
  const raw = input as Raw;
  const r = new Reader(raw);
  const warnings: string[] = [];
  const unknown = Object.keys(raw).filter((k) => !KNOWN.has(k) && !IGNORED_KNOWN.has(k));
  if (unknown.length > 0) warnings.push(`ignored unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`);
  if (raw.is_hybrid_model === true)
    throw new ModelInputError(
      'is_hybrid_model',
      "hybrid Mamba models are not supported (Megatron's memory estimator does not support them either)",
    );

  const num_layers = r.required('num_layers', MAX_LAYERS);
  const hidden_size = r.required('hidden_size');
  const num_attention_heads = r.required('num_attention_heads');
  const swiglu = r.bool('swiglu', false);
  const ffn_hidden_size = r.int('ffn_hidden_size', swiglu ? Math.trunc((4 * hidden_size * 2) / 3 / 64) * 64 : 4 * hidden_size)!;
  if (ffn_hidden_size < 1)
    throw new ModelInputError('ffn_hidden_size', `the default for hidden_size ${hidden_size} with swiglu is 0; give ffn_hidden_size`);
  if (!r.has('kv_channels') && hidden_size % num_attention_heads !== 0) {
    throw new ModelInputError(
      'kv_channels',
      `hidden_size ${hidden_size} is not divisible by num_attention_heads ${num_attention_heads}; give kv_channels`,
    );
  }
  const kv_channels = r.int('kv_channels', Math.floor(hidden_size / num_attention_heads))!;
  const group_query_attention = r.bool('group_query_attention', false);
  const num_query_groups = r.int('num_query_groups', 1)!;
  if (group_query_attention && num_attention_heads % num_query_groups !== 0) {
    throw new ModelInputError(
      'num_query_groups',
      `num_attention_heads ${num_attention_heads} must be divisible by num_query_groups ${num_query_groups}`,
    );
  }
  const multi_latent_attention = r.bool('multi_latent_attention', false);
  if (multi_latent_attention && group_query_attention) {
    throw new ModelInputError(
      'group_query_attention',
      'multi_latent_attention cannot be combined with group_query_attention (Megatron asserts this)',
    );
  }

  const tp = r.int('tensor_model_parallel_size', 1)!;
  const pp = r.int('pipeline_model_parallel_size', 1, 1, MAX_LAYERS)!;
  const cp = r.int('context_parallel_size', 1)!;
  let padded_vocab_size = r.int('padded_vocab_size', null);
  if (padded_vocab_size === null) {
    const vocab = r.int('vocab_size', null);
    if (vocab === null)
      throw new ModelInputError('padded_vocab_size', 'is required (or give vocab_size and it is padded as Megatron pads it)');
    padded_vocab_size = paddedVocabSize(vocab, r.int('make_vocab_size_divisible_by', 128)!, tp);
  }

  let num_experts = r.int('num_experts', null, 0);
  if (num_experts === 0) num_experts = null; // validate_args: "if args.num_experts == 0: args.num_experts = None"
  const moe_layer_freq = parseMoeFreq(raw.moe_layer_freq);
  moeLayerPattern(num_layers, num_experts, moe_layer_freq); // length check
  const moe_router_topk = r.int('moe_router_topk', 2)!;
  if (num_experts !== null && moe_router_topk > num_experts) {
    throw new ModelInputError('moe_router_topk', `${moe_router_topk} experts per token but only num_experts ${num_experts}`);
  }
  const moe_ffn_hidden_size = r.int('moe_ffn_hidden_size', num_experts !== null ? ffn_hidden_size : null);

  const ep = r.int('expert_model_parallel_size', 1)!;
  if (ep > 1 && num_experts === null) throw new ModelInputError('expert_model_parallel_size', 'expert parallelism needs num_experts');
  if (num_experts !== null && num_experts % ep !== 0) {
    throw new ModelInputError(
      'expert_model_parallel_size',
      `num_experts ${num_experts} is not a multiple of expert_model_parallel_size ${ep}`,
    );
  }
  const etp = r.int('expert_tensor_parallel_size', tp)!;
  let dp: number;
  let world: number;
  if (r.has('world_size')) {
    world = r.int('world_size', 1)!;
    if (world % (tp * pp * cp) !== 0) {
      throw new ModelInputError('world_size', `${world} is not divisible by tensor × pipeline × context parallel size ${tp * pp * cp}`);
    }
    dp = r.int('data_parallel_size', world / (tp * pp * cp))!;
    if (dp * tp * pp * cp !== world) {
      throw new ModelInputError(
        'data_parallel_size',
        `${dp} × TP ${tp} × PP ${pp} × CP ${cp} ≠ world_size ${world}`,
        world / (tp * pp * cp),
      );
    }
  } else {
    dp = r.int('data_parallel_size', 1)!;
    world = dp * tp * pp * cp;
  }
  if (world % (etp * ep * pp) !== 0) {
    throw new ModelInputError(
      'expert_model_parallel_size',
      `the ${world} GPUs do not split into expert groups of expert_tensor_parallel_size ${etp} × expert_model_parallel_size ${ep} × PP ${pp}`,
    );
  }
  if (num_attention_heads % tp !== 0) {
    throw new ModelInputError(
      'tensor_model_parallel_size',
      `num_attention_heads ${num_attention_heads} is not divisible by tensor_model_parallel_size ${tp}`,
    );
  }
  const sequence_parallel = r.bool('sequence_parallel', false);
  if (sequence_parallel && tp === 1) {
    warnings.push(
      "sequence_parallel is kept on at tensor_model_parallel_size 1 as given (Megatron's validate_args would switch it off in a run)",
    );
  }
  const seq_length = r.required('seq_length');
  if (cp > 1 && seq_length % (2 * cp) !== 0) {
    throw new ModelInputError('seq_length', `must be a multiple of 2 × context_parallel_size ${cp}; got ${seq_length}`);
  }
  const recompute_granularity = r.choice<RecomputeGranularity>('recompute_granularity', ['full', 'selective'], null);
  const recompute_method = r.choice<RecomputeMethod>('recompute_method', ['uniform', 'block'], null);
  if (recompute_granularity === 'full' && recompute_method === null) {
    throw new ModelInputError('recompute_method', 'full recompute needs recompute_method "uniform" or "block"', 'uniform');
  }
  const vpp = r.int('virtual_pipeline_model_parallel_size', null, 1, MAX_LAYERS);
  const mtp = r.int('mtp_num_layers', null, 0, MAX_LAYERS);

  const args: MegatronArgs = {
    num_layers,
    hidden_size,
    ffn_hidden_size,
    num_attention_heads,
    group_query_attention,
    num_query_groups,
    kv_channels,
    swiglu,
    normalization: r.choice<Normalization>('normalization', ['LayerNorm', 'RMSNorm'], 'LayerNorm')!,
    add_bias_linear: r.bool('add_bias_linear', true),
    untie_embeddings_and_output_weights: r.bool('untie_embeddings_and_output_weights', false),
    padded_vocab_size,
    position_embedding_type: r.choice(
      'position_embedding_type',
      ['learned_absolute', 'rope', 'yarn', 'mrope', 'relative', 'none'],
      'learned_absolute',
    )!,
    max_position_embeddings: r.int('max_position_embeddings', seq_length)!,
    qk_layernorm: r.bool('qk_layernorm', false),
    attention_output_gate: r.bool('attention_output_gate', false),
    hidden_dropout: r.fraction('hidden_dropout', 0.1),
    attention_dropout: r.fraction('attention_dropout', 0.1),
    num_experts,
    moe_ffn_hidden_size,
    moe_router_topk,
    moe_layer_freq,
    moe_shared_expert_intermediate_size: r.int('moe_shared_expert_intermediate_size', null),
    moe_shared_expert_gate: r.bool('moe_shared_expert_gate', false),
    moe_router_group_topk: r.int('moe_router_group_topk', null),
    mtp_num_layers: mtp,
    multi_latent_attention,
    q_lora_rank: r.int('q_lora_rank', null),
    kv_lora_rank: r.int('kv_lora_rank', 32)!,
    qk_head_dim: r.int('qk_head_dim', 128)!,
    qk_pos_emb_head_dim: r.int('qk_pos_emb_head_dim', 64, 0)!,
    v_head_dim: r.int('v_head_dim', 128)!,
    fp8: r.choice('fp8', ['e4m3', 'hybrid'], null),
    tensor_model_parallel_size: tp,
    pipeline_model_parallel_size: pp,
    virtual_pipeline_model_parallel_size: vpp,
    expert_model_parallel_size: ep,
    expert_tensor_parallel_size: etp,
    data_parallel_size: dp,
    context_parallel_size: cp,
    world_size: world,
    sequence_parallel,
    use_distributed_optimizer: r.bool('use_distributed_optimizer', false),
    recompute_granularity,
    recompute_method,
    recompute_num_layers: r.int('recompute_num_layers', recompute_granularity === 'full' ? 1 : null),
    recompute_modules: parseRecomputeModules(raw.recompute_modules),
    micro_batch_size: r.required('micro_batch_size'),
    seq_length,
    pipeline_model_parallel_layout: parseLayout(raw.pipeline_model_parallel_layout),
    account_for_embedding_in_pipeline_split: r.bool('account_for_embedding_in_pipeline_split', false),
    account_for_loss_in_pipeline_split: r.bool('account_for_loss_in_pipeline_split', false),
    decoder_first_pipeline_num_layers: r.int('decoder_first_pipeline_num_layers', null, 0, MAX_LAYERS),
    decoder_last_pipeline_num_layers: r.int('decoder_last_pipeline_num_layers', null, 0, MAX_LAYERS),
  };
  if (args.group_query_attention && args.num_query_groups % tp !== 0) {
    throw new ModelInputError(
      'num_query_groups',
      `${args.num_query_groups} query groups are not divisible by tensor_model_parallel_size ${tp} (Megatron requires it)`,
    );
  }
  return { args, warnings };
}

/** Megatron's dense/MoE pattern of the decoder layers (1 = MoE). */
export function layerPattern(a: MegatronArgs): number[] {
  return moeLayerPattern(a.num_layers, a.num_experts, a.moe_layer_freq);
}
