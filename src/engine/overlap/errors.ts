/**
 * Rejections of invalid overlap-model input (SM split, bandwidths, piece durations, pieces files).
 * The message is one sentence a user can act on: what is wrong, the value given, and the rule.
 * The CLI turns it into a usage error (exit 2) naming the option; the app shows it beside the field.
 */
export class OverlapInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OverlapInputError';
  }
}

/** Throws unless `v` is a finite number ≥ 0 (or > 0 when `positive`). `what` names the field. */
export function checkNumber(what: string, v: unknown, positive = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new OverlapInputError(`${what} must be a finite number; got ${JSON.stringify(v) ?? String(v)}`);
  }
  if (positive ? v <= 0 : v < 0) {
    throw new OverlapInputError(`${what} must be ${positive ? 'positive' : 'non-negative'}; got ${v}`);
  }
  return v;
}
