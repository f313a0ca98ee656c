/**
 * Which (schedule, P, M, v) combinations run, with the reference implementations' rules
 * (docs/schedules.md §2, §4). Where references disagree we accept the wider rule and expose the
 * narrower one as a note (torch 1F1B needs M >= P; Megatron/sail interleaving needs P | M).
 */
import { ScheduleError } from './errors.ts';
import { SCHEDULE_NAMES, type ScheduleName, type ScheduleParams } from './types.ts';

/** Upper bounds that keep a request interactive and in memory (about 2 million ops). */
export const LIMITS = { ranks: 1024, microbatches: 65536, stagesPerRank: 64, ops: 2_000_000 } as const;

const TAKES_V: ReadonlySet<ScheduleName> = new Set(['interleaved-1f1b', 'looped-bfs']);
const TWO_CHUNKS: ReadonlySet<ScheduleName> = new Set(['zb-v', 'zb-v-auto', 'v-half', 'v-min', 'dualpipe', 'dualpipev']);

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
export function validateParams(params: ScheduleParams): Required<ScheduleParams> {
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
        `${schedule} runs ${fixed} stage(s) per rank; stages-per-rank ${params.stagesPerRank} applies only to interleaved-1f1b and looped-bfs`,
      );
    }
  }
  const v = wholeNumber('stages per rank', stagesPerRankOf(params), 1, LIMITS.stagesPerRank);
  const ops = 3 * P * v * M;
  if (ops > LIMITS.ops) {
    throw new ScheduleError(
      `P=${P}, M=${M}, v=${v} gives about ${ops.toLocaleString('en-US')} ops; the limit is ${LIMITS.ops.toLocaleString('en-US')}`,
    );
  }
  if (schedule === 'interleaved-1f1b') {
    const rounds = Math.max(1, Math.floor(M / P));
    if (M % rounds !== 0) {
      throw new ScheduleError(
        `interleaved-1f1b runs micro-batches in ${rounds} rounds of equal size, so ${rounds} must divide M=${M} (torch rule; try M=${M - (M % rounds)} or ${M + rounds - (M % rounds)})`,
      );
    }
  }
  if (schedule === 'dualpipe') {
    if (P % 2 !== 0) throw new ScheduleError(`DualPipe needs an even number of ranks; got ${P}`);
    if (M % 2 !== 0) throw new ScheduleError(`DualPipe needs an even number of micro-batches (half go each way); got ${M}`);
    if (M < 2 * P) throw new ScheduleError(`DualPipe needs at least 2P = ${2 * P} micro-batches for P=${P} ranks; got ${M}`);
  }
  if (schedule === 'dualpipev' && M < 2 * P) {
    throw new ScheduleError(`DualPipeV needs at least 2P = ${2 * P} micro-batches (one per stage) for P=${P} ranks; got ${M}`);
  }
  return { schedule, ranks: P, microbatches: M, stagesPerRank: v };
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
