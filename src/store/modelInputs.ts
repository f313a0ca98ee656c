/**
 * The Model panel's inputs (docs/model.md §10): a training setup (src/model/setups.ts) and the
 * values the panel lets a user change — parallel sizes, batch, sequence, layout string, GPU, MFU knob,
 * schedule. PURE. Each field parses on its own (`parseModelField`); the combination goes through the
 * planner's and the engine's own checks (`evaluateModel`: Megatron's argument rules, the layout
 * parser, the schedule's rules), whose structured errors land on the field they name, with the
 * suggested value as a one-click fix and, for a layout string, the column.
 *
 * Units: sequence length in tokens, micro-batch size in sequences, MFU a fraction of the dense peak.
 */
import { SCHEDULE_NAMES, ScheduleError, paramsIssue, takesStagesPerRank, type ScheduleName } from '../engine/index.ts';
import {
  GPU_PRESETS,
  MODEL_SETUPS,
  ModelInputError,
  modelPreset,
  modelSetup,
  parseMegatronArgs,
  resolveLayout,
  type MegatronArgs,
  type ModelSetup,
} from '../model/index.ts';
import type { FieldIssue } from './params.ts';
import { UI_MAX_OPS } from './validate.ts';

export type RecomputeChoice = 'none' | 'selective' | 'full';

export interface ModelInputs {
  setup: string;
  tp: number;
  pp: number;
  /** virtual pipeline stages per rank; null = none */
  vpp: number | null;
  ep: number;
  dp: number;
  cp: number;
  sp: boolean;
  distOpt: boolean;
  recompute: RecomputeChoice;
  mbs: number;
  seq: number;
  microbatches: number;
  /** a pipeline_model_parallel_layout string; '' = Megatron's even split */
  layout: string;
  gpu: string;
  mfu: number;
  schedule: ScheduleName;
  /** stages per rank of the looped schedules; null = the planner's default */
  v: number | null;
}

export type ModelKey = keyof ModelInputs;
export type ModelDrafts = Record<ModelKey, string>;
export type ModelErrors = Partial<Record<ModelKey, FieldIssue & { column?: number }>>;

type FieldType = 'setup' | 'int' | 'optInt' | 'bool' | 'recompute' | 'layout' | 'gpu' | 'fraction' | 'schedule';

export interface ModelFieldSpec {
  key: ModelKey;
  /** query-string key */
  url: string;
  label: string;
  type: FieldType;
  /** the Megatron-LM argument (or CLI option) the field sets, shown as a hint */
  megatron: string;
  unit?: string;
  min?: number;
  max?: number;
}

export const MODEL_FIELDS: readonly ModelFieldSpec[] = [
  { key: 'setup', url: 'm_setup', label: 'Setup', type: 'setup', megatron: '' },
  { key: 'tp', url: 'm_tp', label: 'TP', type: 'int', megatron: 'tensor_model_parallel_size', unit: 'GPUs', min: 1, max: 64 },
  { key: 'pp', url: 'm_pp', label: 'PP', type: 'int', megatron: 'pipeline_model_parallel_size', unit: 'ranks', min: 1, max: 256 },
  {
    key: 'vpp',
    url: 'm_vpp',
    label: 'VPP',
    type: 'optInt',
    megatron: 'virtual_pipeline_model_parallel_size',
    unit: 'chunks',
    min: 1,
    max: 64,
  },
  { key: 'ep', url: 'm_ep', label: 'EP', type: 'int', megatron: 'expert_model_parallel_size', unit: 'GPUs', min: 1, max: 1024 },
  { key: 'dp', url: 'm_dp', label: 'DP', type: 'int', megatron: 'data_parallel_size', unit: 'replicas', min: 1, max: 65536 },
  { key: 'cp', url: 'm_cp', label: 'CP', type: 'int', megatron: 'context_parallel_size', unit: 'GPUs', min: 1, max: 64 },
  { key: 'sp', url: 'm_sp', label: 'Sequence parallel', type: 'bool', megatron: 'sequence_parallel' },
  { key: 'distOpt', url: 'm_do', label: 'Distributed optimizer', type: 'bool', megatron: 'use_distributed_optimizer' },
  { key: 'recompute', url: 'm_rc', label: 'Recompute', type: 'recompute', megatron: 'recompute_granularity' },
  { key: 'mbs', url: 'm_mbs', label: 'Micro-batch size', type: 'int', megatron: 'micro_batch_size', unit: 'sequences', min: 1, max: 4096 },
  { key: 'seq', url: 'm_seq', label: 'Sequence length', type: 'int', megatron: 'seq_length', unit: 'tokens', min: 1, max: 1 << 22 },
  {
    key: 'microbatches',
    url: 'm_mb',
    label: 'Micro-batches',
    type: 'int',
    megatron: '--microbatches (per step and DP rank)',
    unit: 'per step',
    min: 1,
    max: 65536,
  },
  { key: 'layout', url: 'm_layout', label: 'Layout', type: 'layout', megatron: 'pipeline_model_parallel_layout' },
  { key: 'gpu', url: 'm_gpu', label: 'GPU', type: 'gpu', megatron: '--hardware' },
  { key: 'mfu', url: 'm_mfu', label: 'MFU while computing', type: 'fraction', megatron: '--mfu', unit: 'of dense peak' },
  { key: 'schedule', url: 'm_sched', label: 'Schedule', type: 'schedule', megatron: '--schedule' },
  {
    key: 'v',
    url: 'm_v',
    label: 'Stages per rank',
    type: 'optInt',
    megatron: '--stages-per-rank (looped schedules)',
    unit: 'chunks',
    min: 1,
    max: 64,
  },
];

export const MODEL_FIELD = Object.fromEntries(MODEL_FIELDS.map((f) => [f.key, f])) as Record<ModelKey, ModelFieldSpec>;
export const DEFAULT_SETUP = 'deepseek-v3-2048-h800';
/** Longest layout string the panel takes (the planner's own limit is on the expanded layers). */
const MAX_LAYOUT_CHARS = 2000;

/** The inputs a setup starts from: its model preset's arguments, its GPU, MFU, micro-batches and schedule. */
export function setupInputs(id: string): ModelInputs {
  const s: ModelSetup = modelSetup(MODEL_SETUPS.some((x) => x.id === id) ? id : DEFAULT_SETUP);
  const a = modelPreset(s.model).args;
  const num = (k: string, d: number) => (typeof a[k] === 'number' ? (a[k] as number) : d);
  const layout = a.pipeline_model_parallel_layout;
  return {
    setup: s.id,
    tp: num('tensor_model_parallel_size', 1),
    pp: num('pipeline_model_parallel_size', 1),
    vpp: typeof a.virtual_pipeline_model_parallel_size === 'number' ? a.virtual_pipeline_model_parallel_size : null,
    ep: num('expert_model_parallel_size', 1),
    dp: num('data_parallel_size', 1),
    cp: num('context_parallel_size', 1),
    sp: a.sequence_parallel === true,
    distOpt: a.use_distributed_optimizer === true,
    recompute: a.recompute_granularity === 'full' ? 'full' : a.recompute_granularity === 'selective' ? 'selective' : 'none',
    mbs: num('micro_batch_size', 1),
    seq: num('seq_length', 4096),
    microbatches: s.microbatches,
    layout: typeof layout === 'string' ? layout : '',
    gpu: s.gpu,
    mfu: s.mfu,
    schedule: s.schedule,
    v: null,
  };
}

export const DEFAULT_MODEL: Readonly<ModelInputs> = setupInputs(DEFAULT_SETUP);

/** The text a field shows for a value (and the URL carries). */
export function formatModelField(v: ModelInputs[ModelKey]): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

export function modelDraftsOf(m: ModelInputs): ModelDrafts {
  return Object.fromEntries(MODEL_FIELDS.map((f) => [f.key, formatModelField(m[f.key])])) as ModelDrafts;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; issue: FieldIssue };
const fail = (message: string, fix?: string): Parsed<never> => ({
  ok: false,
  issue: { message, ...(fix !== undefined ? { fix: { label: `use ${fix}`, value: fix } } : {}) },
});

/** One field's text on its own. */
export function parseModelField(key: ModelKey, raw: string): Parsed<unknown> {
  const spec = MODEL_FIELD[key];
  const text = raw.trim();
  const name = spec.label;
  switch (spec.type) {
    case 'setup':
      return MODEL_SETUPS.some((s) => s.id === text)
        ? { ok: true, value: text }
        : fail(`unknown setup "${text.slice(0, 40)}"; expected one of ${MODEL_SETUPS.map((s) => s.id).join(', ')}`, DEFAULT_SETUP);
    case 'gpu':
      return GPU_PRESETS.some((g) => g.id === text)
        ? { ok: true, value: text }
        : fail(`unknown GPU "${text.slice(0, 40)}"; expected one of ${GPU_PRESETS.map((g) => g.id).join(', ')}`, 'h100');
    case 'schedule':
      return (SCHEDULE_NAMES as readonly string[]).includes(text)
        ? { ok: true, value: text }
        : fail(`unknown schedule "${text.slice(0, 32)}"; expected one of ${SCHEDULE_NAMES.join(', ')}`, '1f1b');
    case 'recompute':
      return text === 'none' || text === 'selective' || text === 'full'
        ? { ok: true, value: text }
        : fail(`recompute is none, selective or full; got "${text.slice(0, 16)}"`, 'selective');
    case 'bool':
      if (text === '1' || text === 'true') return { ok: true, value: true };
      if (text === '0' || text === 'false') return { ok: true, value: false };
      return fail(`${name} is on (1) or off (0); got "${text.slice(0, 16)}"`, '0');
    case 'layout':
      if (raw.length > MAX_LAYOUT_CHARS) return fail(`the layout string is longer than ${MAX_LAYOUT_CHARS} characters`);
      return { ok: true, value: text };
    case 'fraction': {
      const v = Number(text);
      if (text === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) || !Number.isFinite(v))
        return fail(`${name} takes a number above 0 and at most 1; got "${text.slice(0, 24)}"`, '0.5');
      if (!(v > 0 && v <= 1)) return fail(`${name} must be above 0 and at most 1; got ${v}`, v > 1 ? '1' : '0.5');
      return { ok: true, value: v };
    }
    default: {
      if (spec.type === 'optInt' && text === '') return { ok: true, value: null };
      if (!/^[+-]?\d+$/.test(text)) return fail(`${name} takes a whole number; got "${text.slice(0, 24)}"`, String(spec.min ?? 1));
      const v = Number(text);
      if (v < (spec.min ?? 1)) return fail(`${name} must be at least ${spec.min ?? 1}; got ${v}`, String(spec.min ?? 1));
      if (spec.max !== undefined && v > spec.max) return fail(`${name} must be at most ${spec.max}; got ${v}`, String(spec.max));
      return { ok: true, value: v };
    }
  }
}

/** The Megatron arguments the inputs stand for: the setup's model preset with the panel's values. */
export function modelArgsOf(m: ModelInputs): Record<string, unknown> {
  const base = modelPreset(modelSetup(m.setup).model).args;
  return {
    ...base,
    tensor_model_parallel_size: m.tp,
    pipeline_model_parallel_size: m.pp,
    virtual_pipeline_model_parallel_size: m.vpp,
    expert_model_parallel_size: m.ep,
    data_parallel_size: m.dp,
    context_parallel_size: m.cp,
    sequence_parallel: m.sp,
    use_distributed_optimizer: m.distOpt,
    recompute_granularity: m.recompute === 'none' ? null : m.recompute,
    recompute_method: m.recompute === 'full' ? (base.recompute_method ?? 'uniform') : null,
    micro_batch_size: m.mbs,
    seq_length: m.seq,
    pipeline_model_parallel_layout: m.layout === '' ? null : m.layout,
  };
}

/** The panel field a planner or engine field stands for. */
const FIELD_OF: Record<string, ModelKey> = {
  tensor_model_parallel_size: 'tp',
  pipeline_model_parallel_size: 'pp',
  virtual_pipeline_model_parallel_size: 'layout',
  expert_model_parallel_size: 'ep',
  expert_tensor_parallel_size: 'ep',
  data_parallel_size: 'dp',
  world_size: 'dp',
  context_parallel_size: 'cp',
  sequence_parallel: 'sp',
  use_distributed_optimizer: 'distOpt',
  recompute_granularity: 'recompute',
  recompute_method: 'recompute',
  recompute_num_layers: 'recompute',
  micro_batch_size: 'mbs',
  seq_length: 'seq',
  pipeline_model_parallel_layout: 'layout',
  num_layers: 'layout',
  decoder_first_pipeline_num_layers: 'layout',
  num_query_groups: 'tp',
  num_attention_heads: 'tp',
  num_experts: 'ep',
  mfu: 'mfu',
  hardware: 'gpu',
  microbatches: 'microbatches',
  ranks: 'pp',
  stagesPerRank: 'v',
};

/** Fields whose suggested value the panel can type in as it is (a layout string, a number). */
function issueOf(field: string, message: string, suggestion: unknown, column?: number): [ModelKey, FieldIssue & { column?: number }] {
  const key = FIELD_OF[field] ?? 'schedule';
  const fix =
    (typeof suggestion === 'number' || typeof suggestion === 'string') &&
    key !== 'schedule' &&
    String(suggestion).length <= MAX_LAYOUT_CHARS
      ? { fix: { label: key === 'layout' ? 'use the suggested layout' : `use ${String(suggestion)}`, value: String(suggestion) } }
      : {};
  return [key, { message, ...fix, ...(column !== undefined ? { column } : {}) }];
}

export interface ModelEvaluation {
  inputs: ModelInputs | null;
  errors: ModelErrors;
  /** the resolved Megatron arguments when the inputs are valid */
  args: MegatronArgs | null;
  warnings: string[];
}

const evaluated = new WeakMap<ModelDrafts, ModelEvaluation>();

/** Every draft parsed, then the combination through the planner's and the engine's rules. Cached per drafts object. */
export function evaluateModel(drafts: ModelDrafts): ModelEvaluation {
  let r = evaluated.get(drafts);
  if (!r) evaluated.set(drafts, (r = evaluateUncached(drafts)));
  return r;
}

function evaluateUncached(drafts: ModelDrafts): ModelEvaluation {
  const errors: ModelErrors = {};
  const out: Partial<Record<ModelKey, unknown>> = {};
  for (const f of MODEL_FIELDS) {
    const r = parseModelField(f.key, drafts[f.key] ?? '');
    if (r.ok) out[f.key] = r.value;
    else errors[f.key] = r.issue;
  }
  if (Object.keys(errors).length > 0) return { inputs: null, errors, args: null, warnings: [] };
  const m = out as unknown as ModelInputs;
  try {
    const parsed = parseMegatronArgs(modelArgsOf(m));
    // the layout as the planner resolves it (string, even split, torchtitan's fallback), without costing it
    const layout = resolveLayout(parsed.args);
    const issue = paramsIssue(
      {
        schedule: m.schedule,
        ranks: m.pp,
        microbatches: m.microbatches,
        ...(takesStagesPerRank(m.schedule) ? { stagesPerRank: m.v ?? defaultV(parsed.args) } : {}),
      },
      { ops: UI_MAX_OPS, who: 'the interactive view' },
    );
    if (issue) {
      const [key, fi] = issueOf(issue.field, issue.message, issue.suggestion);
      errors[key] = fi;
      return { inputs: null, errors, args: null, warnings: [] };
    }
    if (m.v !== null && !takesStagesPerRank(m.schedule))
      errors.v = {
        message: `${m.schedule} runs a fixed number of stages per rank; leave stages per rank empty`,
        fix: { label: 'clear', value: '' },
      };
    if (errors.v) return { inputs: null, errors, args: null, warnings: [] };
    return { inputs: m, errors, args: parsed.args, warnings: [...parsed.warnings, ...layout.warnings] };
  } catch (e) {
    if (e instanceof ModelInputError) {
      // the bare reason under the field that is the Megatron argument; with its name under another
      const own = MODEL_FIELD[FIELD_OF[e.field] ?? 'schedule'].megatron === e.field;
      const [key, fi] = issueOf(e.field, own ? e.reason : e.message, e.suggested, e.column);
      errors[key] = fi;
      return { inputs: null, errors, args: null, warnings: [] };
    }
    if (e instanceof ScheduleError) {
      const [key, fi] = issueOf(e.field, e.message, e.suggestion);
      errors[key] = fi;
      return { inputs: null, errors, args: null, warnings: [] };
    }
    throw e;
  }
}

function defaultV(a: MegatronArgs): number {
  return a.virtual_pipeline_model_parallel_size !== null && a.virtual_pipeline_model_parallel_size > 1
    ? a.virtual_pipeline_model_parallel_size
    : 2;
}

/** Stages per rank a looped schedule runs for these inputs (the planner's default when not set). */
export function stagesPerRankFor(m: ModelInputs, a: MegatronArgs): number | undefined {
  return takesStagesPerRank(m.schedule) ? (m.v ?? defaultV(a)) : undefined;
}
