/**
 * Which (schedule, P, M, v) combinations run, with the reference implementations' rules
 * (docs/schedules.md §2, §4). Where references disagree we accept the wider rule and expose the
 * narrower one as a note (torch 1F1B needs M >= P; Megatron/sail interleaving needs P | M).
 */
import { ScheduleError } from './errors.ts';
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

/** Whether the schedule takes a stages-per-rank choice (the others run a fixed number). */
export function takesStagesPerRank(name: ScheduleName): boolean {
  return TAKES_V.has(name);
}

export function isScheduleName(name: string): name is ScheduleName {
  return (SCHEDULE_NAMES as readonly string[]).includes(name);
}

function wholeNumber(label: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) {
    throw new ScheduleError(`${label} must be a whole number; got ${String(value)}`);
  }
  if (value < min) throw new ScheduleError(`${label} must be at least ${min}; got ${value}`);
  if (value > max) throw new ScheduleError(`${label} must be at most ${max}; got ${value}`);
  return value;
}

/** Local stages per rank the schedule runs with. */
export function stagesPerRankOf(params: ScheduleParams): number {
  if (TAKES_V.has(params.schedule)) return params.stagesPerRank ?? 2;
  return TWO_CHUNKS.has(params.schedule) ? 2 : 1;
}

/** Throws a ScheduleError naming the first violated rule; returns the normalised params. */
export function validateParams(params: ScheduleParams): ValidParams {
  const { schedule } = params;
  if (!isScheduleName(schedule)) {
    throw new ScheduleError(`unknown schedule "${String(schedule)}"; expected one of ${SCHEDULE_NAMES.join(', ')}`);
  }
  const P = wholeNumber('ranks', params.ranks, 1, LIMITS.ranks);
  const M = wholeNumber('microbatches', params.microbatches, 1, LIMITS.microbatches);
  if (params.stagesPerRank !== undefined && !TAKES_V.has(schedule)) {
    const fixed = stagesPerRankOf(params);
    if (params.stagesPerRank !== fixed) {
      throw new ScheduleError(
        `${schedule} runs ${fixed} stage(s) per rank; stages-per-rank ${params.stagesPerRank} applies only to ${[...TAKES_V].join(', ')}`,
      );
    }
  }
  const v = wholeNumber('stages per rank', stagesPerRankOf(params), 1, LIMITS.stagesPerRank);
  const extra = validateOptions(params, P);
  const ops = 3 * P * v * M * (extra.seqSplits ?? 1);
  if (ops > LIMITS.ops) {
    throw new ScheduleError(
      `P=${P}, M=${M}, v=${v} gives about ${ops.toLocaleString('en-US')} ops; the limit is ${LIMITS.ops.toLocaleString('en-US')}`,
    );
  }
  if (schedule === 'interleaved-1f1b' || schedule === 'interleaved-zb') {
    const rounds = Math.max(1, Math.floor(M / P));
    if (M % rounds !== 0) {
      throw new ScheduleError(
        `${schedule} runs micro-batches in ${rounds} rounds of equal size, so ${rounds} must divide M=${M} (torch rule; try M=${M - (M % rounds)} or ${M + rounds - (M % rounds)})`,
      );
    }
  }
  if (schedule === 'v-auto') {
    if (P < 2)
      throw new ScheduleError(`v-auto needs at least 2 ranks: its building blocks are offsets between consecutive ranks; got ${P}`);
    // its search tries up to 900·(P−1) blocks of P rows × 6(4P + max(M, 2P)) slots: about 5 s of
    // CPU at P=16, M=32 (work 23k) and 25 s at P=24, M=48 (80k)
    const work = (P - 1) * P * (4 * P + Math.max(M, 2 * P) + 1);
    if (work > V_AUTO_WORK) {
      throw new ScheduleError(
        `v-auto's building-block search grows as P²·(4P + M); P=${P}, M=${M} would take minutes (keep (P−1)·P·(4P + M) under ${V_AUTO_WORK.toLocaleString('en-US')}; it is ${work.toLocaleString('en-US')})`,
      );
    }
  }
  if (schedule === 'interleaved-1f1b-megatron') {
    const issue = megatronGroupIssue(P, M, extra.groupSize!);
    if (issue) throw new ScheduleError(issue);
  }
  if (schedule === 'dualpipe') {
    if (P % 2 !== 0) throw new ScheduleError(`DualPipe needs an even number of ranks; got ${P}`);
    if (M % 2 !== 0) throw new ScheduleError(`DualPipe needs an even number of micro-batches (half go each way); got ${M}`);
    if (M < 2 * P) throw new ScheduleError(`DualPipe needs at least 2P = ${2 * P} micro-batches for P=${P} ranks; got ${M}`);
  }
  if (schedule === 'dualpipev' && M < 2 * P) {
    throw new ScheduleError(`DualPipeV needs at least 2P = ${2 * P} micro-batches (one per stage) for P=${P} ranks; got ${M}`);
  }
  return { schedule, ranks: P, microbatches: M, stagesPerRank: v, ...extra };
}

/** The options only some schedules take: rejected elsewhere, checked and defaulted where they apply. */
function validateOptions(params: ScheduleParams, P: number): Pick<ValidParams, 'seqSplits' | 'groupSize' | 'epOverlap' | 'memLimit'> {
  const { schedule } = params;
  const only = (option: string, value: unknown, takers: ScheduleName[]) => {
    if (value !== undefined && !takers.includes(schedule))
      throw new ScheduleError(`${option} applies only to ${takers.join(' and ')}, not ${schedule}`);
  };
  only('seq-splits', params.seqSplits, ['seq1f1b']);
  only('group-size', params.groupSize, ['interleaved-1f1b-megatron']);
  only('ep-overlap', params.epOverlap || undefined, ['interleaved-1f1b-megatron']);
  only('mem-limit', params.memLimit, ['zb-auto', 'v-auto']);
  if (schedule === 'seq1f1b') return { seqSplits: wholeNumber('seq splits', params.seqSplits ?? 2, 1, MAX_SEQ_SPLITS) };
  if (schedule === 'interleaved-1f1b-megatron') {
    return { groupSize: wholeNumber('group size', params.groupSize ?? P, 1, LIMITS.microbatches), epOverlap: params.epOverlap ?? false };
  }
  const memLimit = params.memLimit;
  if (memLimit === undefined) return {};
  if (schedule === 'v-auto') {
    if (Array.isArray(memLimit))
      throw new ScheduleError('v-auto takes one memory limit for every rank (whole forward activations), not a list');
    return { memLimit: wholeNumber('v-auto memory limit (forward activations)', memLimit, 1, 2 * LIMITS.ranks) };
  }
  // zb-auto: in the memory model's unit, one for every rank or one per rank
  if (Array.isArray(memLimit) && memLimit.length !== P)
    throw new ScheduleError(`zb-auto takes one memory limit or one per rank (${P}); got ${memLimit.length}`);
  (Array.isArray(memLimit) ? memLimit : [memLimit]).forEach((x, r) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) {
      throw new ScheduleError(`memory limit${Array.isArray(memLimit) ? ` of rank ${r}` : ''} must be a positive number; got ${String(x)}`);
    }
  });
  return { memLimit: Array.isArray(memLimit) ? memLimit.slice() : memLimit };
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
