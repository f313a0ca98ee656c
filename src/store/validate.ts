/**
 * Cross-field validation of the parameter drafts: each field is parsed on its own (params.ts), then
 * the combination goes through the engine's own rules (paramsIssue, costsIssue, costDrivenIssue,
 * the overlap model's hardwareIssue/splitIssue), so the panel rejects exactly what the engine and
 * CLI reject. The engine returns each rejection as data (engine/errors.ts InputIssue: field,
 * message, suggested value); this maps its field to the panel's and offers its suggestion, never
 * reading the message. Pure.
 */
import {
  ScheduleError,
  costDrivenIssue,
  costsIssue,
  generatorMemLimit,
  paramsIssue,
  resolveBasisCosts,
  scheduleTopology,
  type Costs,
  type CostsFile,
  type InputIssue,
  type ScheduleField,
  type ScheduleName,
  type ScheduleParams,
} from '../engine/index.ts';
import { getPreset, hardwareIssue, layersIssue, splitIssue, type OverlapField } from '../engine/overlap/index.ts';
import { FIELDS, TAKES_V, parseField, type Drafts, type FieldIssue, type FieldKey, type Params } from './params.ts';
import { resampleTable, tableFile, tableRows } from './stageTable.ts';

export type FieldErrors = Partial<Record<FieldKey, FieldIssue>>;

/**
 * The interactive view stays responsive up to about this many ops (P·M·v·3, the engine's own
 * estimate); the CLI takes up to 2 million.
 */
export const UI_MAX_OPS = 250_000;

/** The shape and the options the schedule takes (the others are left out, as the engine wants). */
function shapeOf(p: Params, schedule: ScheduleName): ScheduleParams {
  return {
    schedule,
    ranks: p.ranks,
    microbatches: p.microbatches,
    ...(TAKES_V.has(schedule) ? { stagesPerRank: p.stagesPerRank } : {}),
    ...(schedule === 'seq1f1b' ? { seqSplits: p.seqSplits } : {}),
    ...(schedule === 'interleaved-1f1b-megatron'
      ? { ...(p.groupSize !== null ? { groupSize: p.groupSize } : {}), ...(p.epOverlap ? { epOverlap: true } : {}) }
      : {}),
  };
}

/**
 * What the engine builds for a schedule of these params: the shape, its options, and the memory
 * limit for the schedules that take one (zb-auto in A of the basis, v-auto in whole V-chunk
 * forwards: engine generatorMemLimit).
 */
export function scheduleParamsOf(p: Params, schedule = p.schedule): ScheduleParams {
  const sp = shapeOf(p, schedule);
  if (p.memLimit === null || (schedule !== 'zb-auto' && schedule !== 'v-auto')) return sp;
  try {
    return { ...sp, memLimit: generatorMemLimit(schedule, p.memLimit, scheduleTopology(sp), p.basis) };
  } catch {
    return sp; // the shape itself is rejected: paramsIssue says why
  }
}

/** The scalar costs as typed (what the detailed mode and the CLI call plain costs). */
export function plainCosts(p: Params): Partial<Costs> {
  return { F: p.F, I: p.I, W: p.W, comm: p.comm, ...(p.B !== null ? { B: p.B } : {}), ...(p.FB !== null ? { FB: p.FB } : {}) };
}

/** The scalars with the cost table's columns over them: the costs file of the app's inputs. */
export function costsFileOf(p: Params): CostsFile {
  return { ...(plainCosts(p) as CostsFile), ...tableFile(p.stageCosts) };
}

const engineCosts = new WeakMap<Params, Map<ScheduleName, Costs | InputIssue<ScheduleField>>>();

/**
 * The engine's costs for one schedule of these params (the basis applied on its stages, the table
 * resolved), or the engine's issue with them. Cached per (params, schedule).
 */
export function engineCostsOf(p: Params, schedule = p.schedule): Costs | InputIssue<ScheduleField> {
  let byName = engineCosts.get(p);
  if (!byName) engineCosts.set(p, (byName = new Map()));
  let c = byName.get(schedule);
  if (c === undefined) {
    try {
      const sp = shapeOf(p, schedule);
      c = resolveBasisCosts(costsFileOf(p), scheduleTopology(sp), p.basis, sp.seqSplits ?? 1);
    } catch (e) {
      if (!(e instanceof ScheduleError)) throw e;
      c = e.issue;
    }
    byName.set(schedule, c);
  }
  return c;
}

/** Resolved costs, or throws the issue as a ScheduleError (for callers past validation). */
export function resolvedCostsOf(p: Params, schedule = p.schedule): Costs {
  const c = engineCostsOf(p, schedule);
  if ('message' in c) throw new ScheduleError(c);
  return c;
}

/** The panel's field for each field the engine or the overlap model names. */
const FIELD_OF: Record<ScheduleField | OverlapField, FieldKey> = {
  schedule: 'schedule',
  ranks: 'ranks',
  microbatches: 'microbatches',
  stagesPerRank: 'stagesPerRank',
  F: 'F',
  I: 'I',
  W: 'W',
  B: 'B',
  FB: 'FB',
  comm: 'comm',
  commSms: 'commSms',
  nvlinkGBps: 'nvlink',
  ibGBps: 'ib',
  layers: 'layers',
  // the GPU's own numbers come with its preset
  sms: 'hw',
  saturationSms: 'hw',
  preset: 'hw',
  model: 'hw',
  seqSplits: 'seqSplits',
  groupSize: 'groupSize',
  epOverlap: 'epOverlap',
  // the engine's limit is in the generator's unit (v-auto: V-chunk forwards), not the panel's A
  memLimit: 'memLimit',
  perStage: 'stageCosts',
  memory: 'stageCosts',
};

/** The engine fields whose suggested values are not in the panel field's own unit or form. */
const NOT_IN_PANEL: ReadonlySet<ScheduleField | OverlapField> = new Set(['memLimit', 'perStage', 'memory']);

/** An engine issue as the panel shows it: on its field, with its suggestion as the one-click fix. */
export function fieldIssueOf(issue: InputIssue<ScheduleField | OverlapField>): [FieldKey, FieldIssue] {
  const fix =
    issue.suggestion !== undefined && !NOT_IN_PANEL.has(issue.field)
      ? { fix: { label: `use ${issue.suggestion}`, value: String(issue.suggestion) } }
      : {};
  return [FIELD_OF[issue.field], { message: issue.message, ...fix }];
}

const UI_LIMIT = { ops: UI_MAX_OPS, who: 'the interactive view' };

// The params object is kept across no-op edits and shared by the store, the engine run and the
// panel: one evaluation per (params, schedule) serves them all.
const scheduleIssues = new WeakMap<Params, Map<ScheduleName, [FieldKey, FieldIssue] | null>>();

/** Engine validation of one schedule with these params (the view's op limit included); null when it runs. Cached per params. */
export function scheduleIssue(p: Params, schedule = p.schedule): [FieldKey, FieldIssue] | null {
  let byName = scheduleIssues.get(p);
  if (!byName) scheduleIssues.set(p, (byName = new Map()));
  let issue = byName.get(schedule);
  if (issue === undefined) {
    const i = paramsIssue(scheduleParamsOf(p, schedule), UI_LIMIT);
    issue = i ? fieldIssueOf(i) : tableRowsIssue(p, schedule);
    if (!issue) {
      const j = stageCostsIssueOf(p, schedule) ?? costDrivenIssueOf(p, schedule);
      issue = j ? fieldIssueOf(j) : null;
    }
    byName.set(schedule, issue);
  }
  return issue;
}

/**
 * A cost table with a row count the schedule cannot take: one row per share (P) in the share
 * basis, per stage (S) or per rank (P) in the stage basis; the fix resamples it to P rows.
 */
function tableRowsIssue(p: Params, schedule: ScheduleName): [FieldKey, FieldIssue] | null {
  const rows = tableRows(p.stageCosts);
  if (rows <= 1 || rows === p.ranks) return null;
  const S = scheduleTopology(shapeOf(p, schedule)).numStages;
  if (p.basis === 'stage' && rows === S) return null;
  const want =
    p.basis === 'share'
      ? `in the share basis it lists one row per share of the model (P = ${p.ranks})`
      : `per stage it lists ${S === p.ranks ? `${S}` : `${S} (one per stage) or ${p.ranks} (one per rank)`} rows for ${schedule}`;
  const value = resampleTable(p.stageCosts, p.ranks);
  return ['stageCosts', { message: `the cost table has ${rows} rows; ${want}`, fix: { label: `resample to ${p.ranks} rows`, value } }];
}

/** The cost table on this schedule's stages (row count, ranges, memory balance); the scalars are checked on their own fields. */
function stageCostsIssueOf(p: Params, schedule: ScheduleName): InputIssue<ScheduleField> | null {
  if (costsIssue(plainCosts(p))) return null;
  const c = engineCostsOf(p, schedule);
  return 'message' in c ? c : null;
}

/** A schedule generated from the op costs needs every op to take time (plain mode: the typed costs). */
function costDrivenIssueOf(p: Params, schedule: ScheduleName): InputIssue<ScheduleField> | null {
  if (p.detailed || costsIssue(plainCosts(p))) return null;
  const c = engineCostsOf(p, schedule);
  return 'message' in c ? null : costDrivenIssue(schedule, c);
}

function costIssue(p: Params): [FieldKey, FieldIssue] | null {
  const issue = costsIssue(plainCosts(p));
  return issue ? fieldIssueOf(issue) : null;
}

/** The detailed mode's model: the preset's GPU with the panel's links, layers and SM split. */
function hardwareIssueOf(p: Params): [FieldKey, FieldIssue] | null {
  const hw = { ...getPreset(p.hw).model.hardware, nvlinkGBps: p.nvlink, ibGBps: p.ib };
  const issue = hardwareIssue(hw) ?? layersIssue(p.layers) ?? splitIssue(hw, p.commSms);
  return issue ? fieldIssueOf(issue) : null;
}

const evaluated = new WeakMap<Drafts, { params: Params | null; errors: FieldErrors }>();

/**
 * The per-field issues of a drafts object, derived (never stored): drafts are replaced on every
 * edit, so one cached evaluation per drafts object serves every field and the store's commit.
 */
export function fieldErrorsOf(drafts: Drafts): FieldErrors {
  return evaluate(drafts).errors;
}

/**
 * Parses every draft; when all parse and the combination runs, returns the params. Otherwise the
 * issues, keyed by field (the compare schedule is checked where it is drawn, not here: a compare
 * that cannot run must not block the main chart).
 */
export function evaluate(drafts: Drafts): { params: Params | null; errors: FieldErrors } {
  let result = evaluated.get(drafts);
  if (!result) {
    result = evaluateUncached(drafts);
    evaluated.set(drafts, result);
  }
  return result;
}

function evaluateUncached(drafts: Drafts): { params: Params | null; errors: FieldErrors } {
  const first = evaluateOnce(drafts);
  // A suggestion satisfies its own rule but may break another (ranks 0 → 1 is odd for DualPipe):
  // follow the suggestions a few steps so the offered value passes every rule.
  for (const [key, issue] of Object.entries(first.errors) as [FieldKey, FieldIssue][]) {
    let value = issue.fix?.value;
    for (let step = 0; value !== undefined && step < 4; step++) {
      const next = evaluateOnce({ ...drafts, [key]: value }).errors[key];
      if (!next) {
        if (value !== issue.fix!.value) first.errors[key] = { ...issue, fix: { label: `use ${value}`, value } };
        break;
      }
      value = next.fix?.value;
    }
  }
  return first;
}

function evaluateOnce(drafts: Drafts): { params: Params | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const out: Partial<Record<FieldKey, unknown>> = {};
  for (const f of FIELDS) {
    const r = parseField(f.key, drafts[f.key]);
    if (r.ok) out[f.key] = r.value;
    else errors[f.key] = r.issue;
  }
  if (Object.keys(errors).length > 0) return { params: null, errors };
  const p = out as unknown as Params;
  for (const issue of [scheduleIssue(p), p.detailed ? hardwareIssueOf(p) : costIssue(p)]) {
    if (issue) errors[issue[0]] = issue[1];
  }
  return Object.keys(errors).length > 0 ? { params: null, errors } : { params: p, errors };
}
