/**
 * Params → everything a chart and the metrics panel show: the engine's timeline, metrics and
 * closed-form bubble, the layout and display units (the dependency index and activation data on
 * first use: producersOf, activationOf). Pure and synchronous
 * (P=16/M=64 DualPipe ≈ 1-2 ms): useTimeline memoises it, tests call it directly.
 *
 * Plain mode: costs as typed, in cost units or µs (p.costUnit), in the params' cost basis (a rank's
 * share of the model, or one stage: engine costBasis.ts) and with the per-stage table over them.
 * Detailed mode: costs from the overlap model (µs) at the chosen SM split and bandwidths, each
 * stage's pieces scaled by its part of a share and its row of the table (stageScaleOf); the engine
 * then builds and simulates with those costs. Parameters per rank are reported in the basis too.
 * A custom schedule (an imported op order) takes the place of the built-in one: the same costs,
 * no closed form. Never throws: a failure comes back as { ok: false } with the engine's reason.
 */
import {
  closedFormBubble,
  computeMetrics,
  dependencyIndex,
  opShare,
  referenceNotes,
  resolveBasisCosts,
  reusingBuilder,
  simulate,
  stageShare,
  stagesPerRankOf,
  type Costs,
  type Topology,
  scheduleTopology as scheduleTopologyOf,
  type ClosedForm,
  type DependencyIndex,
  type Metrics,
  type Schedule,
  type ScheduleName,
  type Timeline,
} from '../engine/index.ts';
import {
  detailedCosts,
  getPreset,
  withHardware,
  withLayers,
  withPairCosts,
  type DetailedCosts,
  type OverlapModel,
} from '../engine/overlap/index.ts';
import { activationData, type ActivationData } from '../render/activation.ts';
import { layoutTimeline, type Layout } from '../render/layout.ts';
import { COST_UNITS, MICROSECONDS_AS_MS, type Units } from '../render/scales.ts';
import { minSpanOf } from '../render/zoomMath.ts';
import type { Params } from '../store/params.ts';
import { tableColumns } from '../store/stageTable.ts';
import { costsFileOf, resolvedCostsOf, scheduleIssue, scheduleParamsOf } from '../store/validate.ts';

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

/** `pending`: a slow build running in the engine worker (the last chart stays on screen meanwhile). */
export type EngineResult = EngineOk | { ok: false; schedule: ShownSchedule; error: string; pending?: boolean };

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

/** Parameters per rank in the basis: shares of the model (share basis) or model parts (stage basis). */
function inBasis(m: Metrics, topo: Topology, p: Params): Metrics {
  if (p.basis !== 'share') return m;
  const k = stageShare(topo);
  return k === 1 ? m : { ...m, paramsPerRank: m.paramsPerRank.map((x) => x * k) };
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

/**
 * The detailed mode's factor on each stage's pieces: the stage's plain-mode F over the F field —
 * its part of a share in the share basis (opShare), times its table row's F over the F field when
 * the table has an F column; undefined when every stage is the preset's chunk (stage basis, no F column).
 */
export function stageScaleOf(p: Params, topo: Topology, seqSplits = 1): number[] | undefined {
  const share = p.basis === 'share' ? opShare(topo, seqSplits) : 1;
  const F = tableColumns(p.stageCosts).F;
  if (!F || !(p.F > 0)) return share === 1 ? undefined : new Array<number>(topo.numStages).fill(share);
  const c = resolveBasisCosts({ F: F.length === 1 ? F[0]! : F, I: 1, W: 1 }, topo, p.basis, seqSplits);
  const scale = (c.perStage?.F ?? new Array<number>(topo.numStages).fill(c.F)).map((f) => f / p.F);
  return scale.every((k) => k === 1) ? undefined : scale;
}

/** The costs a schedule runs with: the basis and table applied (plain), or the overlap model's per-stage costs (detailed). */
function costsFor(p: Params, schedule: ShownSchedule, topo: Topology, seqSplits: number): { costs: Costs; detail: DetailedCosts | null } {
  if (p.detailed) {
    const scale = stageScaleOf(p, topo, seqSplits);
    const detail = scale ? detailedCosts(overlapModelOf(p), p.commSms, scale) : detailedCostsOf(p);
    return { costs: detail.costs, detail };
  }
  if (schedule !== 'custom') return { costs: resolvedCostsOf(p, schedule), detail: null };
  return { costs: resolveBasisCosts(costsFileOf(p), topo, p.basis, seqSplits), detail: null };
}

/** the chart's and its comparison's orders are kept while only costs change (a cost-table edit) */
const buildOrder = reusingBuilder();

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
    const topo = custom?.topology ?? scheduleTopologyOf(sp!);
    const seqSplits = custom?.seqSplits ?? sp?.seqSplits ?? 1;
    const { costs, detail } = costsFor(p, schedule, topo, seqSplits);
    const order = custom ?? buildOrder(sp!, costs);
    const timeline = simulate(order, detail ? withPairCosts(detail, order) : costs);
    if (timeline.schedule.notes) notes = [...notes, ...timeline.schedule.notes];
    return engineResultOf(timeline, {
      schedule,
      params: p,
      stagesPerRank,
      metrics: inBasis(computeMetrics(timeline), topo, p),
      notes,
      units: detail || p.costUnit === 'us' ? MICROSECONDS_AS_MS : COST_UNITS,
      detail,
      closed: named ? closedFormBubble(named, p.ranks, p.microbatches, timeline.costs) : null,
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
    /** metrics restated in a cost basis (runEngine: a rank's share); by default the timeline's own */
    metrics?: Metrics;
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
    metrics: o.metrics ?? computeMetrics(timeline),
    closed: o.closed,
    notes: o.notes,
    units: o.units,
    detail: o.detail,
    minSpan: minSpanOf(minPiece, Math.max(layout.makespan, 1e-9)),
    ms: (typeof performance !== 'undefined' ? performance.now() : 0) - o.t0,
    ...(o.memory ? { memory: o.memory } : {}),
  };
}
