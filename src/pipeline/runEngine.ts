/**
 * Params → everything a chart and the metrics panel show: the engine's timeline, metrics and
 * closed-form bubble, the layout and display units (the dependency index and activation data on
 * first use: producersOf, activationOf). Pure and synchronous
 * (P=16/M=64 DualPipe ≈ 1-2 ms): useTimeline memoises it, tests call it directly.
 *
 * Plain mode: costs as typed, in cost units or µs (p.costUnit). Detailed mode: costs from the overlap model (µs) at
 * the chosen SM split and bandwidths; the engine then builds and simulates with those costs.
 * A custom schedule (an imported op order) takes the place of the built-in one: the same costs,
 * no closed form. Never throws: a failure comes back as { ok: false } with the engine's reason.
 */
import {
  buildSchedule,
  closedFormBubble,
  computeMetrics,
  dependencyIndex,
  referenceNotes,
  resolveCosts,
  simulate,
  stagesPerRankOf,
  type ClosedForm,
  type DependencyIndex,
  type Metrics,
  type Schedule,
  type ScheduleName,
  type Timeline,
} from '../engine/index.ts';
import { detailedCosts, getPreset, withHardware, withLayers, type DetailedCosts, type OverlapModel } from '../engine/overlap/index.ts';
import { activationData, type ActivationData } from '../render/activation.ts';
import { layoutTimeline, type Layout } from '../render/layout.ts';
import { COST_UNITS, MICROSECONDS_AS_MS, type Units } from '../render/scales.ts';
import { minSpanOf } from '../render/zoomMath.ts';
import type { Params } from '../store/params.ts';
import { plainCosts, scheduleIssue, scheduleParamsOf } from '../store/validate.ts';

/** A built-in schedule's name, or 'custom' for an imported op order. */
export type ShownSchedule = ScheduleName | 'custom';

export interface EngineOk {
  ok: true;
  schedule: ShownSchedule;
  params: Params;
  stagesPerRank: number;
  timeline: Timeline;
  layout: Layout;
  metrics: Metrics;
  closed: ClosedForm | null;
  notes: string[];
  units: Units;
  detail: DetailedCosts | null;
  /** narrowest zoom window, timeline units */
  minSpan: number;
  /** wall time of the engine call, ms (shown in the footer, read by the benchmark) */
  ms: number;
  /**
   * Memory in bytes rather than activation units (costs from the model, docs/model.md §10): the
   * activation strip and metrics show GB, and the limit line per rank is the HBM left for activations
   * (HBM − static bytes − recompute transient).
   */
  memory?: { unit: 'GB'; bytesPerUnit: number; limitBytes: number[]; hbmBytes: number };
}

export type EngineResult = EngineOk | { ok: false; schedule: ShownSchedule; error: string };

// Asked for by views that may not draw this result at all (a highlight, the activation strip
// after the chart's frame), so computed on first use, once per result.
const producers = new WeakMap<Schedule, DependencyIndex>();
const activations = new WeakMap<Timeline, ActivationData>();

/** The engine's dependency index of the result's schedule, for dependency lookups (render/deps.ts). */
export function producersOf(r: EngineOk): DependencyIndex {
  const s = r.timeline.schedule;
  let p = producers.get(s);
  if (!p) producers.set(s, (p = dependencyIndex(s)));
  return p;
}

/** Activation memory per rank over time (render/activation.ts). */
export function activationOf(r: EngineOk): ActivationData {
  let a = activations.get(r.timeline);
  if (!a) activations.set(r.timeline, (a = activationData(r.timeline)));
  return a;
}

/** The overlap model the detailed mode runs: the hardware preset with the panel's layers and links. */
export function overlapModelOf(p: Params): OverlapModel {
  return withHardware(withLayers(getPreset(p.hw).model, p.layers), { nvlinkGBps: p.nvlink, ibGBps: p.ib });
}

// the engine run and the parameters panel's derived costs both need it: once per params object
const detailed = new WeakMap<Params, DetailedCosts>();

/** The detailed mode's costs at p's SM split (µs), once per params object. Throws on a bad model. */
export function detailedCostsOf(p: Params): DetailedCosts {
  let d = detailed.get(p);
  if (!d) detailed.set(p, (d = detailedCosts(overlapModelOf(p), p.commSms)));
  return d;
}

/** `which`: a built-in schedule run with p's shape, or an imported custom op order. */
export function runEngine(p: Params, which: ScheduleName | Schedule = p.schedule): EngineResult {
  const t0 = typeof performance !== 'undefined' ? performance.now() : 0;
  const custom = typeof which === 'object' ? which : null;
  const named = typeof which === 'object' ? null : which;
  const schedule: ShownSchedule = named ?? 'custom';
  try {
    let stagesPerRank = custom?.stagesPerRank ?? 0;
    let notes: string[] = [];
    const sp = named ? scheduleParamsOf(p, named) : null;
    if (named && sp) {
      // the same (cached) evaluation the panel made for these params
      const issue = scheduleIssue(p, named);
      if (issue) return { ok: false, schedule, error: issue[1].message };
      stagesPerRank = stagesPerRankOf(sp);
      notes = referenceNotes({ ...sp, stagesPerRank });
    }
    let detail: DetailedCosts | null = null;
    let costs = resolveCosts(plainCosts(p));
    if (p.detailed) {
      detail = detailedCostsOf(p);
      costs = detail.costs;
    }
    const timeline = simulate(custom ?? buildSchedule(sp!, costs), costs);
    if (timeline.schedule.notes) notes = [...notes, ...timeline.schedule.notes];
    return engineResultOf(timeline, {
      schedule,
      params: p,
      stagesPerRank,
      notes,
      units: detail || p.costUnit === 'us' ? MICROSECONDS_AS_MS : COST_UNITS,
      detail,
      closed: named ? closedFormBubble(named, p.ranks, p.microbatches, costs) : null,
      t0,
    });
  } catch (e) {
    return { ok: false, schedule, error: e instanceof Error ? e.message : String(e) };
  }
}

/** What a chart needs from a simulated timeline: layout, metrics, the narrowest zoom window. */
export function engineResultOf(
  timeline: Timeline,
  o: {
    schedule: ShownSchedule;
    params: Params;
    stagesPerRank: number;
    notes: string[];
    units: Units;
    detail: DetailedCosts | null;
    closed: ClosedForm | null;
    t0: number;
    memory?: EngineOk['memory'];
  },
): EngineOk {
  const layout = layoutTimeline(timeline, o.detail ?? undefined);
  let minPiece = layout.minDuration;
  if (o.detail) {
    for (const c of Object.values(o.detail.chunks))
      for (const s of [...c.streams.compute, ...c.streams.comm]) if (s.end > s.start) minPiece = Math.min(minPiece, s.end - s.start);
  }
  return {
    ok: true,
    schedule: o.schedule,
    params: o.params,
    stagesPerRank: o.stagesPerRank,
    timeline,
    layout,
    metrics: computeMetrics(timeline),
    closed: o.closed,
    notes: o.notes,
    units: o.units,
    detail: o.detail,
    minSpan: minSpanOf(minPiece, Math.max(layout.makespan, 1e-9)),
    ms: (typeof performance !== 'undefined' ? performance.now() : 0) - o.t0,
    ...(o.memory ? { memory: o.memory } : {}),
  };
}
