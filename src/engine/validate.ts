/**
 * Which (schedule, P, M, v) combinations run, with the reference implementations' rules
 * (docs/schedules.md §2, §4). Where references disagree we accept the wider rule and expose the
 * narrower one as a note (torch 1F1B needs M >= P; Megatron/sail interleaving needs P | M).
 * Each rule returns an InputIssue (errors.ts) with the field to change and a value that passes
 * it; `validateParams` throws the first one as a ScheduleError.
 */
import { ScheduleError, type InputIssue, type ScheduleField } from './errors.ts';
import { megatronGroupIssue } from './schedules/megatronInterleaved.ts';
import { SCHEDULE_NAMES, type ScheduleName, type ScheduleParams } from './types.ts';

/** Upper bounds that keep a request interactive and in memory (about 2 million ops). */
export const LIMITS = { ranks: 1024, microbatches: 65536, stagesPerRank: 64, ops: 2_000_000 } as const;

const TAKES_V: ReadonlySet<ScheduleName> = new Set(['interleaved-1f1b', 'looped-bfs', 'interleaved-zb', 'interleaved-1f1b-megatron']);
const TWO_CHUNKS: ReadonlySet<ScheduleName> = new Set([
  'zb-v',
  'zb-v-auto',
  'v-half',
  'v-min',
  'dualpipe',
  'dualpipev',
  'v-auto',
  '1f1b-v',
]);
/** Largest (P−1)·P·(4P + M) the v-auto search is run for (about half a minute of CPU). */
const V_AUTO_WORK = 100_000;
/** Most sequence chunks per micro-batch seq1f1b takes (the op-count limit bounds it too). */
const MAX_SEQ_SPLITS = 1024;

/**
 * Params after validation: P, M and v checked; the options a schedule takes (seqSplits,
 * groupSize, epOverlap, memLimit) checked and defaulted for that schedule and absent otherwise (the
 * memory limit's default depends on the costs, so it stays optional).
 */
export type ValidParams = Required<Pick<ScheduleParams, 'schedule' | 'ranks' | 'microbatches' | 'stagesPerRank'>> &
  Pick<ScheduleParams, 'seqSplits' | 'groupSize' | 'epOverlap' | 'memLimit'>;

type Options = Pick<ValidParams, 'seqSplits' | 'groupSize' | 'epOverlap' | 'memLimit'>;

/** Whether the schedule takes a stages-per-rank choice (the others run a fixed number). */
export function takesStagesPerRank(name: ScheduleName): boolean {
  return TAKES_V.has(name);
}

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

/** The most micro-batches P ranks with v stages of N splits each may run within `maxOps` (even for DualPipe). */
function largestM(schedule: ScheduleName, P: number, vN: number, maxOps: number): number {
  const m = Math.max(1, Math.floor(maxOps / (3 * P * vN)));
  return schedule === 'dualpipe' && m % 2 ? m - 1 : m;
}

/**
 * The first rule (schedule, P, M, v and the schedule's options) breaks, or null. `maxOps` lowers
 * the op limit (the interactive view takes fewer ops than the CLI); its message then says whose
 * limit it is.
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
        message: `${schedule} runs ${fixed} stage(s) per rank; stages-per-rank ${params.stagesPerRank} applies only to ${[...TAKES_V].join(', ')}`,
        suggestion: fixed,
      };
    }
  }
  const v = stagesPerRankOf(params);
  const vIssue = wholeNumberIssue('stagesPerRank', 'stages per rank', v, 1, LIMITS.stagesPerRank);
  if (vIssue) return vIssue;
  const options = optionsIssue(params, P);
  if (options) return options;
  const N = optionsOf(params, P).seqSplits ?? 1;
  const ops = 3 * P * v * M * N;
  // only on a rejection: toLocaleString builds a number format per call (ms, more than a P=32 order)
  const size = () => `P=${P}, M=${M}, v=${v}${N > 1 ? `, ${N} splits` : ''} gives about ${ops.toLocaleString('en-US')} ops`;
  if (ops > LIMITS.ops) {
    return {
      field: 'microbatches',
      message: `${size()}; the limit is ${LIMITS.ops.toLocaleString('en-US')}`,
      suggestion: largestM(schedule, P, v * N, LIMITS.ops),
    };
  }
  const rule = scheduleRuleIssue(schedule, P, M, optionsOf(params, P), params.groupSize !== undefined);
  if (rule) return rule;
  if (maxOps && ops > maxOps.ops) {
    return {
      field: 'microbatches',
      message: `${size()}; ${maxOps.who} takes up to ${maxOps.ops.toLocaleString('en-US')} (the CLI takes more)`,
      suggestion: largestM(schedule, P, v * N, maxOps.ops),
    };
  }
  return null;
}

/** torch's interleaved 1F1B runs M in max(1, ⌊M/P⌋) rounds of equal size. */
function equalRounds(P: number, M: number): boolean {
  return M % Math.max(1, Math.floor(M / P)) === 0;
}

/** Work of sail-sg's v-auto building-block search: up to 900·(P−1) blocks of P rows × 6(4P + max(M, 2P)) slots. */
const vAutoWork = (P: number, M: number) => (P - 1) * P * (4 * P + Math.max(M, 2 * P) + 1);

/** The schedule's own rules on P and M (reference code), after the generic bounds. */
function scheduleRuleIssue(schedule: ScheduleName, P: number, M: number, options: Options, groupGiven: boolean): Issue | null {
  if ((schedule === 'interleaved-1f1b' || schedule === 'interleaved-zb') && !equalRounds(P, M)) {
    const rounds = Math.max(1, Math.floor(M / P));
    // the nearest M on each side that passes (any M < 2P does, and every multiple of P)
    let down = M - 1;
    while (!equalRounds(P, down)) down--;
    let up = M + 1;
    while (!equalRounds(P, up)) up++;
    return {
      field: 'microbatches',
      message: `${schedule} runs micro-batches in ${rounds} rounds of equal size, so ${rounds} must divide M=${M} (torch rule; try M=${down} or ${up})`,
      suggestion: up,
    };
  }
  if (schedule === 'v-auto') {
    if (P < 2)
      return {
        field: 'ranks',
        message: `v-auto needs at least 2 ranks: its building blocks are offsets between consecutive ranks; got ${P}`,
        suggestion: 2,
      };
    // about 5 s of CPU at P=16, M=32 (work 23k) and 25 s at P=24, M=48 (80k)
    const work = vAutoWork(P, M);
    if (work > V_AUTO_WORK) {
      const message = `v-auto's building-block search grows as P²·(4P + M); P=${P}, M=${M} would take minutes (keep (P−1)·P·(4P + M) under ${V_AUTO_WORK.toLocaleString('en-US')}; it is ${work.toLocaleString('en-US')})`;
      // fewer micro-batches when that is enough, else fewer ranks
      if (vAutoWork(P, 1) <= V_AUTO_WORK)
        return { field: 'microbatches', message, suggestion: Math.floor(V_AUTO_WORK / ((P - 1) * P)) - 4 * P - 1 };
      let fewer = P - 1;
      while (fewer > 2 && vAutoWork(fewer, M) > V_AUTO_WORK) fewer--;
      return { field: 'ranks', message, ...(vAutoWork(fewer, M) <= V_AUTO_WORK ? { suggestion: fewer } : {}) };
    }
  }
  if (schedule === 'interleaved-1f1b-megatron') {
    const issue = megatronGroupIssue(P, M, options.groupSize!, groupGiven);
    if (issue) return issue;
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

/** Which schedules take each option, and the option's name on the command line. */
const OPTION_TAKERS: readonly { field: 'seqSplits' | 'groupSize' | 'epOverlap' | 'memLimit'; name: string; takers: ScheduleName[] }[] = [
  { field: 'seqSplits', name: 'seq-splits', takers: ['seq1f1b'] },
  { field: 'groupSize', name: 'group-size', takers: ['interleaved-1f1b-megatron'] },
  { field: 'epOverlap', name: 'ep-overlap', takers: ['interleaved-1f1b-megatron'] },
  { field: 'memLimit', name: 'mem-limit', takers: ['zb-auto', 'v-auto'] },
];

/** The first option the schedule does not take, or whose value breaks its rule; null when they pass. */
function optionsIssue(params: ScheduleParams, P: number): Issue | null {
  const { schedule } = params;
  for (const { field, name, takers } of OPTION_TAKERS) {
    // ep-overlap false is the same as leaving it out
    const given = field === 'epOverlap' ? params.epOverlap || undefined : params[field];
    if (given !== undefined && !takers.includes(schedule))
      return { field, message: `${name} applies only to ${takers.join(' and ')}, not ${schedule}` };
  }
  if (schedule === 'seq1f1b') return wholeNumberIssue('seqSplits', 'seq splits', params.seqSplits ?? 2, 1, MAX_SEQ_SPLITS);
  if (schedule === 'interleaved-1f1b-megatron')
    return wholeNumberIssue('groupSize', 'group size', params.groupSize ?? P, 1, LIMITS.microbatches);
  const memLimit = params.memLimit;
  if (memLimit === undefined) return null;
  if (schedule === 'v-auto') {
    if (Array.isArray(memLimit))
      return {
        field: 'memLimit',
        message: 'v-auto takes one memory limit for every rank (whole forward activations), not a list',
        suggestion: 2 * P,
      };
    return wholeNumberIssue('memLimit', 'v-auto memory limit (forward activations)', memLimit, 1, 2 * LIMITS.ranks);
  }
  // zb-auto: in the memory model's unit, one for every rank or one per rank
  if (Array.isArray(memLimit) && memLimit.length !== P)
    return { field: 'memLimit', message: `zb-auto takes one memory limit or one per rank (${P}); got ${memLimit.length}` };
  const values: unknown[] = Array.isArray(memLimit) ? memLimit : [memLimit];
  const r = values.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x) || x <= 0);
  if (r >= 0)
    return {
      field: 'memLimit',
      message: `memory limit${Array.isArray(memLimit) ? ` of rank ${r}` : ''} must be a positive number; got ${String(values[r])}`,
    };
  return null;
}

/** The options the schedule takes, defaulted (after `optionsIssue` passed). */
function optionsOf(params: ScheduleParams, P: number): Options {
  const { schedule, memLimit } = params;
  if (schedule === 'seq1f1b') return { seqSplits: params.seqSplits ?? 2 };
  if (schedule === 'interleaved-1f1b-megatron') return { groupSize: params.groupSize ?? P, epOverlap: params.epOverlap ?? false };
  if (memLimit === undefined) return {};
  return { memLimit: Array.isArray(memLimit) ? memLimit.slice() : memLimit };
}

/** Throws a ScheduleError for the first violated rule; returns the normalised params. */
export function validateParams(params: ScheduleParams): ValidParams {
  const issue = paramsIssue(params);
  if (issue) throw new ScheduleError(issue);
  return {
    schedule: params.schedule,
    ranks: params.ranks,
    microbatches: params.microbatches,
    stagesPerRank: stagesPerRankOf(params),
    ...optionsOf(params, params.ranks),
  };
}

/** Narrower rules of other references that this config breaks (shown beside the chart, not errors). */
export function referenceNotes(params: ScheduleParams): string[] {
  const { schedule, ranks: P, microbatches: M } = params;
  const notes: string[] = [];
  if (schedule === '1f1b' && M < P) notes.push(`torch's Schedule1F1B rejects M < P (${M} < ${P}); Megatron and sail-sg run it`);
  if (schedule === 'interleaved-1f1b-megatron' && params.stagesPerRank === 1)
    notes.push(
      "with one chunk per rank this is Megatron's interleaved loop (warm-up 2(P−1−r)); without virtual stages Megatron runs its non-interleaved 1F1B (1f1b)",
    );
  if (schedule === 'interleaved-1f1b' && M % P !== 0)
    notes.push(`Megatron and sail-sg require P | M for interleaving (${M} % ${P} ≠ 0); torch runs it`);
  return notes;
}
