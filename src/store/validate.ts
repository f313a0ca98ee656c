/**
 * Cross-field validation of the parameter drafts: each field is parsed on its own (params.ts), then
 * the combination goes through the engine's own rules (validateParams, resolveCosts, the overlap
 * model's SM split), so the panel rejects exactly what the engine and CLI reject. Every rejection is
 * pinned to the field a user would change and carries a value that works. Pure.
 */
import { resolveCosts, stagesPerRankOf, validateParams, type Costs, type ScheduleParams } from '../engine/index.ts';
import { getPreset } from '../engine/overlap/index.ts';
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

/** The most micro-batches the view takes for (P, v), even for DualPipe (half go each way). */
function largestM(P: number, v: number, schedule: string): number {
  const m = Math.max(1, Math.floor(UI_MAX_OPS / (3 * P * v)));
  return schedule === 'dualpipe' && m % 2 ? m - 1 : m;
}

const use = (key: FieldKey, message: string, value: number): [FieldKey, FieldIssue] => [
  key,
  { message, fix: { label: `use ${value}`, value: String(value) } },
];

/** Pins an engine rejection of (schedule, P, M, v) to a field and suggests a value that passes. */
export function attributeScheduleError(p: Params, message: string, schedule = p.schedule): [FieldKey, FieldIssue] {
  const P = p.ranks;
  const M = p.microbatches;
  const v = stagesPerRankOf(scheduleParamsOf(p, schedule));
  if (/even number of ranks/.test(message)) {
    const up = P + 1;
    return use('ranks', message, schedule !== 'dualpipe' || M >= 2 * up ? up : Math.max(2, P - 1));
  }
  if (/even number of micro-batches/.test(message)) return use('microbatches', message, M + 1);
  if (/at least 2P/.test(message)) return use('microbatches', message, 2 * P);
  const tryM = /try M=(\d+)(?: or (\d+))?/.exec(message);
  if (tryM) return use('microbatches', message, Number(tryM[2] ?? tryM[1]));
  if (/ops; the limit/.test(message)) return use('microbatches', message, largestM(P, v, schedule));
  if (/stage/.test(message) && TAKES_V.has(schedule)) return use('stagesPerRank', message, 2);
  if (/micro-?batches/.test(message)) return ['microbatches', { message }];
  if (/ranks/.test(message)) return ['ranks', { message }];
  return ['schedule', { message }];
}

/** Engine validation of one schedule with these params; null when it runs. */
export function scheduleIssue(p: Params, schedule = p.schedule): [FieldKey, FieldIssue] | null {
  const sp = scheduleParamsOf(p, schedule);
  try {
    const v = validateParams(sp).stagesPerRank;
    const ops = 3 * p.ranks * p.microbatches * v;
    if (ops > UI_MAX_OPS) {
      const msg = `P=${p.ranks}, M=${p.microbatches}, v=${v} gives about ${ops.toLocaleString('en-US')} ops; the interactive view takes up to ${UI_MAX_OPS.toLocaleString('en-US')} (the CLI takes more)`;
      return use('microbatches', msg, largestM(p.ranks, v, schedule));
    }
    return null;
  } catch (e) {
    return attributeScheduleError(p, (e as Error).message, schedule);
  }
}

function costIssue(p: Params): [FieldKey, FieldIssue] | null {
  try {
    resolveCosts(plainCosts(p));
    return null;
  } catch (e) {
    const msg = (e as Error).message;
    const key = (/^cost (\w+)/.exec(msg)?.[1] ?? 'F') as FieldKey;
    return [
      key,
      {
        message: /at least one/.test(msg) ? 'at least one op cost must be positive, or every op takes no time' : msg,
        fix: { label: 'use 1', value: '1' },
      },
    ];
  }
}

function hardwareIssue(p: Params): [FieldKey, FieldIssue] | null {
  const sms = getPreset(p.hw).model.hardware.sms;
  if (p.commSms >= sms) {
    return use('commSms', `comm SMs must leave at least one of the GPU's ${sms} SMs for compute; got ${p.commSms}`, Math.min(sms - 1, 20));
  }
  return null;
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
  // A fix that satisfies its own rule may break another (ranks 0 → 1 is odd for DualPipe):
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
  for (const issue of [scheduleIssue(p), p.detailed ? hardwareIssue(p) : costIssue(p)]) {
    if (issue) errors[issue[0]] = issue[1];
  }
  return Object.keys(errors).length > 0 ? { params: null, errors } : { params: p, errors };
}
