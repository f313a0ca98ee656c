/**
 * The Model panel's computations (docs/model.md §10), pure so a worker runs them and tests call them:
 * - `runModel(inputs)`: the model on its schedule (src/model planSchedule) — the timeline with the
 *   per-stage costs in µs and memory in bytes, the step, the derived layout, and the memory limit
 *   the activation strip draws (HBM − static − transient per rank, bytes);
 * - `modelFitRow(inputs, schedule)`: one row of "which schedule fits".
 * The timeline crosses the worker boundary by structured clone (op objects shared between the order
 * and the timed ops stay shared); `engineResultOfModel` turns it into the chart's EngineOk on the
 * main thread.
 */
import type { ScheduleName, ScheduleParams, Timeline } from '../engine/index.ts';
import { fitRow, gpuPreset, parseMegatronArgs, planSchedule, type FitRow, type PartsSource, type StepReport } from '../model/index.ts';
import { modelArgsOf, stagesPerRankFor, type ModelInputs } from '../store/modelInputs.ts';

export interface ModelRunOk {
  ok: true;
  timeline: Timeline;
  notes: string[];
  step: StepReport;
  params: ScheduleParams;
  layout: { text: string; source: PartsSource; note: string };
  /** per rank: the bytes left for activations (HBM − static − transient) */
  activationBudgetBytes: number[];
}

export type ModelRun = ModelRunOk | { ok: false; error: string; field: string | null };

/** A stable key for the inputs: equal inputs, equal runs. */
export function modelKeyOf(m: ModelInputs): string {
  return JSON.stringify(m);
}

function optionsOf(m: ModelInputs) {
  const a = parseMegatronArgs(modelArgsOf(m)).args;
  return { a, o: { gpu: gpuPreset(m.gpu), mfu: m.mfu, microbatches: m.microbatches } };
}

/** The model on `schedule` (default: its own). Never throws: a rejection comes back with its reason. */
export function runModel(m: ModelInputs, schedule: ScheduleName = m.schedule): ModelRun {
  try {
    const { a, o } = optionsOf(m);
    const r = planSchedule(a, o, { schedule, stagesPerRank: schedule === m.schedule ? stagesPerRankFor(m, a) : undefined });
    return {
      ok: true,
      timeline: r.timeline,
      notes: [...r.layout.warnings, ...r.notes],
      step: r.step,
      params: r.params,
      layout: { text: r.layout.text, source: r.layout.source, note: r.layout.note },
      activationBudgetBytes: r.activationBudgetBytes,
    };
  } catch (e) {
    const field = e instanceof Error && 'field' in e ? String((e as { field: unknown }).field) : null;
    return { ok: false, error: e instanceof Error ? e.message : String(e), field };
  }
}

export function modelFitRow(m: ModelInputs, schedule: ScheduleName): FitRow {
  const { a, o } = optionsOf(m);
  return fitRow(a, o, schedule);
}
