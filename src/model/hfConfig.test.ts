/**
 * Hugging Face config.json files (the size fields as published on huggingface.co, plus some of the
 * keys that do not matter) read into Megatron arguments: the same parameter counts as the presets.
 */
import { describe, expect, it } from 'vitest';
import { modelConfigFromJson, modelConfigFromPreset } from './config.ts';
import { ModelInputError } from './errors.ts';
import { parameterTotals } from './parameters.ts';

const DEEPSEEK_V3 = {
  architectures: ['DeepseekV3ForCausalLM'],
  model_type: 'deepseek_v3',
  vocab_size: 129280,
  hidden_size: 7168,
  intermediate_size: 18432,
  moe_intermediate_size: 2048,
  num_hidden_layers: 61,
  num_nextn_predict_layers: 1,
  num_attention_heads: 128,
  num_key_value_heads: 128,
  n_shared_experts: 1,
  n_routed_experts: 256,
  ep_size: 1,
  routed_scaling_factor: 2.5,
  kv_lora_rank: 512,
  q_lora_rank: 1536,
  qk_rope_head_dim: 64,
  v_head_dim: 128,
  qk_nope_head_dim: 128,
  topk_method: 'noaux_tc',
  n_group: 8,
  topk_group: 4,
  num_experts_per_tok: 8,
  moe_layer_freq: 1,
  first_k_dense_replace: 3,
  norm_topk_prob: true,
  scoring_func: 'sigmoid',
  hidden_act: 'silu',
  max_position_embeddings: 163840,
  rms_norm_eps: 1e-6,
  tie_word_embeddings: false,
  rope_theta: 10000,
  attention_bias: false,
  attention_dropout: 0.0,
  torch_dtype: 'bfloat16',
};

const LLAMA_405B = {
  architectures: ['LlamaForCausalLM'],
  attention_bias: false,
  attention_dropout: 0.0,
  bos_token_id: 128000,
  eos_token_id: 128001,
  hidden_act: 'silu',
  hidden_size: 16384,
  intermediate_size: 53248,
  max_position_embeddings: 131072,
  mlp_bias: false,
  model_type: 'llama',
  num_attention_heads: 128,
  num_hidden_layers: 126,
  num_key_value_heads: 8,
  pretraining_tp: 1,
  rms_norm_eps: 1e-5,
  rope_theta: 500000.0,
  tie_word_embeddings: false,
  vocab_size: 128256,
};

const QWEN3_235B = {
  architectures: ['Qwen3MoeForCausalLM'],
  attention_bias: false,
  decoder_sparse_step: 1,
  head_dim: 128,
  hidden_act: 'silu',
  hidden_size: 4096,
  intermediate_size: 12288,
  max_position_embeddings: 40960,
  mlp_only_layers: [],
  model_type: 'qwen3_moe',
  moe_intermediate_size: 1536,
  norm_topk_prob: true,
  num_attention_heads: 64,
  num_experts: 128,
  num_experts_per_tok: 8,
  num_hidden_layers: 94,
  num_key_value_heads: 4,
  tie_word_embeddings: false,
  vocab_size: 151936,
};

const MIXTRAL_8X22B = {
  architectures: ['MixtralForCausalLM'],
  hidden_act: 'silu',
  hidden_size: 6144,
  intermediate_size: 16384,
  max_position_embeddings: 65536,
  model_type: 'mixtral',
  num_attention_heads: 48,
  num_experts_per_tok: 2,
  num_hidden_layers: 56,
  num_key_value_heads: 8,
  num_local_experts: 8,
  rms_norm_eps: 1e-5,
  vocab_size: 32000,
};

describe('Hugging Face config.json', () => {
  it.each([
    ['deepseek-v3', DEEPSEEK_V3],
    ['llama3.1-405b', LLAMA_405B],
    ['qwen3-235b-a22b', QWEN3_235B],
    ['mixtral-8x22b', MIXTRAL_8X22B],
  ])('%s: the same parameters as the preset', (preset, hf) => {
    const c = modelConfigFromJson(hf);
    expect(c.source).toBe('huggingface');
    expect(parameterTotals(c.args)).toEqual(parameterTotals(modelConfigFromPreset(preset).args));
    expect(c.warnings).toContain('the Hugging Face config has no seq_length; assuming 4096');
  });

  it('reads DeepSeek-V3 routing, MLA and MTP fields into Megatron names', () => {
    const a = modelConfigFromJson(DEEPSEEK_V3).args;
    expect(a.moe_layer_freq).toEqual([0, 0, 0, ...Array(58).fill(1)]);
    expect(a).toMatchObject({
      multi_latent_attention: true,
      q_lora_rank: 1536,
      qk_pos_emb_head_dim: 64,
      mtp_num_layers: 1,
      moe_router_group_topk: 4,
    });
    expect(a.moe_shared_expert_intermediate_size).toBe(2048);
  });

  it('keeps Megatron-named keys in the same file and rejects unknown families', () => {
    const c = modelConfigFromJson({ ...LLAMA_405B, pipeline_model_parallel_size: 16, tensor_model_parallel_size: 8, seq_length: 8192 });
    expect(c.args.pipeline_model_parallel_size).toBe(16);
    expect(c.args.seq_length).toBe(8192);
    expect(c.warnings).toEqual(['the Hugging Face config has no micro_batch_size; assuming 1']);
    expect(() => modelConfigFromJson({ ...LLAMA_405B, model_type: 'gpt2' })).toThrow(ModelInputError);
    expect(() => modelConfigFromJson({ ...LLAMA_405B, model_type: 'gpt2' })).toThrow(/model_type: .*"gpt2" is not supported/);
  });
});
