/**
 * Costs and step metrics of a sweep with a model (docs/explore.md §3; docs/model.md for the
 * planner): for each combination the planner lays the model out over that many ranks and stages,
 * the engine simulates the schedule with the planner's per-stage F/I/W (µs) and activation bytes,
 * and the row gets the step's time, throughput, MFU and peak bytes.
 *
 * How a combination maps to Megatron arguments (the rest of the configuration is kept as given):
 * - `pipeline_model_parallel_size` = P; `data_parallel_size` kept (so `world_size` follows P);
 * - `virtual_pipeline_model_parallel_size` = the schedule's model chunks per rank: v for the
 *   interleaved schedules, 2 for the V-shaped ones, none for the rest and for DualPipe, whose two
 *   directions run the same P chunks (engine stage P+k is model stage k; each rank holds two);
 * - a `pipeline_model_parallel_layout` in the configuration is used as given, so combinations whose
 *   stage count differs from it are rejected with the planner's reason; without one, Megatron's
 *   even split (which may not divide the layers: a rejected row too);
 * - engine stage s (pipeline order) takes model stage s's costs and memory whatever rank the
 *   schedule's placement puts it on; `comm` is the slowest boundary's send time, as `model` gives.
 *
 * Step metrics (units in the names):
 * - stepTimeMs = makespan (µs) / 1000: the pipeline's forward and backward for the step; the
 *   optimizer step and data-parallel gradient reduction are not in it;
 * - tokensPerSecondPerGpu = M · micro_batch_size · seq_length / step time / (TP · CP · P), the GPUs
 *   of one pipeline replica (data-parallel replicas run their own tokens at the same rate);
 * - mfu = Megatron's FLOPs for those M · micro_batch_size sequences (megatron.ts, the
 *   `num_floating_point_operations` count) / (TP · CP · P × step time × the dense peak of the
 *   precision the GEMMs run at);
 * - peakBytes = the largest over ranks of weights + gradients + optimizer state of the model
 *   chunks the rank holds (each distinct chunk once) + the rank's simulated peak of activation
 *   bytes (released at W, the engine's rule). Recompute's transient buffers are not added.
 * Pure (planner and engine only); plans are memoised per (P, chunks per rank) within one source.
 */
import { modelPartOf, timelineMakespan } from '../engine/metrics.ts';
import type { Costs, ScheduleParams, Timeline, Topology } from '../engine/types.ts';
import { resolveStageCosts } from '../engine/costs.ts';
import { gpuPreset, type GpuPreset } from '../model/hardware.ts';
import { megatronFlops } from '../model/megatron.ts';
import { parseMegatronArgs, type MegatronArgs } from '../model/args.ts';
import { ModelInputError } from '../model/errors.ts';
import { planModel, type ModelPlan } from '../model/plan.ts';
import type { CostSource, StepColumns } from './sweep.ts';

/** A model for a sweep, as plain data (it crosses to worker threads and web workers). */
export interface SweepModelSpec {
  /** Megatron arguments as the planner resolved them (a preset's, or a configuration's: model/config.ts) */
  args: MegatronArgs | Record<string, unknown>;
  /** GPU preset id (model/hardware.ts) */
  hardware: string;
  /** achieved fraction of the dense peak while computing, 0 < mfu ≤ 1 (the planner's compute model) */
  mfu: number;
}

/** Model chunks per rank the planner lays out for a schedule (DualPipe: its directions share one). */
export function modelChunksPerRank(params: ScheduleParams, topology: Topology): number {
  return topology.modelParts / params.ranks;
}

export function modelSource(spec: SweepModelSpec): CostSource {
  const gpu: GpuPreset = gpuPreset(spec.hardware);
  // resolved arguments parse back to themselves (args.test.ts), so P and the chunks can be changed
  // and the result checked by the planner's own rules
  const base: Record<string, unknown> = { ...spec.args };
  // the configuration's own data-parallel size, kept while P varies (world_size then follows)
  const given = parseMegatronArgs(base).args;
  const plans = new Map<string, { args: MegatronArgs; plan: ModelPlan }>();

  const planFor = (params: ScheduleParams, topology: Topology) => {
    const chunks = modelChunksPerRank(params, topology);
    const key = `${params.ranks}/${chunks}`;
    let hit = plans.get(key);
    if (!hit) {
      const raw: Record<string, unknown> = {
        ...base,
        pipeline_model_parallel_size: params.ranks,
        virtual_pipeline_model_parallel_size: chunks > 1 ? chunks : null,
        data_parallel_size: given.data_parallel_size,
      };
      delete raw.world_size;
      const args = parseMegatronArgs(raw).args;
      const plan = planModel(args, { gpu, mfu: spec.mfu });
      // a layout string fixes the stage count: it must be the schedule's (the planner only warns)
      if (plan.stages.length !== params.ranks * chunks)
        throw new ModelInputError(
          'pipeline_model_parallel_layout',
          `has ${plan.stages.length} stages; ${params.schedule} on ${params.ranks} ranks runs ${params.ranks * chunks} model chunks (${chunks} per rank)`,
        );
      hit = { args, plan };
      plans.set(key, hit);
    }
    return hit;
  };

  return {
    costsFor(params, topology): Costs {
      const { plan } = planFor(params, topology);
      const part = (s: number) => plan.stages[modelPartOf(s, topology.numStages, topology.modelParts)]!;
      const stages = Array.from({ length: topology.numStages }, (_, s) => part(s));
      return resolveStageCosts(
        {
          F: stages.map((s) => s.costs.F),
          I: stages.map((s) => s.costs.I),
          W: stages.map((s) => s.costs.W),
          comm: plan.costs.comm,
          memory: { F: stages.map((s) => s.memory.F), I: stages.map((s) => s.memory.I), W: stages.map((s) => s.memory.W) },
        },
        topology,
      );
    },
    step(timeline: Timeline, peakPerRank: readonly number[], params: ScheduleParams): StepColumns {
      const topology = timeline.schedule.topology;
      const { args, plan } = planFor(params, topology);
      const makespanUs = timelineMakespan(timeline);
      const seconds = makespanUs / 1e6;
      const gpus = args.tensor_model_parallel_size * args.context_parallel_size * params.ranks;
      const sequences = params.microbatches * args.micro_batch_size;
      const peak = (plan.hardware.precision === 'fp8' ? gpu.fp8Tflops : gpu.bf16Tflops) * 1e12;
      let peakBytes = 0;
      topology.rankStages.forEach((stages, r) => {
        const parts = new Set(stages.map((s) => modelPartOf(s, topology.numStages, topology.modelParts)));
        let bytes = peakPerRank[r]!;
        for (const k of parts) bytes += plan.stages[k]!.weightAndOptimizerBytes;
        peakBytes = Math.max(peakBytes, bytes);
      });
      return {
        stepTimeMs: makespanUs / 1e3,
        tokensPerSecondPerGpu: (sequences * args.seq_length) / seconds / gpus,
        mfu: megatronFlops(args, sequences) / (gpus * seconds * peak),
        peakBytes,
      };
    },
  };
}
