/**
 * Properties of a model on a schedule over random configurations (fast-check): wherever a schedule
 * places the layers, the parts add up to the model (parameters and FLOPs); the costs file resolves on
 * the schedule's topology; every rank's peak is at least its static bytes; the step is at least the
 * pipeline; and, for a fixed schedule, more micro-batches never shorten the step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleError, resolveStageCosts, type ScheduleName } from '../engine/index.ts';
import { parseMegatronArgs } from './args.ts';
import { ModelInputError } from './errors.ts';
import { gpuPreset } from './hardware.ts';
import { planModel } from './plan.ts';
import { planSchedule, type ScheduleRun } from './planSchedule.ts';
import { configArb } from './testing/configArb.ts';

const gpu = gpuPreset('h100');
const SCHEDULES: ScheduleName[] = [
  'gpipe',
  '1f1b',
  'zb-h1',
  'interleaved-1f1b',
  'zb-v',
  'v-half',
  'dualpipe',
  'dualpipev',
  '1f1b-v',
  'seq1f1b',
];

/** The run, or null when the references reject this schedule for this configuration. */
function run(raw: Record<string, unknown>, schedule: ScheduleName, microbatches: number): ScheduleRun | null {
  try {
    return planSchedule(parseMegatronArgs(raw).args, { gpu, mfu: 0.5, microbatches }, { schedule });
  } catch (e) {
    if (e instanceof ScheduleError || e instanceof ModelInputError) return null;
    throw e;
  }
}

describe('a model on a schedule, for any configuration', () => {
  it('parts add up to the model; the costs file resolves; peak ≥ static; step ≥ pipeline', () => {
    fc.assert(
      fc.property(configArb, fc.constantFrom(...SCHEDULES), ({ raw, microbatches }, schedule) => {
        // DualPipe(V) need M ≥ 2P (DualPipe an even M): give them one
        const pp = raw.pipeline_model_parallel_size as number;
        const m = schedule.startsWith('dualpipe') ? 2 * pp + 2 * (microbatches % 4) : microbatches;
        const r = run(raw, schedule, m);
        if (r === null) return;
        const plan = planModel(parseMegatronArgs(raw).args, { gpu, mfu: 0.5, microbatches: m });
        // each model part once (DualPipe's second direction repeats them)
        const parts = new Map(r.stages.map((s) => [r.layout.partOfStage[s.stage], s]));
        const sum = (f: (s: ScheduleRun['stages'][number]) => number) => [...parts.values()].reduce((x, s) => x + f(s), 0);
        expect(sum((s) => s.modelParameters)).toBe(plan.parameters.unique);
        const flops = sum((s) => s.flops.F + s.flops.I + s.flops.W);
        const megatronPlaced = plan.stages.reduce((x, s) => x + s.flops.F + s.flops.I + s.flops.W, 0);
        expect(flops / megatronPlaced).toBeCloseTo(1, 9);
        expect(() => resolveStageCosts(r.costs, r.layout.topology)).not.toThrow();
        const s = r.step;
        s.peakBytesPerRank.forEach((p, k) => expect(p).toBeGreaterThanOrEqual(s.staticBytesPerRank[k]));
        expect(s.timeMs).toBeGreaterThanOrEqual(s.makespanMs);
        expect(Number.isFinite(s.tokensPerSecondPerGpu) && s.tokensPerSecondPerGpu > 0).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('more micro-batches never shorten the step of a fixed schedule', () => {
    fc.assert(
      fc.property(configArb, fc.constantFrom<ScheduleName>('gpipe', '1f1b', 'zb-h1', 'dualpipe'), ({ raw, microbatches }, schedule) => {
        const step = schedule === 'dualpipe' ? 2 : 1;
        const m = schedule === 'dualpipe' ? 2 * (raw.pipeline_model_parallel_size as number) + 2 * (microbatches % 4) : microbatches;
        const a = run(raw, schedule, m);
        const b = run(raw, schedule, m + step);
        if (a === null || b === null) return;
        expect(b.step.timeMs).toBeGreaterThanOrEqual(a.step.timeMs * (1 - 1e-12));
      }),
      { numRuns: 60 },
    );
  });
});
