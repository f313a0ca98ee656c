/** Megatron argument parsing: defaults, warnings and structured errors naming the field. */
import { describe, expect, it } from 'vitest';
import { paddedVocabSize, parseMegatronArgs } from './args.ts';
import { ModelInputError } from './errors.ts';
import { parseMoeFreqString } from './moePattern.ts';

const base = { num_layers: 4, hidden_size: 4096, num_attention_heads: 32, padded_vocab_size: 32000, seq_length: 2048, micro_batch_size: 1 };

function fieldOf(input: Record<string, unknown>): { field: string; message: string } {
  try {
    parseMegatronArgs(input);
  } catch (e) {
    if (e instanceof ModelInputError) return { field: e.field, message: e.message };
    throw e;
  }
  throw new Error('expected a ModelInputError');
}

describe('parseMegatronArgs', () => {
  it("fills Megatron's defaults, including validate_args' derived values", () => {
    const { args, warnings } = parseMegatronArgs(base);
    expect(warnings).toEqual([]);
    expect(args.ffn_hidden_size).toBe(4 * 4096);
    expect(args.kv_channels).toBe(128);
    expect(args.normalization).toBe('LayerNorm');
    expect(args.add_bias_linear).toBe(true);
    expect(args.untie_embeddings_and_output_weights).toBe(false);
    expect(args.kv_lora_rank).toBe(32);
    expect(args.moe_router_topk).toBe(2);
    expect(args.world_size).toBe(1);
    expect(args.virtual_pipeline_model_parallel_size).toBeNull();
    // SwiGLU default: int((4h·2/3)/64)·64.
    expect(parseMegatronArgs({ ...base, swiglu: true }).args.ffn_hidden_size).toBe(10880);
    const moe = parseMegatronArgs({ ...base, num_experts: 8, tensor_model_parallel_size: 2, data_parallel_size: 4 }).args;
    expect(moe.moe_ffn_hidden_size).toBe(16384);
    expect(moe.expert_tensor_parallel_size).toBe(2);
    expect(moe.world_size).toBe(8);
    expect(parseMegatronArgs({ ...base, num_experts: 0 }).args.num_experts).toBeNull();
    expect(parseMegatronArgs({ ...base, world_size: 64, pipeline_model_parallel_size: 4 }).args.data_parallel_size).toBe(16);
  });

  it('pads vocab_size as Megatron does (multiple of make_vocab_size_divisible_by × TP)', () => {
    expect(paddedVocabSize(50257, 128, 8)).toBe(51200);
    const { padded_vocab_size, ...rest } = base;
    void padded_vocab_size;
    expect(parseMegatronArgs({ ...rest, vocab_size: 50257, tensor_model_parallel_size: 4 }).args.padded_vocab_size).toBe(50688);
  });

  it('warns about unknown keys and values kept as given', () => {
    const { warnings } = parseMegatronArgs({ ...base, hiden_size: 1, lr: 3e-4, bf16: true, sequence_parallel: true });
    expect(warnings[0]).toBe('ignored unknown keys "hiden_size", "lr"');
    expect(warnings[1]).toMatch(/sequence_parallel is kept on at tensor_model_parallel_size 1/);
  });

  it("reads moe_layer_freq as an int, a list or Megatron's list expression", () => {
    expect(parseMoeFreqString('([0]*3+[1]*58)')).toEqual([0, 0, 0, ...Array(58).fill(1)]);
    expect(parseMoeFreqString('([1]*3+[0]*1)*3')).toEqual([1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0]);
    expect(parseMoeFreqString('2')).toBe(2);
    expect(parseMegatronArgs({ ...base, num_experts: 8, moe_layer_freq: '[0]+[1]*3' }).args.moe_layer_freq).toEqual([0, 1, 1, 1]);
  });

  it.each([
    [{ hidden_size: -5 }, 'hidden_size', /must be at least 1; got -5/],
    [{ hidden_size: 'big' }, 'hidden_size', /must be a whole number; got "big"/],
    [{ num_layers: 2.5 }, 'num_layers', /whole number; got 2.5/],
    [{ seq_length: undefined }, 'seq_length', /is required/],
    [{ normalization: 'BatchNorm' }, 'normalization', /one of "LayerNorm", "RMSNorm"/],
    [{ swiglu: 'yes' }, 'swiglu', /true or false/],
    [{ num_experts: 8, moe_layer_freq: [0, 1] }, 'moe_layer_freq', /2 entries but num_layers is 4/],
    [{ num_experts: 8, moe_layer_freq: '[0]*4+x' }, 'moe_layer_freq', /invalid character "x" at column 7/],
    [{ num_experts: 6, expert_model_parallel_size: 4, data_parallel_size: 4 }, 'expert_model_parallel_size', /not a multiple/],
    [{ tensor_model_parallel_size: 3 }, 'tensor_model_parallel_size', /32 is not divisible by tensor_model_parallel_size 3/],
    [{ group_query_attention: true, num_query_groups: 5 }, 'num_query_groups', /divisible by num_query_groups 5/],
    [{ world_size: 6, pipeline_model_parallel_size: 4 }, 'world_size', /not divisible/],
    [{ recompute_granularity: 'full' }, 'recompute_method', /needs recompute_method/],
    [{ multi_latent_attention: true, group_query_attention: true }, 'group_query_attention', /cannot be combined/],
  ])('rejects %j naming the field', (patch, field, message) => {
    const e = fieldOf({ ...base, ...patch });
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`${field}: `)).toBe(true);
  });
});
