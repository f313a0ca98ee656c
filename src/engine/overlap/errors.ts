/**
 * Rejections of invalid overlap-model input (SM split, bandwidths, piece durations, pieces files),
 * as data (../errors.ts InputIssue): the field to change, one sentence a user can act on (what is
 * wrong, the value given, and the rule) and, where one exists, a value that passes. The CLI turns
 * it into a usage error (exit 2) naming the option; the app shows it beside the field.
 */
import type { InputIssue } from '../errors.ts';

/**
 * Fields of the overlap model a rule can reject: the SM split, the hardware numbers, the layer
 * count, a preset id; `model` = the measured durations and bytes (pieces files, presets).
 */
export type OverlapField = 'commSms' | 'sms' | 'nvlinkGBps' | 'ibGBps' | 'saturationSms' | 'layers' | 'preset' | 'model';

export class OverlapInputError extends Error implements InputIssue<OverlapField> {
  readonly field: OverlapField;
  readonly suggestion?: number;
  constructor(issue: InputIssue<OverlapField> | string) {
    const i = typeof issue === 'string' ? { field: 'model' as const, message: issue } : issue;
    super(i.message);
    this.name = 'OverlapInputError';
    this.field = i.field;
    if (i.suggestion !== undefined) this.suggestion = i.suggestion;
  }
}

/** The issue with `v` unless it is a finite number ≥ 0 (or > 0 when `positive`); `what` names it in the message. */
export function numberIssue(field: OverlapField, what: string, v: unknown, positive = false): InputIssue<OverlapField> | null {
  if (typeof v !== 'number' || !Number.isFinite(v))
    return { field, message: `${what} must be a finite number; got ${JSON.stringify(v) ?? String(v)}` };
  if (positive ? v <= 0 : v < 0) return { field, message: `${what} must be ${positive ? 'positive' : 'non-negative'}; got ${v}` };
  return null;
}

/** Throws unless `v` is a finite number ≥ 0 (or > 0 when `positive`). `what` names the field. */
export function checkNumber(what: string, v: unknown, positive = false, field: OverlapField = 'model'): number {
  const issue = numberIssue(field, what, v, positive);
  if (issue) throw new OverlapInputError(issue);
  return v as number;
}
