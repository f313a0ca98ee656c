/**
 * pipescope's per-stage model: activation bytes against Korthikanti et al.'s closed form, stage sums
 * against model totals and Megatron's FLOPs, memory deltas that balance, times from FLOPs and links.
 */
import { describe, expect, it } from 'vitest';
import { layerBytes } from './activations.ts';
import { parseMegatronArgs, type MegatronArgs } from './args.ts';
import { gpuPreset } from './hardware.ts';
import { planModel } from './plan.ts';
import { modelPreset } from './presets.ts';

const gpt = (extra: Record<string, unknown> = {}): MegatronArgs =>
  parseMegatronArgs({
    num_layers: 8,
    hidden_size: 1024,
    num_attention_heads: 16,
    padded_vocab_size: 51200,
    seq_length: 2048,
    micro_batch_size: 2,
    ...extra,
  }).args;

const h100 = gpuPreset('h100');

describe('activation bytes per layer', () => {
  const s = 2048;
  const b = 2;
  const h = 1024;
  const a = 16;
  const lse = 4 * s * b * a; // fp32 log-sum-exp of the fused attention kernel
  it('is 34·s·b·h (Korthikanti et al. Table 2, flash attention) for MHA, GeLU, ffn = 4h', () => {
    expect(layerBytes(gpt(), 'dense').stored).toBe(34 * s * b * h + lse);
  });
  it('is 10·s·b·h + 24·s·b·h/t with tensor parallelism and (34·s·b·h)/t with sequence parallelism too', () => {
    expect(layerBytes(gpt({ tensor_model_parallel_size: 4 }), 'dense').stored).toBe(10 * s * b * h + (24 * s * b * h) / 4 + lse / 4);
    expect(layerBytes(gpt({ tensor_model_parallel_size: 4, sequence_parallel: true }), 'dense').stored).toBe((34 * s * b * h + lse) / 4);
  });
  it('drops the dropout masks without dropout and shrinks K/V with grouped-query attention', () => {
    expect(layerBytes(gpt({ hidden_dropout: 0 }), 'dense').stored).toBe(32 * s * b * h + lse);
    const gqa = gpt({ group_query_attention: true, num_query_groups: 4 });
    // K and V: 2 B × (h/4) each instead of h each.
    expect(layerBytes(gqa, 'dense').stored).toBe(34 * s * b * h + lse - 2 * s * b * 2 * ((3 * h) / 4));
  });
});

describe('per-stage model', () => {
  it("stages add up to the model: parameters, and FLOPs to Megatron's num_floating_point_operations", () => {
    const a = gpt({
      num_layers: 12,
      pipeline_model_parallel_size: 4,
      virtual_pipeline_model_parallel_size: 3,
      tensor_model_parallel_size: 2,
      data_parallel_size: 3,
    });
    const plan = planModel(a, { gpu: h100, mfu: 0.5, microbatches: 7 });
    expect(plan.stages).toHaveLength(12);
    expect(plan.stages.reduce((x, s) => x + s.modelParameters, 0)).toBe(plan.parameters.unique);
    const perGlobalBatch =
      plan.stages.reduce((x, s) => x + s.flops.F + s.flops.I + s.flops.W, 0) * a.tensor_model_parallel_size * 7 * a.data_parallel_size;
    expect(perGlobalBatch / plan.megatron.flopsPerIteration).toBeCloseTo(1, 12);
  });

  it('memory: F allocates, I and W free it all; full recompute keeps layer inputs and re-runs the forward in I', () => {
    const plan = planModel(gpt({ pipeline_model_parallel_size: 2 }), { gpu: h100, mfu: 0.5 });
    for (const s of plan.stages) {
      expect(s.memory.F).toBe(s.activationBytesPerMicrobatch);
      expect(s.memory.F + s.memory.I + s.memory.W).toBeCloseTo(0, 3);
      expect(s.memory.I).toBeLessThan(0);
    }
    const full = planModel(
      gpt({ pipeline_model_parallel_size: 2, recompute_granularity: 'full', recompute_method: 'uniform', recompute_num_layers: 2 }),
      {
        gpu: h100,
        mfu: 0.5,
      },
    );
    const [s0, r0] = [plan.stages[0], full.stages[0]];
    expect(r0.activationBytesPerMicrobatch).toBeLessThan(s0.activationBytesPerMicrobatch / 5);
    expect(r0.recomputeTransientBytes).toBeGreaterThan(0);
    expect(r0.costs.I).toBeCloseTo(s0.costs.I + s0.costs.F, 6);
    // F keeps the groups' inputs, which I frees once it has rebuilt them; the rebuilt weight-GEMM
    // inputs stay from I until W, carried beside the costs file's memory (which cannot allocate in I).
    expect(r0.recomputedForWBytes).toBeGreaterThan(0);
    expect(r0.memory).toEqual({ F: r0.activationBytesPerMicrobatch, I: -r0.activationBytesPerMicrobatch, W: 0 });
    expect(s0.recomputedForWBytes).toBe(0);
  });

  it('times follow FLOPs at the given efficiency; the loss stage is GEMM only (F = I = W)', () => {
    const a = gpt({ pipeline_model_parallel_size: 2, pipeline_model_parallel_layout: 'Et*8|L' });
    const half = planModel(a, { gpu: h100, mfu: 0.5 });
    const quarter = planModel(a, { gpu: h100, mfu: 0.25 });
    expect(quarter.stages[0].costs.F).toBeCloseTo(2 * half.stages[0].costs.F, 6);
    const loss = half.stages[1];
    expect(loss.layers).toEqual({ loss: 1 });
    expect(loss.costs.F).toBeCloseTo(loss.costs.W, 9);
    // logits: 2·s·b·h·V FLOPs at 989.5 TFLOP/s × 0.5.
    expect(loss.costs.F).toBeCloseTo(((2 * 2048 * 2 * 1024 * 51200) / (989.5e12 * 0.5)) * 1e6, 6);
  });

  it('P2P: NVLink inside a node, the NIC across nodes (rank order tp-cp-ep-dp-pp)', () => {
    const plan = planModel(gpt({ pipeline_model_parallel_size: 8, tensor_model_parallel_size: 2 }), { gpu: h100, mfu: 0.5 });
    const send = plan.stages.map((s) => s.sendUs);
    // 2 GPUs per pipeline rank: ranks 0-3 on node 0, 4-7 on node 1.
    const bytes = 2 * 2048 * 2 * 1024;
    expect(send[0]).toBeCloseTo((bytes / (450e9 * 0.8)) * 1e6, 9);
    expect(send[3]).toBeCloseTo((bytes / 50e9) * 1e6, 9);
    expect(send[7]).toBeNull();
    expect(plan.costs.comm).toBe(send[3]);
  });

  it('DeepSeek-V3: all-to-all only on MoE stages, experts sharded by EP, costs in the --costs-file shape', () => {
    const a = parseMegatronArgs(modelPreset('deepseek-v3').args).args;
    const plan = planModel(a, { gpu: gpuPreset('h800'), mfu: 0.5, microbatches: 60 });
    const [first, moe, mtp, loss] = [plan.stages[0], plan.stages[1], plan.stages[30], plan.stages[31]];
    expect(first.decoderLayers).toEqual({ dense: 3, moe: 0, first: 0, last: 2 });
    expect(first.allToAllUs.F).toBe(0);
    expect(moe.allToAllUs.F).toBeGreaterThan(0);
    expect(mtp.layers).toEqual({ mtp: 1 });
    expect(loss.layers).toEqual({ loss: 1 });
    // Two MoE layers, each: MLA 187,107,328 + two RMSNorms + router 7168·256 + shared expert and
    // 256/64 = 4 routed experts of 3·7168·2048 per GPU (EP64, TP1).
    const expert = 3 * 7168 * 2048;
    expect(moe.parametersPerGpu).toBe(2 * (187_107_328 + 2 * 7168 + 7168 * 256 + expert + 4 * expert));
    const c = plan.costs;
    for (const k of ['F', 'I', 'W'] as const) {
      expect(c[k]).toHaveLength(32);
      expect(c.memory[k]).toHaveLength(32);
    }
    expect(typeof c.comm).toBe('number');
    expect(plan.megatron.weightAndOptimizerBytes).toBe(22657240074);
  });
});
