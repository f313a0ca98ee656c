/**
 * Parameter totals against model cards and published counts, and against Megatron's own count where
 * both count the same modules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMegatronArgs } from './args.ts';
import { megatronEstimates } from './megatron.ts';
import { parameterTotals } from './parameters.ts';
import { modelPreset } from './presets.ts';

const totals = (id: string) => parameterTotals(parseMegatronArgs(modelPreset(id).args).args);
const B = 1e9;

describe('model-card parameter counts', () => {
  it('DeepSeek-V3: 671B main + MTP module = 685B on Hugging Face, 37B activated', () => {
    const t = totals('deepseek-v3');
    // README_WEIGHTS.md: main model 671B; MTP 11.5B unique + the shared 0.9B embedding and 0.9B head.
    expect(Math.round(t.mainModel / B)).toBe(671);
    expect(t.mainModel).toBe(671_026_404_352); // HF's 671,026,419,200 also counts 58 × 256 e_score_correction_bias buffers
    expect((t.mtpModule - 2 * t.embedding) / B).toBeCloseTo(11.6, 1);
    expect(Math.abs(t.total - 685 * B) / (685 * B)).toBeLessThan(0.001); // "685B, which includes 671B … and 14B"
    expect(t.unique).toBe(t.total - 2 * t.embedding); // training shares the MTP embedding and head
    // README_WEIGHTS.md: "Activation parameters: 36.6B (including 0.9B for the output Head)"; card: 37B.
    expect(Number((t.active / B).toFixed(1))).toBe(36.6);
    expect(Math.round(t.active / B)).toBe(37);
  });

  it('Llama 3.1: 8,030,261,248 / 70,553,706,496 / 405,853,388,800', () => {
    expect(totals('llama3.1-8b').total).toBe(8_030_261_248);
    expect(totals('llama3.1-70b').total).toBe(70_553_706_496);
    expect(totals('llama3.1-405b').total).toBe(405_853_388_800);
  });

  it('Qwen3-235B-A22B: 235B total, 22B activated; Mixtral 8x22B: 141B total, 39B active; GPT-3: 175B', () => {
    const q = totals('qwen3-235b-a22b');
    expect(Math.round(q.total / B)).toBe(235);
    expect(Math.round(q.active / B)).toBe(22);
    const m = totals('mixtral-8x22b');
    expect(Math.round(m.total / B)).toBe(141);
    expect(Math.round(m.active / B)).toBe(39);
    expect(Math.round(totals('gpt3-175b').total / B)).toBe(175);
  });
});

describe("module counts = Megatron's count where both count the same modules", () => {
  // Megatron's estimator leaves out biases, learned position embeddings and q/k norms and counts MTP
  // layers without their norms and eh_proj; without those the two counts must agree exactly.
  it('for random dense and MoE models', () => {
    fc.assert(
      fc.property(
        fc.record({
          num_layers: fc.integer({ min: 1, max: 40 }),
          heads: fc.constantFrom(8, 16, 32),
          kv: fc.constantFrom(64, 128),
          hidden: fc.integer({ min: 64, max: 8192 }),
          ffn: fc.integer({ min: 64, max: 30000 }),
          swiglu: fc.boolean(),
          norm: fc.constantFrom('RMSNorm', 'LayerNorm'),
          untie: fc.boolean(),
          groups: fc.constantFrom(1, 2, 8),
          experts: fc.option(fc.constantFrom(4, 8, 64), { nil: null }),
          freq: fc.integer({ min: 1, max: 3 }),
          shared: fc.option(fc.integer({ min: 64, max: 4096 }), { nil: null }),
        }),
        (r) => {
          const { args } = parseMegatronArgs({
            num_layers: r.num_layers,
            hidden_size: r.hidden,
            ffn_hidden_size: r.ffn,
            num_attention_heads: r.heads,
            kv_channels: r.kv,
            group_query_attention: true,
            num_query_groups: r.groups,
            swiglu: r.swiglu,
            normalization: r.norm,
            add_bias_linear: false,
            untie_embeddings_and_output_weights: r.untie,
            position_embedding_type: 'rope',
            padded_vocab_size: 32000,
            num_experts: r.experts,
            moe_layer_freq: r.freq,
            moe_shared_expert_intermediate_size: r.experts === null ? null : r.shared,
            moe_router_topk: 2,
            seq_length: 1024,
            micro_batch_size: 1,
          });
          // Megatron computes MHA/GQA attention in floats (hidden² × a ratio), so equal to rounding.
          const megatron = megatronEstimates(args, 1).parameters.total;
          expect(Math.abs(parameterTotals(args).unique - megatron) / megatron).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });
});
