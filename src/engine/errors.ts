/**
 * Rejections of invalid input, as data. Every rule that rejects a parameter returns (or throws, via
 * ScheduleError) an `InputIssue`: the parameter to change, one sentence a user can act on (what is
 * wrong, the value given, and the rule, with its source where it comes from reference code), and,
 * where one exists, a value of that parameter that satisfies the rule with the others unchanged.
 * Callers pick the field and the fix from the data, never from the wording: the panel pins the
 * message to `field` and offers `suggestion`; the CLI prints the message as one line.
 */
import type { Costs, ScheduleParams } from './types.ts';

/** A parameter the engine validates: a schedule parameter or an op cost. */
export type ScheduleField = keyof ScheduleParams | keyof Costs;

export interface InputIssue<F extends string = string> {
  /** the parameter to change */
  field: F;
  /** one sentence: what is wrong, the value given, the rule */
  message: string;
  /** a value of `field` that passes this rule with every other parameter unchanged */
  suggestion?: number;
}

export class ScheduleError extends Error implements InputIssue<ScheduleField> {
  readonly field: ScheduleField;
  readonly suggestion?: number;
  constructor(issue: InputIssue<ScheduleField>) {
    super(issue.message);
    this.name = 'ScheduleError';
    this.field = issue.field;
    if (issue.suggestion !== undefined) this.suggestion = issue.suggestion;
  }

  /** The issue without the Error machinery (what the panel and tests compare). */
  get issue(): InputIssue<ScheduleField> {
    return { field: this.field, message: this.message, ...(this.suggestion !== undefined ? { suggestion: this.suggestion } : {}) };
  }
}

/** A rank the simulator left waiting: its next op (index in the rank's order) and the slot it waits for. */
export interface BlockedRank {
  rank: number;
  index: number;
  /** dependencies.ts slot index of the input that is never produced */
  slot: number;
}

/** The op order deadlocks: every blocked rank, for callers that name the ops their own way (simulate.ts deadlockMessage). */
export class DeadlockError extends ScheduleError {
  readonly blocked: readonly BlockedRank[];
  constructor(message: string, blocked: readonly BlockedRank[]) {
    super({ field: 'schedule', message });
    this.name = 'DeadlockError';
    this.blocked = blocked;
  }
}
