/**
 * Model-planner input errors as data (docs/model.md §1): which field is wrong, why, and, where one
 * exists, a value that would work. The CLI prints `field: message` on one line and exits 2; the app
 * can highlight the field. Nothing here is parsed back out of a message string.
 */
export class ModelInputError extends Error {
  readonly field: string;
  readonly suggested?: unknown;
  constructor(field: string, message: string, suggested?: unknown) {
    super(`${field}: ${message}`);
    this.name = 'ModelInputError';
    this.field = field;
    this.suggested = suggested;
  }
}
