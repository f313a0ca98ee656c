/**
 * "Which schedule fits" (docs/model.md §8.4): every schedule the engine knows, run with the model's
 * per-stage costs on the run's cluster (planSchedule.ts), ranked by step time. A row over the GPU's
 * HBM says by how many bytes its fullest rank is over; a schedule the references reject for this run
 * (an odd micro-batch count for DualPipe, Megatron's interleaving rules, no HBM left for activations)
 * gives its reason instead. The best row is the fastest that fits.
 *
 * Rows are computed one at a time (`fitRow`) so a caller can report progress between them; v-auto's
 * building-block search is by far the slowest (seconds at PP16, M = 120) and comes last.
 */
import { SCHEDULE_NAMES, ScheduleError, computeMetrics, type ScheduleName } from '../engine/index.ts';
import type { MegatronArgs } from './args.ts';
import { ModelInputError } from './errors.ts';
import { planSchedule, type ScheduleRun, type ScheduleRunOptions } from './planSchedule.ts';
import type { PartsSource } from './scheduleLayout.ts';

export interface FitRow {
  schedule: ScheduleName;
  valid: boolean;
  /** why the schedule does not run for this setup (null when it runs) */
  reason: string | null;
  /** the field the reason is about (a schedule parameter or a planner field), when known */
  field: string | null;
  stagesPerRank: number | null;
  layout: { text: string; source: PartsSource; note: string } | null;
  memLimit: number | number[] | null;
  stepMs: number | null;
  makespanMs: number | null;
  tokensPerSecondPerGpu: number | null;
  mfu: number | null;
  bubbleRatio: number | null;
  /** the fullest rank's peak bytes, and every rank's */
  peakBytes: number | null;
  peakBytesPerRank: number[] | null;
  /** peak − HBM of the fullest rank, bytes (negative: room left) */
  overHbmBytes: number | null;
  fits: boolean;
}

/** The order rows are computed in: every schedule, v-auto's search last. */
export const FIT_ORDER: readonly ScheduleName[] = [...SCHEDULE_NAMES.filter((s) => s !== 'v-auto'), 'v-auto'];

function rowOf(schedule: ScheduleName, r: ScheduleRun): FitRow {
  const s = r.step;
  const peak = Math.max(...s.peakBytesPerRank);
  return {
    schedule,
    valid: true,
    reason: null,
    field: null,
    stagesPerRank: r.layout.topology.numStages / r.layout.topology.rankStages.length,
    layout: { text: r.layout.text, source: r.layout.source, note: r.layout.note },
    memLimit: r.params.memLimit ?? null,
    stepMs: s.timeMs,
    makespanMs: s.makespanMs,
    tokensPerSecondPerGpu: s.tokensPerSecondPerGpu,
    mfu: s.mfu,
    bubbleRatio: computeMetrics(r.timeline).bubbleRatio,
    peakBytes: peak,
    peakBytesPerRank: s.peakBytesPerRank,
    overHbmBytes: s.overHbmBytes,
    fits: s.fits,
  };
}

function invalid(schedule: ScheduleName, reason: string, field: string | null): FitRow {
  return {
    schedule,
    valid: false,
    reason,
    field,
    stagesPerRank: null,
    layout: null,
    memLimit: null,
    stepMs: null,
    makespanMs: null,
    tokensPerSecondPerGpu: null,
    mfu: null,
    bubbleRatio: null,
    peakBytes: null,
    peakBytesPerRank: null,
    overHbmBytes: null,
    fits: false,
  };
}

/** One schedule's row: its step and memory, or why it does not run. Other errors propagate. */
export function fitRow(a: MegatronArgs, o: ScheduleRunOptions, schedule: ScheduleName): FitRow {
  try {
    return rowOf(schedule, planSchedule(a, o, { schedule }));
  } catch (e) {
    if (e instanceof ScheduleError || e instanceof ModelInputError) {
      // a model error names a planner field; the message carries it already
      return invalid(schedule, e.message, e.field);
    }
    throw e;
  }
}

/** Valid rows by step time (ties by name), then the invalid ones in registry order. */
export function rankFits(rows: readonly FitRow[]): FitRow[] {
  const valid = rows.filter((r) => r.valid).sort((x, y) => x.stepMs! - y.stepMs! || x.schedule.localeCompare(y.schedule));
  const order = (r: FitRow) => SCHEDULE_NAMES.indexOf(r.schedule);
  return [...valid, ...rows.filter((r) => !r.valid).sort((x, y) => order(x) - order(y))];
}

/** The fastest schedule that fits in HBM, or null. */
export function bestFit(rows: readonly FitRow[]): FitRow | null {
  return rankFits(rows).find((r) => r.valid && r.fits) ?? null;
}

export function scheduleFits(a: MegatronArgs, o: ScheduleRunOptions, schedules: readonly ScheduleName[] = FIT_ORDER): FitRow[] {
  return rankFits(schedules.map((s) => fitRow(a, o, s)));
}
