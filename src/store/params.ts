/**
 * The app's parameters: what the user sets in the panel and what the URL carries. Pure.
 *
 * Units: F, I, W, B, FB and comm are engine cost units (any unit; the paper figures use 1 per
 * forward chunk), or µs when `costUnit` says so (measured costs, e.g. the ZB paper's timers); the
 * engine does not care, the display does. In the detailed mode they are ignored: op costs come from the overlap model in
 * µs, driven by the SM split (`commSms`, SMs of `hw`'s GPU) and the bandwidths (GB/s).
 *
 * Cost basis (docs/schedules.md §1.5): by default (`basis` 'share') the costs and the memory limit
 * are for one micro-batch through a rank's share of the model (1/P of its layers), and each
 * schedule's ops cost their part of it; 'stage' takes them per op as the engine runs them (the
 * CLI). `stageCosts` is the per-stage table as compact text (store/stageTable.ts): one row per
 * share (P) in the share basis, per stage (S) or per rank (P) in the stage basis.
 */
import { LIMITS, SCHEDULE_NAMES, takesStagesPerRank, type CostBasis, type ScheduleName } from '../engine/index.ts';
import { DEFAULT_PRESET_ID, PRESETS as HW_PRESETS, getPreset } from '../engine/overlap/index.ts';
import { isNumberText } from './numberText.ts';
import { parseStageTable } from './stageTable.ts';

export interface Params {
  schedule: ScheduleName;
  /** pipeline ranks (devices), P */
  ranks: number;
  /** micro-batches per step, M (DualPipe: both directions together) */
  microbatches: number;
  /** local stages per rank; only interleaved-1f1b and looped-bfs use it */
  stagesPerRank: number;
  /** seq1f1b: sequence chunks per micro-batch N */
  seqSplits: number;
  /** interleaved-1f1b-megatron: micro-batches per virtual-stage group; null = P */
  groupSize: number | null;
  /** interleaved-1f1b-megatron: combined 1F1B (EP all-to-all overlap, FB ops) */
  epOverlap: boolean;
  F: number;
  I: number;
  W: number;
  /** full backward; null = I + W */
  B: number | null;
  /** overlapped forward+backward pair; null = F + B */
  FB: number | null;
  /** latency added to every cross-rank dependency */
  comm: number;
  /** what F..comm are measured in: unitless cost units, or µs (shown as ms / s) */
  costUnit: CostUnit;
  /** what F, I, W, B, FB, the table and the memory limit stand for: a rank's share of the model, or one stage */
  basis: CostBasis;
  /** per-stage cost table, compact text (store/stageTable.ts); '' = every stage costs the scalars */
  stageCosts: string;
  /** activation memory limit per rank, A of the basis: the cap line, and zb-auto's / v-auto's limit; null = none */
  memLimit: number | null;
  /** detailed mode: op costs from the overlap model, per-stream lanes */
  detailed: boolean;
  /** overlap (hardware) preset id */
  hw: string;
  /** SMs given to communication kernels */
  commSms: number;
  /** usable NVLink / IB bandwidth per GPU, GB/s */
  nvlink: number;
  ib: number;
  /** MoE layers per stage in the overlap model */
  layers: number;
  /** second schedule drawn below on the same time axis, with the same P, M and costs */
  compare: ScheduleName | null;
}

export type FieldKey = keyof Params;

export type CostUnit = 'units' | 'us';
export const COST_UNIT_LABELS: Record<CostUnit, string> = { units: 'cost units (no unit)', us: 'µs' };

/** Schedules that take a stages-per-rank choice (the others run a fixed number). */
export const TAKES_V: ReadonlySet<ScheduleName> = new Set(SCHEDULE_NAMES.filter(takesStagesPerRank));

export { SCHEDULE_LABELS, scheduleLabel } from '../engine/scheduleLabels.ts';

export const HW_IDS: readonly string[] = HW_PRESETS.map((p) => p.id);

/** The hardware numbers a preset starts from (bandwidth fields follow the preset when it changes). */
export function hwDefaults(hw: string): Pick<Params, 'commSms' | 'nvlink' | 'ib' | 'layers'> {
  const m = getPreset(HW_IDS.includes(hw) ? hw : DEFAULT_PRESET_ID).model;
  return { commSms: m.defaultCommSms, nvlink: m.hardware.nvlinkGBps, ib: m.hardware.ibGBps, layers: m.layers.length };
}

export const DEFAULT_PARAMS: Readonly<Params> = {
  schedule: 'dualpipe',
  ranks: 8,
  microbatches: 20,
  stagesPerRank: 2,
  seqSplits: 2,
  groupSize: null,
  epOverlap: false,
  F: 1,
  I: 1,
  W: 1,
  B: null,
  FB: null,
  comm: 0,
  costUnit: 'units',
  basis: 'share',
  stageCosts: '',
  memLimit: null,
  detailed: false,
  hw: DEFAULT_PRESET_ID,
  ...hwDefaults(DEFAULT_PRESET_ID),
  compare: null,
};

/** Upper bound on a cost: anything larger is a unit mistake (1e12 = the engine's MAX_COST). */
const MAX_COST = 1e12;

export type FieldType =
  'schedule' | 'int' | 'autoInt' | 'cost' | 'autoCost' | 'limit' | 'costUnit' | 'basis' | 'table' | 'bool' | 'hw' | 'compare' | 'bandwidth';

export const BASIS_LABELS: Record<CostBasis, string> = { share: "a rank's share of the model (1/P)", stage: 'one stage (per chunk op)' };

export interface FieldSpec {
  key: FieldKey;
  /** query-string key */
  url: string;
  label: string;
  type: FieldType;
  min?: number;
  max?: number;
}

/** Every parameter, in the order the URL lists them. `schedule`, `ranks`, ... names are public. */
export const FIELDS: readonly FieldSpec[] = [
  { key: 'schedule', url: 'schedule', label: 'schedule', type: 'schedule' },
  { key: 'ranks', url: 'ranks', label: 'ranks', type: 'int', min: 1, max: LIMITS.ranks },
  { key: 'microbatches', url: 'microbatches', label: 'micro-batches', type: 'int', min: 1, max: LIMITS.microbatches },
  { key: 'stagesPerRank', url: 'stagesPerRank', label: 'stages per rank', type: 'int', min: 1, max: LIMITS.stagesPerRank },
  { key: 'seqSplits', url: 'seq', label: 'sequence splits', type: 'int', min: 1, max: 1024 },
  { key: 'groupSize', url: 'group', label: 'group size', type: 'autoInt', min: 1, max: LIMITS.microbatches },
  { key: 'epOverlap', url: 'ep', label: 'EP overlap', type: 'bool' },
  { key: 'F', url: 'F', label: 'F', type: 'cost' },
  { key: 'I', url: 'I', label: 'I', type: 'cost' },
  { key: 'W', url: 'W', label: 'W', type: 'cost' },
  { key: 'B', url: 'B', label: 'B', type: 'autoCost' },
  { key: 'FB', url: 'FB', label: 'F&B', type: 'autoCost' },
  { key: 'comm', url: 'comm', label: 'comm', type: 'cost' },
  { key: 'costUnit', url: 'unit', label: 'cost unit', type: 'costUnit' },
  { key: 'basis', url: 'basis', label: 'cost basis', type: 'basis' },
  { key: 'stageCosts', url: 'sc', label: 'cost table', type: 'table' },
  { key: 'memLimit', url: 'mem', label: 'memory limit', type: 'limit' },
  { key: 'detailed', url: 'detail', label: 'detailed mode', type: 'bool' },
  { key: 'hw', url: 'hw', label: 'hardware', type: 'hw' },
  { key: 'commSms', url: 'sms', label: 'comm SMs', type: 'int', min: 1, max: 1023 },
  { key: 'nvlink', url: 'nvl', label: 'NVLink GB/s', type: 'bandwidth' },
  { key: 'ib', url: 'ib', label: 'IB GB/s', type: 'bandwidth' },
  { key: 'layers', url: 'layers', label: 'layers per stage', type: 'int', min: 1, max: 64 },
  { key: 'compare', url: 'cmp', label: 'compare with', type: 'compare' },
];

export const FIELD_BY_KEY = Object.fromEntries(FIELDS.map((f) => [f.key, f])) as Record<FieldKey, FieldSpec>;

/**
 * A rejected value: the reason, and a value that would work. A field's own parse builds it here;
 * a cross-field rule comes from the engine's structured issue (store/validate.ts fieldIssueOf:
 * its message and its suggestion), so the fix never depends on the wording.
 */
export interface FieldIssue {
  message: string;
  fix?: { label: string; value: string };
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issue: FieldIssue };

const fail = (message: string, fix?: string): ParseResult<never> => ({
  ok: false,
  issue: { message, ...(fix !== undefined ? { fix: { label: fix === '' ? 'clear' : `use ${fix}`, value: fix } } : {}) },
});

function parseNumber(spec: FieldSpec, raw: string): ParseResult<number> {
  const text = raw.trim();
  const name = spec.label;
  if (text === '') return fail(`${name} needs a value`, spec.type === 'int' ? String(DEFAULT_PARAMS[spec.key]) : '1');
  // Number('') and Number('0x10') are numbers to JS; a user typing them did not mean one.
  if (!isNumberText(text)) {
    const example = spec.type === 'int' ? String(DEFAULT_PARAMS[spec.key]) : '1';
    return fail(`"${text.slice(0, 24)}" is not a number; ${name} takes ${spec.type === 'int' ? 'a whole number' : 'a number'}`, example);
  }
  const v = Number(text);
  if (spec.type === 'int' || spec.type === 'autoInt') {
    if (!Number.isInteger(v)) return fail(`${name} must be a whole number; got ${text}`, String(Math.max(spec.min ?? 1, Math.round(v))));
    if (v < (spec.min ?? 1)) return fail(`${name} must be at least ${spec.min ?? 1}; got ${v}`, String(spec.min ?? 1));
    if (spec.max !== undefined && v > spec.max) return fail(`${name} must be at most ${spec.max}; got ${v}`, String(spec.max));
    return { ok: true, value: v };
  }
  if (!Number.isFinite(v)) return fail(`${name} must be a finite number; got ${text}`, '1');
  if (spec.type === 'bandwidth') {
    if (v <= 0) return fail(`${name} must be positive (a link that moves no bytes never finishes); got ${v}`, '50');
    if (v > 1e6) return fail(`${name} must be at most 1000000 GB/s; got ${v}`, '160');
    return { ok: true, value: v };
  }
  if (spec.type === 'limit') {
    if (v <= 0) return fail(`${name} must be positive (activation memory per rank, A); leave it empty for none; got ${v}`, '');
    if (v > MAX_COST) return fail(`${name} must be at most ${MAX_COST}; got ${v}`, String(MAX_COST));
    return { ok: true, value: v };
  }
  if (v < 0) return fail(`${name} is a duration and must not be negative; got ${v}`, String(-v));
  if (v > MAX_COST) return fail(`${name} must be at most ${MAX_COST}; got ${v}`, String(MAX_COST));
  return { ok: true, value: v };
}

/** Parses one field's text on its own (no cross-field rules). */
export function parseField<K extends FieldKey>(key: K, raw: string): ParseResult<Params[K]> {
  const spec = FIELD_BY_KEY[key];
  const text = raw.trim();
  const r = ((): ParseResult<unknown> => {
    switch (spec.type) {
      case 'schedule':
        return (SCHEDULE_NAMES as readonly string[]).includes(text)
          ? { ok: true, value: text }
          : fail(`unknown schedule "${text.slice(0, 32)}"; expected one of ${SCHEDULE_NAMES.join(', ')}`, DEFAULT_PARAMS.schedule);
      case 'compare':
        if (text === '' || text === 'none') return { ok: true, value: null };
        return (SCHEDULE_NAMES as readonly string[]).includes(text)
          ? { ok: true, value: text }
          : fail(`unknown schedule "${text.slice(0, 32)}" to compare with`, '1f1b');
      case 'hw':
        return HW_IDS.includes(text)
          ? { ok: true, value: text }
          : fail(`unknown hardware preset "${text.slice(0, 40)}"; expected one of ${HW_IDS.join(', ')}`, DEFAULT_PRESET_ID);
      case 'costUnit':
        if (text === '' || text === 'units') return { ok: true, value: 'units' };
        if (text === 'us' || text === 'µs') return { ok: true, value: 'us' };
        return fail(`cost unit is "units" (no unit) or "us" (µs); got "${text.slice(0, 16)}"`, 'units');
      case 'bool':
        if (text === '1' || text === 'true' || text === 'on') return { ok: true, value: true };
        if (text === '0' || text === 'false' || text === 'off' || text === '') return { ok: true, value: false };
        return fail(`${spec.label} is on (1) or off (0); got "${text.slice(0, 16)}"`, '0');
      case 'autoCost':
      case 'autoInt':
        if (text === '' || text === 'auto') return { ok: true, value: null };
        return parseNumber(spec, text);
      case 'limit':
        if (text === '' || text === 'none') return { ok: true, value: null };
        return parseNumber(spec, text);
      case 'basis':
        if (text === '' || text === 'share') return { ok: true, value: 'share' };
        if (text === 'stage') return { ok: true, value: 'stage' };
        return fail(`cost basis is "share" (a rank's share of the model) or "stage" (per stage); got "${text.slice(0, 16)}"`, 'share');
      case 'table': {
        const t = parseStageTable(text);
        return t.ok ? t : fail(t.message, '');
      }
      default:
        return parseNumber(spec, text);
    }
  })();
  return r as ParseResult<Params[K]>;
}

/** The text a field shows for a value (and the URL carries). */
export function formatField<K extends FieldKey>(_key: K, value: Params[K]): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

export type Drafts = Record<FieldKey, string>;

export function draftsOf(p: Params): Drafts {
  return Object.fromEntries(FIELDS.map((f) => [f.key, formatField(f.key, p[f.key])])) as Drafts;
}

export function sameParams(a: Params, b: Params): boolean {
  return FIELDS.every((f) => a[f.key] === b[f.key]);
}
