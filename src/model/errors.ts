/**
 * Model-planner input errors as data (docs/model.md §1): which field is wrong, why, and, where one
 * exists, a value that would work. The CLI prints `field: message` on one line and exits 2; the app
 * can highlight the field. Nothing here is parsed back out of a message string.
 */
export class ModelInputError extends Error {
  readonly field: string;
  /** the message without the field's name in front (a panel shows it under the field) */
  readonly reason: string;
  readonly suggested?: unknown;
  /** 1-based column of a layout string where parsing stopped, for an editor to point at */
  readonly column?: number;
  constructor(field: string, message: string, suggested?: unknown, column?: number) {
    super(`${field}: ${message}`);
    this.name = 'ModelInputError';
    this.field = field;
    this.reason = message;
    this.suggested = suggested;
    if (column !== undefined) this.column = column;
  }
}
