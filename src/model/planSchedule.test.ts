/**
 * A model on a schedule: which layout each schedule family runs (the run's, merged, split, even),
 * where its stages sit (V: embedding and loss on rank 0; DualPipe: parts r and P−1−r), the costs
 * file (FB overlap, Seq1F1B chunks), per-rank static bytes, the step and the "which schedule fits"
 * ranking — by hand on small configurations and on DeepSeek-V3.
 */
import { describe, expect, it } from 'vitest';
import { SCHEDULE_NAMES, resolveStageCosts } from '../engine/index.ts';
import { parseMegatronArgs, type MegatronArgs } from './args.ts';
import { gpuPreset } from './hardware.ts';
import { moduleParameters, parameterTotals } from './parameters.ts';
import { planSchedule } from './planSchedule.ts';
import { modelPreset } from './presets.ts';
import { bestFit, scheduleFits } from './scheduleFits.ts';
import { scheduleLayout } from './scheduleLayout.ts';
import { dataParallelSyncUs, optimizerStepUs } from './step.ts';
import { layerPattern } from './args.ts';
import { stageHoldings } from './stageMemory.ts';

const h100 = gpuPreset('h100');
const h800 = gpuPreset('h800');
const args = (extra: Record<string, unknown> = {}): MegatronArgs =>
  parseMegatronArgs({
    num_layers: 8,
    hidden_size: 512,
    num_attention_heads: 8,
    padded_vocab_size: 8192,
    seq_length: 1024,
    micro_batch_size: 1,
    swiglu: true,
    normalization: 'RMSNorm',
    untie_embeddings_and_output_weights: true,
    pipeline_model_parallel_size: 4,
    data_parallel_size: 2,
    use_distributed_optimizer: true,
    ...extra,
  }).args;
const deepseek = parseMegatronArgs(modelPreset('deepseek-v3').args).args;

describe('the layout a schedule runs', () => {
  it("uses the run's layout when its stages are the schedule's parts, and merges it when it has more", () => {
    const zbv = scheduleLayout(deepseek, { schedule: 'zb-v', ranks: 16, microbatches: 32 });
    expect(zbv.source).toBe('layout');
    expect(zbv.parts).toHaveLength(32);
    // V placement: the embedding stage and the loss stage both on rank 0
    expect(zbv.topology.stageRank[0]).toBe(0);
    expect(zbv.topology.stageRank[31]).toBe(0);
    expect(zbv.parts[31]).toEqual(['loss']);
    const dual = scheduleLayout(deepseek, { schedule: 'dualpipe', ranks: 16, microbatches: 32 });
    expect(dual.source).toBe('merged');
    expect(dual.text).toBe('Et*5|t*4|t*4|t*4|t*4|t*4|t*4|t*4|t*4|t*4|t*4|t*4|t*4|t*4|t*4|mL');
    expect(dual.note).toMatch(/32 stages; every 2 consecutive ones merged into the schedule's 16 model parts \(2 stages per rank\)/);
    // DualPipe's second direction runs the same parts: stage 16 + k is part k, on rank 15 − k
    expect(dual.partOfStage.slice(16)).toEqual(Array.from({ length: 16 }, (_, k) => k));
    expect(dual.topology.rankStages[0].map((s) => dual.partOfStage[s])).toEqual([0, 15]);
    const interleaved = scheduleLayout(deepseek, { schedule: 'interleaved-1f1b', ranks: 16, microbatches: 32, stagesPerRank: 2 });
    expect(interleaved.source).toBe('layout');
  });

  it("splits each of the run's stages when the schedule needs more, and falls back to Megatron's even split", () => {
    const a = args({ pipeline_model_parallel_layout: 'Ettt|tt|tt|tL' });
    const v = scheduleLayout(a, { schedule: 'v-half', ranks: 4, microbatches: 8 });
    expect(v.source).toBe('split');
    expect(v.text).toBe('Et*2|t|t|t|t|t|t|L');
    const even = scheduleLayout(args(), { schedule: 'zb-v', ranks: 4, microbatches: 8 });
    expect(even.source).toBe('even');
    expect(even.text).toBe('Et|t|t|t|t|t|t|tL');
    expect(even.note).toMatch(/no layout string given/);
    // 8 stages and 12 parts: neither divides the other, so Megatron's even split of 24 layers into 12
    const b = args({ num_layers: 24, pipeline_model_parallel_layout: 'Et*3|(t*3|)*6,t*3L', virtual_pipeline_model_parallel_size: 2 });
    const three = scheduleLayout(b, { schedule: 'interleaved-1f1b', ranks: 4, microbatches: 8, stagesPerRank: 3 });
    expect(three.source).toBe('even');
    expect(three.text).toBe('Et*2|t*2|t*2|t*2|t*2|t*2|t*2|t*2|t*2|t*2|t*2|t*2L');
    expect(three.note).toMatch(/the run's layout has 8 stages, which does not fit 12/);
  });

  it('rejects a schedule the reference rejects, and ranks other than PP', () => {
    expect(() => scheduleLayout(args(), { schedule: 'dualpipe', ranks: 4, microbatches: 6 })).toThrow(/at least 2P = 8/);
    expect(() => scheduleLayout(args(), { schedule: '1f1b', ranks: 8, microbatches: 8 })).toThrow(/pipeline_model_parallel_size = 4/);
  });
});

describe('a model on a schedule', () => {
  it('costs every global stage where the schedule places it; DualPipe copies its parts and overlaps its F&B pairs', () => {
    const r = planSchedule(deepseek, { gpu: h800, mfu: 0.5, microbatches: 32 }, { schedule: 'dualpipe' });
    const c = r.costs;
    expect(c.F).toHaveLength(32);
    for (let k = 0; k < 16; k++) expect(c.F[16 + k]).toBe(c.F[k]);
    // rank 0 holds stages 0 and 31; each FB pairs the forward of one with the backward of the other
    const [s0, s31] = [r.stages[0], r.stages[31]];
    const compute = s0.costs.F - s0.allToAllUs.F + s31.costs.I - s31.allToAllUs.I + s31.costs.W;
    expect(c.FB![0]).toBeCloseTo(Math.max(compute, s0.allToAllUs.F + s31.allToAllUs.I), 6);
    for (let s = 0; s < 32; s++) {
      const p = r.layout.topology.rankStages[r.stages[s].rank].find((x) => x !== s)!;
      expect(c.FB![s]).toBeLessThanOrEqual(c.F[s] + c.I[p] + c.W[p] + 1e-6);
    }
    // the file resolves on the schedule's topology as the engine reads it
    expect(() => resolveStageCosts(c, r.layout.topology)).not.toThrow();
    // DualPipe's rank 0 holds the embedding and the head (and the MTP layer) twice over its peers' copies
    expect(r.step.staticBytesPerRank[0]).toBeGreaterThan(r.step.staticBytesPerRank[1]);
    expect(r.step.staticBytesPerRank[0]).toBe(r.step.staticBytesPerRank[15]);
  });

  it("counts a rank's static bytes once per weight: DualPipe's rank shares the MTP layer's embedding with its own", () => {
    const r = planSchedule(deepseek, { gpu: h800, mfu: 0.5, microbatches: 32 }, { schedule: 'dualpipe' });
    const [first, last] = [r.stages[0], r.stages[15]];
    // stage 15 (MTP + loss) alone holds a copy of the embedding for its MTP layer; on rank 0 it is the rank's own
    expect(r.step.staticBytesPerRank[0]).toBeLessThan(first.weightAndOptimizerBytes + last.weightAndOptimizerBytes);
    const a = deepseek;
    const held = stageHoldings(a, moduleParameters(a), layerPattern(a), [...r.layout.parts[0], ...r.layout.parts[15]], [0, 1, 2, 3, 4]);
    expect(r.step.staticBytesPerRank[0]).toBe(held.bytes.weights + held.bytes.gradients + held.bytes.optimizer);
  });

  it('splits Seq1F1B costs over the chunks; the memory stays per micro-batch', () => {
    const whole = planSchedule(args(), { gpu: h100, mfu: 0.5, microbatches: 8 }, { schedule: '1f1b' });
    const seq = planSchedule(args(), { gpu: h100, mfu: 0.5, microbatches: 8 }, { schedule: 'seq1f1b', seqSplits: 4 });
    expect(seq.params.seqSplits).toBe(4);
    expect(seq.costs.F[1]).toBeCloseTo(whole.costs.F[1] / 4, 9);
    expect(seq.costs.comm).toBeCloseTo(whole.costs.comm / 4, 9);
    expect(seq.costs.memory).toEqual(whole.costs.memory);
  });

  it('the step: the last rank to finish its ops, data-parallel sync and optimizer step; tokens and MFU from it', () => {
    const a = args();
    const r = planSchedule(a, { gpu: h100, mfu: 0.5, microbatches: 8 }, { schedule: '1f1b' });
    const s = r.step;
    const ends = r.timeline.ops.map((ops) => ops[ops.length - 1].end);
    const statics = s.staticBytesPerRank;
    expect(statics).toHaveLength(4);
    expect(s.timeMs).toBeGreaterThan(s.makespanMs);
    expect(s.timeMs).toBeGreaterThanOrEqual(Math.max(...ends) / 1e3);
    expect(s.tokensPerStep).toBe(8 * 1 * 2 * 1024);
    expect(s.tokensPerSecondPerGpu).toBeCloseTo(s.tokensPerStep / (s.timeMs / 1e3) / 8, 6);
    expect(s.mfu).toBeCloseTo(s.flopsPerStep / ((s.timeMs / 1e3) * 8 * 989.5e12), 12);
    for (let k = 0; k < 4; k++) expect(s.peakBytesPerRank[k]).toBeGreaterThanOrEqual(statics[k]);
    // DP 2 on one node (2 GPUs): NVLink at 0.8 × 450 GB/s; reduce-scatter 4 B + all-gather 2 B, half of each per GPU
    const dense = { bytes: 0, densePerGpu: 1e9, expertPerGpu: 0 };
    expect(dataParallelSyncUs(a, h100, dense)).toBeCloseTo(((1e9 * 6) / 2 / 360e9) * 1e6, 6);
    // Adam over the distributed optimizer's half of the parameters: 30 B each at 3.35 TB/s
    expect(optimizerStepUs(a, h100, dense)).toBeCloseTo(((30 * 0.5e9) / 3.35e12) * 1e6, 6);
  });

  it('zb-auto runs under the HBM left for activations; v-auto under as many V-chunk forwards as fit', () => {
    const r = planSchedule(args(), { gpu: h100, mfu: 0.5, microbatches: 8 }, { schedule: 'zb-auto' });
    expect(r.params.memLimit).toEqual(r.activationBudgetBytes);
    expect(r.activationBudgetBytes[0]).toBeCloseTo(80e9 - r.step.staticBytesPerRank[0] - r.step.transientBytesPerRank[0], 0);
    const v = planSchedule(args(), { gpu: h100, mfu: 0.5, microbatches: 8 }, { schedule: 'v-auto' });
    expect(v.params.memLimit).toBe(8); // everything fits: the family's ceiling 2P
  });
});

describe('which schedule fits', () => {
  it('ranks every schedule by step time, says which exceed HBM and why others do not run', () => {
    const a = args();
    const rows = scheduleFits(a, { gpu: h100, mfu: 0.5, microbatches: 8 });
    expect(rows.map((r) => r.schedule).sort()).toEqual([...SCHEDULE_NAMES].sort());
    const valid = rows.filter((r) => r.valid);
    for (let k = 1; k < valid.length; k++) expect(valid[k].stepMs!).toBeGreaterThanOrEqual(valid[k - 1].stepMs!);
    // every valid row is what planSchedule gives for that schedule
    const one = valid[valid.length - 1];
    expect(planSchedule(a, { gpu: h100, mfu: 0.5, microbatches: 8 }, { schedule: one.schedule }).step.timeMs).toBe(one.stepMs);
    expect(bestFit(rows)?.schedule).toBe(valid[0].schedule); // a small model fits everywhere
    // with M = 6 DualPipe (M ≥ 2P) does not run, and says why
    const six = scheduleFits(a, { gpu: h100, mfu: 0.5, microbatches: 6 }, ['dualpipe', '1f1b']);
    expect(six[1]).toMatchObject({ schedule: 'dualpipe', valid: false, field: 'microbatches' });
    expect(six[1].reason).toMatch(/DualPipe needs at least 2P = 8 micro-batches/);
  });

  it('marks schedules over HBM with by how much', () => {
    // a big model on few GPUs: GPipe keeps all M micro-batches' activations
    const a = args({ hidden_size: 8192, num_attention_heads: 64, seq_length: 8192, data_parallel_size: 1 });
    const [gpipe] = scheduleFits(a, { gpu: h100, mfu: 0.5, microbatches: 16 }, ['gpipe']);
    expect(gpipe.fits).toBe(false);
    expect(gpipe.overHbmBytes).toBeCloseTo(gpipe.peakBytes! - 80e9, 0);
  });
});

describe('recompute and FP8 in the activation model', () => {
  it('drops what recompute_modules rebuild and keeps FP8 copies of weight-GEMM inputs', () => {
    const base = { multi_latent_attention: true, q_lora_rank: 256, kv_lora_rank: 128, num_experts: 8, moe_ffn_hidden_size: 256 };
    const plain = planSchedule(args(base), { gpu: h100, mfu: 0.5, microbatches: 4 }, { schedule: '1f1b' }).stages[1];
    const a = args({ ...base, recompute_granularity: 'selective', recompute_modules: ['layernorm', 'mla_up_proj', 'moe_act'] });
    const rec = planSchedule(a, { gpu: h100, mfu: 0.5, microbatches: 4 }, { schedule: '1f1b' }).stages[1];
    expect(rec.activationBytesPerMicrobatch).toBeLessThan(plain.activationBytesPerMicrobatch);
    // the norm outputs and the experts' activation output are weight-GEMM inputs: rebuilt in I, kept until W
    expect(rec.recomputedForWBytes).toBeGreaterThan(0);
    // the up-projections run again in I
    expect(rec.costs.I).toBeGreaterThan(plain.costs.I);
    const fp8 = planSchedule(args({ ...base, fp8: 'e4m3' }), { gpu: h100, mfu: 0.5, microbatches: 4 }, { schedule: '1f1b' }).stages[1];
    const saved = fp8.memory.W - plain.memory.W; // W frees the weight-GEMM inputs: about half as many bytes in FP8
    expect(fp8.memory.W / plain.memory.W).toBeGreaterThan(0.5);
    expect(fp8.memory.W / plain.memory.W).toBeLessThan(1); // the attention output stays BF16
    expect(saved).toBeGreaterThan(0);
  });

  it('parameter totals are unchanged by where a schedule puts the layers', () => {
    const r = planSchedule(deepseek, { gpu: h800, mfu: 0.5, microbatches: 32 }, { schedule: 'zb-v' });
    expect(r.stages.reduce((x, s) => x + s.modelParameters, 0)).toBe(parameterTotals(deepseek).unique);
  });
});
