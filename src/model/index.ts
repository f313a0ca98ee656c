/**
 * Public surface of the model planner (docs/model.md): Megatron-compatible parameters, bytes and FLOPs
 * from a model configuration, pipeline layouts, and per-stage costs on a GPU for the engine. Pure and
 * deterministic: no DOM, no node APIs.
 */
export { ModelInputError } from './errors.ts';
export { parseMegatronArgs, paddedVocabSize, layerPattern } from './args.ts';
export type { MegatronArgs, ParsedArgs, LayoutInput } from './args.ts';
export { modelConfigFromJson, modelConfigFromPreset } from './config.ts';
export type { ModelConfig } from './config.ts';
export { fromHfConfig, isHfConfig } from './hfConfig.ts';
export { MODEL_PRESETS, modelPreset } from './presets.ts';
export type { ModelPreset } from './presets.ts';
export { GPU_PRESETS, gpuPreset, overlapHardware, LINK_EFFICIENCY } from './hardware.ts';
export type { GpuPreset } from './hardware.ts';
export { parseLayoutString, layoutToString } from './layoutString.ts';
export { evenLayout, fromStages, resolveLayout, torchtitanLayout, validateLayout, decoderIds } from './layout.ts';
export type { LayerKind, PipelineLayout } from './layout.ts';
export { megatronEstimates, megatronFlops } from './megatron.ts';
export type { MegatronEstimates, MegatronParameterReport } from './megatron.ts';
export { moduleParameters, parameterTotals } from './parameters.ts';
export type { ParameterTotals } from './parameters.ts';
export { planModel } from './plan.ts';
export type { CostsFile, ModelPlan, PlanOptions, StagePlan } from './plan.ts';
export { planSchedule, defaultStagesPerRank } from './planSchedule.ts';
export type { ScheduleChoice, ScheduleRun, ScheduleRunOptions } from './planSchedule.ts';
export { scheduleLayout } from './scheduleLayout.ts';
export type { PartsSource, ScheduleLayout } from './scheduleLayout.ts';
export { FIT_ORDER, bestFit, fitRow, rankFits, scheduleFits } from './scheduleFits.ts';
export type { FitRow } from './scheduleFits.ts';
export type { StepReport } from './step.ts';
export { RECOMPUTE_MODULES } from './args.ts';
export type { RecomputeModule } from './args.ts';
export { MODEL_SETUPS, modelSetup } from './setups.ts';
export type { ModelSetup } from './setups.ts';
