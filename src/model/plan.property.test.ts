/**
 * Properties of the planner over random configurations (fast-check): Megatron's estimates and the
 * per-stage totals grow with layers, hidden size and micro-batch size; stages add up to the model;
 * memory deltas balance on every stage.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMegatronArgs, type MegatronArgs } from './args.ts';
import { gpuPreset } from './hardware.ts';
import { planModel, type ModelPlan } from './plan.ts';
import { configArb } from './testing/configArb.ts';

const gpu = gpuPreset('h100');

const plan = (raw: Record<string, unknown>, microbatches: number): ModelPlan =>
  planModel(parseMegatronArgs(raw).args, { gpu, mfu: 0.5, microbatches });

interface Measures {
  megatronWeights: number;
  megatronActivations: number;
  megatronFlops: number;
  stageWeights: number;
  stageActivations: number;
  stageFlops: number;
}

function measures(p: ModelPlan): Measures {
  const sum = (f: (s: ModelPlan['stages'][number]) => number) => p.stages.reduce((x, s) => x + f(s), 0);
  return {
    megatronWeights: p.megatron.weightAndOptimizerBytes,
    megatronActivations: p.megatron.activationBytes,
    megatronFlops: p.megatron.flopsPerIteration,
    stageWeights: sum((s) => s.weightAndOptimizerBytes),
    stageActivations: sum((s) => s.activationBytesPerMicrobatch),
    stageFlops: sum((s) => s.flops.F + s.flops.I + s.flops.W),
  };
}

function expectNotSmaller(bigger: Measures, smaller: Measures, which: (keyof Measures)[]): void {
  for (const k of which) expect(bigger[k], k).toBeGreaterThanOrEqual(smaller[k] * (1 - 1e-12));
}

const ALL: (keyof Measures)[] = [
  'megatronWeights',
  'megatronActivations',
  'megatronFlops',
  'stageWeights',
  'stageActivations',
  'stageFlops',
];

describe('planner properties', () => {
  it('bytes and FLOPs do not shrink with one more layer', () => {
    fc.assert(
      fc.property(configArb, ({ raw, microbatches }) => {
        const more = { ...raw, num_layers: (raw.num_layers as number) + 1 };
        expectNotSmaller(measures(plan(more, microbatches)), measures(plan(raw, microbatches)), ALL);
      }),
      { numRuns: 60 },
    );
  });

  it('... with a larger hidden size', () => {
    fc.assert(
      fc.property(configArb, fc.integer({ min: 1, max: 512 }), ({ raw, microbatches }, grow) => {
        const more = { ...raw, hidden_size: (raw.hidden_size as number) + grow };
        expectNotSmaller(measures(plan(more, microbatches)), measures(plan(raw, microbatches)), ALL);
      }),
      { numRuns: 60 },
    );
  });

  it('... with a larger micro-batch (weights unchanged)', () => {
    fc.assert(
      fc.property(configArb, ({ raw, microbatches }) => {
        const small = measures(plan(raw, microbatches));
        const big = measures(plan({ ...raw, micro_batch_size: (raw.micro_batch_size as number) + 1 }, microbatches));
        expectNotSmaller(big, small, ALL);
        expect(big.megatronWeights).toBe(small.megatronWeights);
        expect(big.stageWeights).toBe(small.stageWeights);
      }),
      { numRuns: 60 },
    );
  });

  it('stages sum to the model; F + I + W memory balances; times are finite and non-negative', () => {
    fc.assert(
      fc.property(configArb, ({ raw, microbatches }) => {
        const p = plan(raw, microbatches);
        const a: MegatronArgs = parseMegatronArgs(raw).args;
        expect(p.stages.reduce((x, s) => x + s.modelParameters, 0)).toBe(p.parameters.unique);
        expect(p.stages).toHaveLength(a.pipeline_model_parallel_size * p.layout[0].length);
        for (const s of p.stages) {
          expect(Math.abs(s.memory.F + s.memory.I + s.memory.W)).toBeLessThanOrEqual(1e-9 * s.memory.F + 1e-6);
          for (const k of ['F', 'I', 'W'] as const) {
            expect(Number.isFinite(s.costs[k]) && s.costs[k] >= 0).toBe(true);
          }
          expect(s.rank).toBe(s.stage % a.pipeline_model_parallel_size);
        }
      }),
      { numRuns: 100 },
    );
  });
});
