/**
 * Model presets as Megatron arguments (docs/model.md §7 cites every number). Model sizes come from
 * each model's Hugging Face config.json or paper; the parallel settings are the published training
 * setup where one exists (DeepSeek-V3 report §3.1, Llama 3 paper Table 4, Megatron-LM paper Table 1)
 * and otherwise an example that fits, said so in `sources`.
 */
import { ModelInputError } from './errors.ts';

export interface ModelPreset {
  id: string;
  label: string;
  sources: string[];
  args: Record<string, unknown>;
}

const DEEPSEEK_V3_MOE_LAYERS = [0, 0, 0, ...Array<number>(58).fill(1)];

const llama = (layers: number, hidden: number, ffn: number, heads: number) => ({
  num_layers: layers,
  hidden_size: hidden,
  ffn_hidden_size: ffn,
  num_attention_heads: heads,
  group_query_attention: true,
  num_query_groups: 8,
  kv_channels: 128,
  swiglu: true,
  normalization: 'RMSNorm',
  add_bias_linear: false,
  untie_embeddings_and_output_weights: true,
  padded_vocab_size: 128256,
  position_embedding_type: 'rope',
  hidden_dropout: 0,
  attention_dropout: 0,
});

const TRAINING = { sequence_parallel: true, recompute_granularity: 'selective', use_distributed_optimizer: true, micro_batch_size: 1 };

export const MODEL_PRESETS: readonly ModelPreset[] = [
  {
    id: 'deepseek-v3',
    label: 'DeepSeek-V3 (671B, 37B active, MTP 1)',
    sources: [
      'huggingface.co/deepseek-ai/DeepSeek-V3 config.json: 61 layers, hidden 7168, dense ffn 18432, 128 heads, MLA q_lora 1536 / kv_lora 512 / qk 128+64 / v 128, 256 routed + 1 shared experts of 2048, top-8, first_k_dense_replace 3, vocab 129280, num_nextn_predict_layers 1, untied',
      'DeepSeek-V3 report §3.1-3.2 (arXiv 2412.19437): PP16, EP64 over 8 nodes, ZeRO-1 DP, no TP, 2048 H800; tokens reach at most 4 nodes; FP8 training (§3.3); sequence 4K',
      'layout: Megatron-LM\'s DeepSeek-V3 recipe string "Et*3|(tt|)*29,m|L" (16 ranks × 2 virtual stages)',
      'memory savings (report §3.2.3, §3.3.3): RMSNorm and MLA up-projections recomputed, SwiGLU outputs of the experts recomputed, Linear inputs cached in FP8 (recompute_modules layernorm, mla_up_proj, moe_act; fp8)',
    ],
    args: {
      num_layers: 61,
      hidden_size: 7168,
      ffn_hidden_size: 18432,
      num_attention_heads: 128,
      kv_channels: 128,
      multi_latent_attention: true,
      q_lora_rank: 1536,
      kv_lora_rank: 512,
      qk_head_dim: 128,
      qk_pos_emb_head_dim: 64,
      v_head_dim: 128,
      num_experts: 256,
      moe_ffn_hidden_size: 2048,
      moe_shared_expert_intermediate_size: 2048,
      moe_router_topk: 8,
      moe_router_group_topk: 4,
      moe_layer_freq: DEEPSEEK_V3_MOE_LAYERS,
      mtp_num_layers: 1,
      swiglu: true,
      normalization: 'RMSNorm',
      add_bias_linear: false,
      untie_embeddings_and_output_weights: true,
      padded_vocab_size: 129280,
      position_embedding_type: 'rope',
      hidden_dropout: 0,
      attention_dropout: 0,
      fp8: 'e4m3',
      tensor_model_parallel_size: 1,
      pipeline_model_parallel_size: 16,
      expert_model_parallel_size: 64,
      expert_tensor_parallel_size: 1,
      data_parallel_size: 128,
      seq_length: 4096,
      pipeline_model_parallel_layout: 'Et*3|(tt|)*29,m|L',
      // What a Megatron run derives from these: V from the layout, no sequence parallelism at TP 1.
      virtual_pipeline_model_parallel_size: 2,
      ...TRAINING,
      sequence_parallel: false,
      // report §3.2.3: RMSNorm outputs and MLA up-projections recomputed in the backward; §3.3.3: the
      // SwiGLU output of the MoE experts recomputed from its cached input
      recompute_modules: ['layernorm', 'mla_up_proj', 'moe_act'],
    },
  },
  {
    id: 'llama3.1-8b',
    label: 'Llama 3.1 8B',
    sources: [
      'huggingface.co/meta-llama/Llama-3.1-8B config.json: 32 layers, hidden 4096, ffn 14336, 32 heads, 8 KV heads, vocab 128256, untied, RoPE, SiLU (SwiGLU), RMSNorm',
      'parallel settings: an example (TP2 PP4 DP8, sequence 8192), the configuration of fixtures/golden/megatron-estimates/llama3-8b_tp2_pp4_ep1_dp8.json',
    ],
    args: {
      ...llama(32, 4096, 14336, 32),
      tensor_model_parallel_size: 2,
      pipeline_model_parallel_size: 4,
      data_parallel_size: 8,
      seq_length: 8192,
      ...TRAINING,
    },
  },
  {
    id: 'llama3.1-70b',
    label: 'Llama 3.1 70B',
    sources: [
      'huggingface.co/meta-llama/Llama-3.1-70B config.json: 80 layers, hidden 8192, ffn 28672, 64 heads, 8 KV heads, vocab 128256, untied',
      'parallel settings: an example (TP8 PP4 with 5 virtual stages, DP4, sequence 4096), as fixtures/golden/megatron-estimates/llama3-70b_tp8_pp4_ep1_dp4.json',
    ],
    args: {
      ...llama(80, 8192, 28672, 64),
      tensor_model_parallel_size: 8,
      pipeline_model_parallel_size: 4,
      virtual_pipeline_model_parallel_size: 5,
      data_parallel_size: 4,
      seq_length: 4096,
      ...TRAINING,
    },
  },
  {
    id: 'llama3.1-405b',
    label: 'Llama 3.1 405B',
    sources: [
      'huggingface.co/meta-llama/Llama-3.1-405B config.json: 126 layers, hidden 16384, ffn 53248, 128 heads, 8 KV heads, vocab 128256, untied',
      'Llama 3 paper (arXiv 2407.21783) Table 4: TP8, CP1, PP16, DP128 on 16,384 H100 at sequence 8192; §3.3.2: one layer fewer on the first and on the last pipeline stage (the layout below)',
    ],
    args: {
      ...llama(126, 16384, 53248, 128),
      tensor_model_parallel_size: 8,
      pipeline_model_parallel_size: 16,
      data_parallel_size: 128,
      seq_length: 8192,
      pipeline_model_parallel_layout: 'Et*7|(t*8|)*14,t*7L',
      ...TRAINING,
    },
  },
  {
    id: 'qwen3-235b-a22b',
    label: 'Qwen3-235B-A22B',
    sources: [
      'huggingface.co/Qwen/Qwen3-235B-A22B config.json: 94 layers, hidden 4096, 64 heads, 4 KV heads, head_dim 128, 128 experts of 1536, top-8, all layers MoE (decoder_sparse_step 1), vocab 151936, untied, q/k RMSNorm',
      'Qwen3 technical report (arXiv 2505.09388): 235B total, 22B activated',
      "parallel settings: an example (TP4 PP8 EP8 DP8, sequence 4096; layout by torchtitan's rule, one layer fewer on the first and last stage)",
    ],
    args: {
      num_layers: 94,
      hidden_size: 4096,
      ffn_hidden_size: 12288,
      num_attention_heads: 64,
      group_query_attention: true,
      num_query_groups: 4,
      kv_channels: 128,
      qk_layernorm: true,
      num_experts: 128,
      moe_ffn_hidden_size: 1536,
      moe_router_topk: 8,
      swiglu: true,
      normalization: 'RMSNorm',
      add_bias_linear: false,
      untie_embeddings_and_output_weights: true,
      padded_vocab_size: 151936,
      position_embedding_type: 'rope',
      hidden_dropout: 0,
      attention_dropout: 0,
      tensor_model_parallel_size: 4,
      pipeline_model_parallel_size: 8,
      expert_model_parallel_size: 8,
      expert_tensor_parallel_size: 1,
      data_parallel_size: 8,
      seq_length: 4096,
      pipeline_model_parallel_layout: 'Et*11|(t*12|)*6,t*11L',
      ...TRAINING,
    },
  },
  {
    id: 'mixtral-8x22b',
    label: 'Mixtral 8x22B',
    sources: [
      'huggingface.co/mistralai/Mixtral-8x22B-v0.1 config.json: 56 layers, hidden 6144, 48 heads, 8 KV heads, 8 experts of 16384, top-2, vocab 32000, untied',
      'Mistral AI, "Cheaper, Better, Faster, Stronger" (2024-04-17): 141B total, 39B active',
      'parallel settings: an example (TP4 PP4 EP8 DP8, sequence 4096)',
    ],
    args: {
      num_layers: 56,
      hidden_size: 6144,
      ffn_hidden_size: 16384,
      num_attention_heads: 48,
      group_query_attention: true,
      num_query_groups: 8,
      kv_channels: 128,
      num_experts: 8,
      moe_ffn_hidden_size: 16384,
      moe_router_topk: 2,
      swiglu: true,
      normalization: 'RMSNorm',
      add_bias_linear: false,
      untie_embeddings_and_output_weights: true,
      padded_vocab_size: 32000,
      position_embedding_type: 'rope',
      hidden_dropout: 0,
      attention_dropout: 0,
      tensor_model_parallel_size: 4,
      pipeline_model_parallel_size: 4,
      expert_model_parallel_size: 8,
      expert_tensor_parallel_size: 1,
      data_parallel_size: 8,
      seq_length: 4096,
      ...TRAINING,
    },
  },
  {
    id: 'gpt3-175b',
    label: 'GPT-3 175B',
    sources: [
      'GPT-3 paper (arXiv 2005.14165) Table 2.1: 96 layers, d_model 12288, 96 heads of 128, context 2048; GPT-2 BPE vocabulary of 50257, learned positions, LayerNorm, GeLU, biases, tied embeddings',
      'Megatron-LM paper (arXiv 2104.04473) Table 1: 175B on 1536 GPUs with TP8 PP16 (DP12), micro-batch 1, activation recomputation; vocabulary padded to 51200',
    ],
    args: {
      num_layers: 96,
      hidden_size: 12288,
      num_attention_heads: 96,
      padded_vocab_size: 51200,
      max_position_embeddings: 2048,
      tensor_model_parallel_size: 8,
      pipeline_model_parallel_size: 16,
      data_parallel_size: 12,
      seq_length: 2048,
      micro_batch_size: 1,
      recompute_granularity: 'full',
      recompute_method: 'uniform',
      recompute_num_layers: 1,
      use_distributed_optimizer: false,
    },
  },
];

export function modelPreset(id: string): ModelPreset {
  const p = MODEL_PRESETS.find((x) => x.id === id.toLowerCase());
  if (!p)
    throw new ModelInputError(
      'config',
      `unknown preset "${id}"; expected a JSON file or one of ${MODEL_PRESETS.map((x) => x.id).join(', ')}`,
    );
  return p;
}
