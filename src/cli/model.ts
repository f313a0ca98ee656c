/**
 * `pipescope model`: parameters, Megatron-LM's own memory and FLOP estimates, the pipeline layout, and
 * pipescope's per-stage costs for a model configuration (docs/cli.md `model`, docs/model.md). Times
 * in the JSON are µs per micro-batch on one GPU (the text table shows ms), memory in bytes, FLOPs
 * per GPU.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SCHEDULE_NAMES, buildReport, type ScheduleName } from '../engine/index.ts';
import { isScheduleName } from '../engine/validate.ts';
import {
  GPU_PRESETS,
  MODEL_PRESETS,
  bestFit,
  gpuPreset,
  modelConfigFromJson,
  modelConfigFromPreset,
  planModel,
  planSchedule,
  scheduleFits,
  type FitRow,
  type ModelConfig,
  type ModelPlan,
  type ScheduleRun,
} from '../model/index.ts';
import { UsageError } from './errors.ts';
import { fitsText, stepText } from './modelText.ts';
import { oneOf, parseOptions, wholeNumberOption, writeOutput } from './options.ts';

export const DEFAULT_HARDWARE = 'h100';
const DEFAULT_MFU = 0.5;

export const MODEL_HELP = `usage: pipescope model --config FILE.json|PRESET [--hardware NAME] [--mfu X]
                      [--microbatches M] [--layout STR] [--schedule NAME [--stages-per-rank V]]
                      [--fits] [--format json|text] [--out FILE]

Parameters, Megatron-LM's own estimates and a per-stage cost model for one training setup.

  --config FILE|PRESET  a JSON object of Megatron-LM arguments (num_layers, hidden_size, ...,
                        pipeline_model_parallel_size, micro_batch_size, seq_length; unknown keys are
                        ignored with a warning, missing keys take Megatron's defaults), a Hugging Face
                        config.json (llama, qwen3, qwen3_moe, mixtral, deepseek_v2/v3; Megatron-named
                        keys in it are kept), or a preset:
                        ${MODEL_PRESETS.map((p) => p.id).join(', ')}
  --hardware NAME       ${GPU_PRESETS.map((g) => g.id).join(', ')} (default ${DEFAULT_HARDWARE})
  --mfu X               achieved fraction of the dense peak while computing, 0 < X <= 1 (default ${DEFAULT_MFU})
  --microbatches M      micro-batches per global batch and data-parallel rank
                        (default pipeline_model_parallel_size)
  --layout STR          a Megatron pipeline_model_parallel_layout such as "Et*3|(tt|)*29,m|L"
                        (E embedding, t decoder, m MTP, L loss, | next stage; stage k on rank k mod PP),
                        or "torchtitan" for torchtitan's split; default: the config's layout, else
                        Megatron's even split
  --schedule NAME       simulate the model on a schedule (${SCHEDULE_NAMES.join(', ')}):
                        the schedule's layout is derived from the run's (docs/model.md §8), every stage
                        costed where the schedule places it, and run exactly as
                        "pipescope schedule --costs-file" runs that file; adds "schedule" and "step"
  --stages-per-rank V   with --schedule: stages per rank of the looped schedules (default
                        virtual_pipeline_model_parallel_size when above 1, else 2)
  --fits                every schedule on this setup ranked by step time, which fit in the GPU's
                        HBM (over by how many GB), and why the others do not run; adds "fits"
  --format FMT          json (default) or text
  --out FILE            write to FILE instead of stdout

Output (json):
  parameters  total (as a released checkpoint counts it), unique, mainModel, mtpModule, active
              (per token, without the input embedding lookup), embedding, decoder, ...
  megatron    weightAndOptimizerBytes and activationBytes of the first stage and flopsPerIteration of
              one global batch (microbatches × micro_batch_size × data_parallel_size sequences),
              exactly as megatron/training/theoretical_memory_usage.py and training.py compute them
  layout      [rank][virtual stage] → layer kinds, as Megatron's PipelineParallelLayerLayout
  stages[]    per global stage: layers, parametersPerGpu, bytes, weightAndOptimizerBytes,
              activationBytesPerMicrobatch, flops, costs {F, I, W} in µs per micro-batch, sendUs,
              memory {F, I, W} in bytes (F allocates, I and W free)
  costs       the same per-stage F, I, W (µs), comm (µs, slowest stage boundary) and memory (bytes)
              in the format of "pipescope schedule --costs-file"
  with --schedule:
  schedule    the "pipescope schedule" JSON of the run (times in µs, peakActivations in bytes)
  step        timeMs (pipeline + data-parallel sync + optimizer step), tokensPerSecondPerGpu, mfu
              (Megatron's FLOPs over step time × GPUs × the dense peak of the GEMM precision),
              peakBytesPerRank (weights, gradients, optimizer shard + simulated activation peak +
              recompute transient), and their parts
  scheduleInput  the schedule params, derived layout and costs file the run used: "pipescope schedule
              --costs-file" with them prints the same "schedule"
  with --fits:
  fits        {hbmBytes, microbatches, best, rows: [{schedule, valid, reason, stepMs, tokensPerSecondPerGpu,
              mfu, peakBytes, overHbmBytes, fits, layout, ...}]} ranked by step time
`;

const FORMATS = ['json', 'text'] as const;

export function loadConfig(spec: string): ModelConfig {
  const looksLikeFile = existsSync(spec) || /[/\\]|\.json$/i.test(spec);
  if (!looksLikeFile) return modelConfigFromPreset(spec);
  let text: string;
  try {
    text = readFileSync(spec, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--config ${spec}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--config ${spec}: not valid JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
  }
  return modelConfigFromJson(json);
}

export function parseMfu(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_MFU;
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x) || x <= 0 || x > 1)
    throw new UsageError(`--mfu must be a number above 0 and at most 1; got "${raw}"`);
  return x;
}

const GiB = 2 ** 30;
const fmt = (x: number, digits = 2) => x.toFixed(digits);

export function modelText(plan: ModelPlan): string {
  const p = plan.parameters;
  const m = plan.megatron;
  const lines = [
    `parameters: total ${fmt(p.total / 1e9)}B (main ${fmt(p.mainModel / 1e9)}B, MTP ${fmt(p.mtpModule / 1e9)}B), unique ${fmt(p.unique / 1e9)}B, active ${fmt(p.active / 1e9)}B`,
    `megatron: weights+optimizer ${fmt(m.weightAndOptimizerBytes / GiB)} GiB, activations ${fmt(m.activationBytes / GiB)} GiB (first stage, ${m.activationFormula}), ${m.flopsPerIteration.toExponential(4)} FLOPs per global batch of ${m.globalBatchSize}`,
    `layout (${plan.layoutSource}): ${plan.layoutText}`,
    `hardware: ${plan.hardware.name}, ${plan.hardware.precision.toUpperCase()} GEMMs at ${plan.hardware.mfu} of peak; times in ms per micro-batch (µs in the JSON)`,
    'stage rank chunk layers                 params/GPU  w+opt GiB  act GiB/mb      F ms      I ms      W ms   send ms',
  ];
  for (const s of plan.stages) {
    const layers = Object.entries(s.layers)
      .map(([k, n]) => `${k[0].toUpperCase()}${n}`)
      .join(' ');
    lines.push(
      [
        String(s.stage).padStart(5),
        String(s.rank).padStart(4),
        String(s.chunk).padStart(5),
        ` ${layers.padEnd(22)}`,
        `${fmt(s.parametersPerGpu / 1e9, 3)}B`.padStart(11),
        fmt(s.weightAndOptimizerBytes / GiB).padStart(10),
        fmt(s.activationBytesPerMicrobatch / GiB, 3).padStart(11),
        fmt(s.costs.F / 1e3, 3).padStart(9),
        fmt(s.costs.I / 1e3, 3).padStart(9),
        fmt(s.costs.W / 1e3, 3).padStart(9),
        (s.sendUs === null ? '-' : fmt(s.sendUs / 1e3, 3)).padStart(9),
      ].join(' '),
    );
  }
  return lines.join('\n') + '\n';
}

/** What `--schedule` adds: the schedule command's report of the run, the step, and the inputs that reproduce it. */
export function scheduleJson(run: ScheduleRun): Record<string, unknown> {
  return {
    schedule: buildReport(run.timeline, run.notes),
    step: run.step,
    scheduleInput: {
      params: run.params,
      layoutString: run.layout.text,
      layoutSource: run.layout.source,
      layoutNote: run.layout.note,
      rankStages: run.layout.topology.rankStages,
      costs: run.costs,
      activationBudgetBytes: run.activationBudgetBytes,
    },
  };
}

export function fitsJson(rows: FitRow[], hbmBytes: number, microbatches: number): Record<string, unknown> {
  return { fits: { hbmBytes, microbatches, best: bestFit(rows)?.schedule ?? null, rows } };
}

export function modelJson(config: ModelConfig, plan: ModelPlan): Record<string, unknown> {
  return {
    config: { source: config.source },
    warnings: [...config.warnings, ...plan.warnings],
    parameters: plan.parameters,
    megatron: { ...plan.megatron, microbatches: plan.microbatches },
    layout: plan.layout,
    layoutString: plan.layoutText,
    layoutSource: plan.layoutSource,
    hardware: plan.hardware,
    units: { time: 'µs per micro-batch', memory: 'bytes', flops: 'FLOP per GPU per micro-batch' },
    stages: plan.stages,
    costs: plan.costs,
  };
}

export async function runModel(argv: string[]): Promise<void> {
  const o = parseOptions(argv, {
    config: { type: 'string' },
    hardware: { type: 'string' },
    mfu: { type: 'string' },
    microbatches: { type: 'string' },
    layout: { type: 'string' },
    schedule: { type: 'string' },
    'stages-per-rank': { type: 'string' },
    fits: { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) {
    writeOutput(MODEL_HELP, o.out);
    return;
  }
  const format = oneOf('format', o.format, FORMATS, 'json');
  if (o.config === undefined) throw new UsageError('--config is required (a JSON file of Megatron-LM arguments or a preset name)');
  const gpu = gpuPreset(o.hardware ?? DEFAULT_HARDWARE);
  const mfu = parseMfu(o.mfu);
  const microbatches = o.microbatches === undefined ? undefined : wholeNumberOption('microbatches', o.microbatches);
  if (microbatches !== undefined && microbatches < 1) throw new UsageError(`--microbatches must be at least 1; got ${microbatches}`);
  let schedule: ScheduleName | undefined;
  if (o.schedule !== undefined) {
    if (!isScheduleName(o.schedule))
      throw new UsageError(`--schedule: unknown schedule "${o.schedule}"; expected one of ${SCHEDULE_NAMES.join(', ')}`);
    schedule = o.schedule;
  }
  const stagesPerRank = o['stages-per-rank'] === undefined ? undefined : wholeNumberOption('stages-per-rank', o['stages-per-rank']);
  if (stagesPerRank !== undefined && schedule === undefined) throw new UsageError('--stages-per-rank applies with --schedule');
  const config = loadConfig(o.config);
  const plan = planModel(config.args, { gpu, mfu, microbatches, layout: o.layout });
  const options = { gpu, mfu, microbatches: plan.microbatches, layout: o.layout };
  const run = schedule === undefined ? null : planSchedule(config.args, options, { schedule, stagesPerRank });
  const fits = o.fits ? scheduleFits(config.args, options) : null;
  const warnings = [...config.warnings, ...plan.warnings, ...(run?.layout.warnings ?? [])];
  for (const w of new Set(warnings)) process.stderr.write(`pipescope model: warning: ${w}\n`);
  const hbm = gpu.hbmGB * 1e9;
  if (format === 'text') {
    const parts = [modelText(plan), ...(run ? [stepText(run)] : []), ...(fits ? [fitsText(fits, hbm, plan.microbatches)] : [])];
    writeOutput(parts.join('\n'), o.out);
    return;
  }
  const json = {
    ...modelJson(config, plan),
    ...(run ? scheduleJson(run) : {}),
    ...(fits ? fitsJson(fits, hbm, plan.microbatches) : {}),
  };
  writeOutput(JSON.stringify(json) + '\n', o.out);
}
