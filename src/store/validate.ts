/**
 * Cross-field validation of the parameter drafts: each field is parsed on its own (params.ts), then
 * the combination goes through the engine's own rules (paramsIssue, costsIssue, costDrivenIssue,
 * the overlap model's hardwareIssue/splitIssue), so the panel rejects exactly what the engine and
 * CLI reject. The engine returns each rejection as data (engine/errors.ts InputIssue: field,
 * message, suggested value); this maps its field to the panel's and offers its suggestion, never
 * reading the message. Pure.
 */
import {
  costDrivenIssue,
  costsIssue,
  paramsIssue,
  resolveCosts,
  type Costs,
  type InputIssue,
  type ScheduleField,
  type ScheduleName,
  type ScheduleParams,
} from '../engine/index.ts';
import { getPreset, hardwareIssue, layersIssue, splitIssue, type OverlapField } from '../engine/overlap/index.ts';
import { FIELDS, TAKES_V, parseField, type Drafts, type FieldIssue, type FieldKey, type Params } from './params.ts';

export type FieldErrors = Partial<Record<FieldKey, FieldIssue>>;

/**
 * The interactive view stays responsive up to about this many ops (P·M·v·3, the engine's own
 * estimate); the CLI takes up to 2 million.
 */
export const UI_MAX_OPS = 250_000;

export function scheduleParamsOf(p: Params, schedule = p.schedule): ScheduleParams {
  return { schedule, ranks: p.ranks, microbatches: p.microbatches, ...(TAKES_V.has(schedule) ? { stagesPerRank: p.stagesPerRank } : {}) };
}

export function plainCosts(p: Params): Partial<Costs> {
  return { F: p.F, I: p.I, W: p.W, comm: p.comm, ...(p.B !== null ? { B: p.B } : {}), ...(p.FB !== null ? { FB: p.FB } : {}) };
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
  // options and cost files the panel does not offer (CLI only): shown on the schedule, without a fix
  seqSplits: 'schedule',
  groupSize: 'schedule',
  epOverlap: 'schedule',
  memLimit: 'schedule',
  perStage: 'schedule',
  memory: 'schedule',
};

/** The engine fields the panel has no input for: their suggested values fit no panel field. */
const NOT_IN_PANEL: ReadonlySet<ScheduleField | OverlapField> = new Set([
  'seqSplits',
  'groupSize',
  'epOverlap',
  'memLimit',
  'perStage',
  'memory',
]);

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
    const i = paramsIssue(scheduleParamsOf(p, schedule), UI_LIMIT) ?? costDrivenIssueOf(p, schedule);
    issue = i ? fieldIssueOf(i) : null;
    byName.set(schedule, issue);
  }
  return issue;
}

/** A schedule generated from the op costs needs every op to take time (plain mode: the typed costs). */
function costDrivenIssueOf(p: Params, schedule: ScheduleName): InputIssue<ScheduleField> | null {
  if (p.detailed || costsIssue(plainCosts(p))) return null;
  return costDrivenIssue(schedule, resolveCosts(plainCosts(p)));
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
