/**
 * Which (schedule, P, M, v) combinations run, with the reference implementations' rules
 * (docs/schedules.md §2, §4). Where references disagree we accept the wider rule and expose the
 * narrower one as a note (torch 1F1B needs M >= P; Megatron/sail interleaving needs P | M).
 * Each rule returns an InputIssue (errors.ts) with the field to change and a value that passes
 * it; `validateParams` throws the first one as a ScheduleError.
 */
import { ScheduleError, type InputIssue, type ScheduleField } from './errors.ts';
import { SCHEDULE_NAMES, type ScheduleName, type ScheduleParams } from './types.ts';

/** Upper bounds that keep a request interactive and in memory (about 2 million ops). */
export const LIMITS = { ranks: 1024, microbatches: 65536, stagesPerRank: 64, ops: 2_000_000 } as const;

const TAKES_V: ReadonlySet<ScheduleName> = new Set(['interleaved-1f1b', 'looped-bfs']);
const TWO_CHUNKS: ReadonlySet<ScheduleName> = new Set(['zb-v', 'zb-v-auto', 'v-half', 'v-min', 'dualpipe', 'dualpipev']);

export function isScheduleName(name: string): name is ScheduleName {
  return (SCHEDULE_NAMES as readonly string[]).includes(name);
}

type Issue = InputIssue<ScheduleField>;

function wholeNumberIssue(field: ScheduleField, label: string, value: unknown, min: number, max: number): Issue | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) {
    const near = typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : min;
    return { field, message: `${label} must be a whole number; got ${String(value)}`, suggestion: near };
  }
  if (value < min) return { field, message: `${label} must be at least ${min}; got ${value}`, suggestion: min };
  if (value > max) return { field, message: `${label} must be at most ${max}; got ${value}`, suggestion: max };
  return null;
}

/** Local stages per rank the schedule runs with. */
export function stagesPerRankOf(params: ScheduleParams): number {
  if (TAKES_V.has(params.schedule)) return params.stagesPerRank ?? 2;
  return TWO_CHUNKS.has(params.schedule) ? 2 : 1;
}

/** The most micro-batches P ranks with v stages each may run within LIMITS.ops (even for DualPipe). */
function largestM(schedule: ScheduleName, P: number, v: number, maxOps: number): number {
  const m = Math.max(1, Math.floor(maxOps / (3 * P * v)));
  return schedule === 'dualpipe' && m % 2 ? m - 1 : m;
}

/**
 * The first rule (schedule, P, M, v) breaks, or null. `maxOps` lowers the op limit (the
 * interactive view takes fewer ops than the CLI); its message then says whose limit it is.
 */
export function paramsIssue(params: ScheduleParams, maxOps: { ops: number; who: string } | null = null): Issue | null {
  const { schedule } = params;
  if (!isScheduleName(schedule)) {
    return { field: 'schedule', message: `unknown schedule "${String(schedule)}"; expected one of ${SCHEDULE_NAMES.join(', ')}` };
  }
  const shape =
    wholeNumberIssue('ranks', 'ranks', params.ranks, 1, LIMITS.ranks) ??
    wholeNumberIssue('microbatches', 'microbatches', params.microbatches, 1, LIMITS.microbatches);
  if (shape) return shape;
  const P = params.ranks;
  const M = params.microbatches;
  if (params.stagesPerRank !== undefined && !TAKES_V.has(schedule)) {
    const fixed = stagesPerRankOf(params);
    if (params.stagesPerRank !== fixed) {
      return {
        field: 'stagesPerRank',
        message: `${schedule} runs ${fixed} stage(s) per rank; stages-per-rank ${params.stagesPerRank} applies only to interleaved-1f1b and looped-bfs`,
        suggestion: fixed,
      };
    }
  }
  const v = stagesPerRankOf(params);
  const vIssue = wholeNumberIssue('stagesPerRank', 'stages per rank', v, 1, LIMITS.stagesPerRank);
  if (vIssue) return vIssue;
  const ops = 3 * P * v * M;
  if (ops > LIMITS.ops) {
    return {
      field: 'microbatches',
      message: `P=${P}, M=${M}, v=${v} gives about ${ops.toLocaleString('en-US')} ops; the limit is ${LIMITS.ops.toLocaleString('en-US')}`,
      suggestion: largestM(schedule, P, v, LIMITS.ops),
    };
  }
  const rule = scheduleRuleIssue(schedule, P, M);
  if (rule) return rule;
  if (maxOps && ops > maxOps.ops) {
    return {
      field: 'microbatches',
      message: `P=${P}, M=${M}, v=${v} gives about ${ops.toLocaleString('en-US')} ops; ${maxOps.who} takes up to ${maxOps.ops.toLocaleString('en-US')} (the CLI takes more)`,
      suggestion: largestM(schedule, P, v, maxOps.ops),
    };
  }
  return null;
}

/** torch's interleaved 1F1B runs M in max(1, ⌊M/P⌋) rounds of equal size. */
function equalRounds(P: number, M: number): boolean {
  return M % Math.max(1, Math.floor(M / P)) === 0;
}

/** The schedule's own rules on P and M (reference code), after the generic bounds. */
function scheduleRuleIssue(schedule: ScheduleName, P: number, M: number): Issue | null {
  if (schedule === 'interleaved-1f1b' && !equalRounds(P, M)) {
    const rounds = Math.max(1, Math.floor(M / P));
    // the nearest M on each side that passes (any M < 2P does, and every multiple of P)
    let down = M - 1;
    while (!equalRounds(P, down)) down--;
    let up = M + 1;
    while (!equalRounds(P, up)) up++;
    return {
      field: 'microbatches',
      message: `interleaved-1f1b runs micro-batches in ${rounds} rounds of equal size, so ${rounds} must divide M=${M} (torch rule; try M=${down} or ${up})`,
      suggestion: up,
    };
  }
  if (schedule === 'dualpipe') {
    if (P % 2 !== 0) {
      // P+1 unless that breaks M ≥ 2P, then P−1
      const suggestion = M >= 2 * (P + 1) ? P + 1 : Math.max(2, P - 1);
      return { field: 'ranks', message: `DualPipe needs an even number of ranks; got ${P}`, suggestion };
    }
    if (M % 2 !== 0) {
      return {
        field: 'microbatches',
        message: `DualPipe needs an even number of micro-batches (half go each way); got ${M}`,
        suggestion: M + 1,
      };
    }
    if (M < 2 * P) {
      return {
        field: 'microbatches',
        message: `DualPipe needs at least 2P = ${2 * P} micro-batches for P=${P} ranks; got ${M}`,
        suggestion: 2 * P,
      };
    }
  }
  if (schedule === 'dualpipev' && M < 2 * P) {
    return {
      field: 'microbatches',
      message: `DualPipeV needs at least 2P = ${2 * P} micro-batches (one per stage) for P=${P} ranks; got ${M}`,
      suggestion: 2 * P,
    };
  }
  return null;
}

/** Throws a ScheduleError for the first violated rule; returns the normalised params. */
export function validateParams(params: ScheduleParams): Required<ScheduleParams> {
  const issue = paramsIssue(params);
  if (issue) throw new ScheduleError(issue);
  return { schedule: params.schedule, ranks: params.ranks, microbatches: params.microbatches, stagesPerRank: stagesPerRankOf(params) };
}

/** Narrower rules of other references that this config breaks (shown beside the chart, not errors). */
export function referenceNotes(params: Required<ScheduleParams>): string[] {
  const { schedule, ranks: P, microbatches: M } = params;
  const notes: string[] = [];
  if (schedule === '1f1b' && M < P) notes.push(`torch's Schedule1F1B rejects M < P (${M} < ${P}); Megatron and sail-sg run it`);
  if (schedule === 'interleaved-1f1b' && M % P !== 0)
    notes.push(`Megatron and sail-sg require P | M for interleaving (${M} % ${P} ≠ 0); torch runs it`);
  return notes;
}
