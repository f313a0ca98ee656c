/**
 * Rejections of invalid input. The message is one sentence a user can act on: what is wrong,
 * the value given, and the rule (with its source where the rule comes from reference code).
 */
export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}
