/**
 * A sweep with a model (sweepModel.ts): the Megatron arguments each combination is planned with,
 * the per-stage costs the engine receives (DualPipe's second direction reuses the model's chunks),
 * and the step columns computed from their definitions.
 */
import { describe, expect, it } from 'vitest';
import { buildSchedule, computeMetrics, scheduleTopology, simulate } from '../engine/index.ts';
import { MODEL_PRESETS, gpuPreset, megatronFlops, modelConfigFromPreset, parseMegatronArgs, planModel } from '../model/index.ts';
import { evaluatePoint } from './sweep.ts';
import { modelChunksPerRank, modelSource } from './sweepModel.ts';

const llama = modelConfigFromPreset('llama3.1-8b').args;
const spec = { args: llama, hardware: 'h100', mfu: 0.5 };

describe('modelSource', () => {
  it('resolved arguments parse back to themselves, so a combination only changes P and the chunks', () => {
    for (const p of MODEL_PRESETS) {
      const args = modelConfigFromPreset(p.id).args;
      expect(parseMegatronArgs({ ...args }).args, p.id).toEqual(args);
    }
  });

  it('lays the model out in the schedule chunks: v for interleaving, 2 for V shapes, 1 for DualPipe', () => {
    const chunks = (schedule: 'interleaved-1f1b' | 'zb-v' | 'dualpipe' | '1f1b', v?: number) => {
      const params = { schedule, ranks: 4, microbatches: 8, ...(v ? { stagesPerRank: v } : {}) };
      return modelChunksPerRank(params, scheduleTopology(params));
    };
    expect([chunks('interleaved-1f1b', 4), chunks('zb-v'), chunks('dualpipe'), chunks('1f1b')]).toEqual([4, 2, 1, 1]);
  });

  it("DualPipe's reverse direction runs the same model chunks: stage P+k costs what stage k costs", () => {
    const params = { schedule: 'dualpipe' as const, ranks: 4, microbatches: 8 };
    const costs = modelSource(spec).costsFor(params, scheduleTopology(params));
    const plan = planModel(parseMegatronArgs({ ...llama, pipeline_model_parallel_size: 4, world_size: null }).args, {
      gpu: gpuPreset('h100'),
      mfu: 0.5,
    });
    const F = plan.stages.map((s) => s.costs.F);
    expect(costs.perStage!.F).toEqual([...F, ...F]);
    expect(costs.memory!.F).toEqual([...plan.stages.map((s) => s.memory.F), ...plan.stages.map((s) => s.memory.F)]);
  });

  it('step columns follow their definitions (µs → ms, tokens per GPU, Megatron FLOPs over the peak, bytes per rank)', () => {
    const params = { schedule: 'zb-v' as const, ranks: 4, microbatches: 16 };
    const source = modelSource(spec);
    const row = evaluatePoint(params, source);
    const costs = source.costsFor(params, scheduleTopology(params));
    const t = simulate(buildSchedule(params, costs), costs);
    const m = computeMetrics(t);
    const args = parseMegatronArgs({
      ...llama,
      pipeline_model_parallel_size: 4,
      virtual_pipeline_model_parallel_size: 2,
      world_size: null,
    }).args;
    const plan = planModel(args, { gpu: gpuPreset('h100'), mfu: 0.5 });
    const seconds = m.makespan / 1e6;
    const gpus = 2 * 4; // TP 2 × PP 4
    expect(row.stepTimeMs).toBe(m.makespan / 1000);
    expect(row.tokensPerSecondPerGpu).toBeCloseTo((16 * 8192) / seconds / gpus, 6);
    expect(row.mfu).toBeCloseTo(megatronFlops(args, 16) / (gpus * seconds * 989.5e12), 12);
    // rank r holds V chunks r and 2P−1−r
    const bytes = [0, 1, 2, 3].map(
      (r) => plan.stages[r].weightAndOptimizerBytes + plan.stages[7 - r].weightAndOptimizerBytes + m.peakActivations[r],
    );
    expect(row.peakBytes).toBe(Math.max(...bytes));
    expect(row.peakActivations).toBe(Math.max(...m.peakActivations));
  });
});
