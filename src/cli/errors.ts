/**
 * CLI failures. `UsageError` = invalid input (exit 2); anything else is an internal failure
 * (exit 1). The message is printed as one line on stderr, never with a stack trace.
 */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
