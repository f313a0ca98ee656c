/**
 * The files behind the app's Export menu, built from what the main chart shows (an EngineOk)
 * through the same interop renderers the CLI uses, so `Export SVG` at some parameters is
 * byte-identical to `pipescope schedule ... --format svg` at the same parameters and costs:
 * both describe the timeline with `makeProject(timeline.schedule, {}, timeline.costs)`.
 *
 * The SVG (and the PNG rasterised from it) is the figure on screen: the view — theme, palette,
 * visible window or whole schedule, highlighted micro-batch, comparison chart — comes along; the
 * default view is what the CLI draws.
 *
 * Detailed (overlap) mode: costs are µs from the overlap model, the project records the preset,
 * SM split, layer count and bandwidths; the SVG shows the app's compute, all-to-all and PP lanes,
 * the trace every op's compute/comm pieces (engine expandTimeline) — in the trace 1 unit = 1 µs.
 * Pure; the DOM side is download.ts.
 */
import { expandTimeline, getPreset } from '../engine/overlap/index.ts';
import {
  chromeTrace,
  exportTorchCsv,
  makeProject,
  opTableCsv,
  projectJson,
  scheduleSvg,
  svgFileName,
  traceJson,
  type OverlapSettings,
  type Project,
  type SvgOptions,
} from '../interop/index.ts';
import type { PaletteName, ThemeName } from '../render/palette.ts';
import { scheduleParamsOf } from '../store/validate.ts';
import { rankLimitsOf } from './memoryLimit.ts';
import { overlapModelOf, stageScaleOf, type EngineOk } from './runEngine.ts';

export type ExportKind = 'svg' | 'png' | 'trace' | 'csv' | 'table' | 'project';

export interface ExportFile {
  /** default file name, `pipescope-<schedule>-p<P>-m<M>.<ext>` */
  name: string;
  /** MIME type of the Blob */
  type: string;
  text: string;
}

/** The overlap settings of the detailed mode; fields equal to the preset's are left out. */
export function overlapOf(r: EngineOk): OverlapSettings | undefined {
  if (!r.detail) return undefined;
  const p = r.params;
  const model = getPreset(p.hw).model;
  const schedule = r.timeline.schedule;
  const scale = stageScaleOf(p, schedule.topology, schedule.seqSplits ?? 1);
  return {
    preset: p.hw,
    commSms: p.commSms,
    ...(p.layers !== model.layers.length ? { layers: p.layers } : {}),
    ...(p.nvlink !== model.hardware.nvlinkGBps ? { nvlinkGBps: p.nvlink } : {}),
    ...(p.ib !== model.hardware.ibGBps ? { ibGBps: p.ib } : {}),
    ...(scale ? { stageScale: scale } : {}),
  };
}

/**
 * The project describing the chart (the CLI builds the same object for the same parameters):
 * the engine's costs per stage (the basis applied), the schedule's options.
 */
export function exportProject(r: EngineOk): Project {
  const { groupSize, epOverlap, memLimit } = r.schedule === 'custom' ? {} : scheduleParamsOf(r.params, r.schedule);
  const options = {
    ...(groupSize !== undefined ? { groupSize } : {}),
    ...(epOverlap ? { epOverlap } : {}),
    ...(memLimit !== undefined ? { memLimit } : {}),
  };
  // the detailed mode's per-stage costs come from the overlap model: the project records its settings
  const costs = r.detail ? { ...r.timeline.costs, perStage: undefined, memory: r.timeline.costs.memory } : r.timeline.costs;
  const p = makeProject(r.timeline.schedule, options, costs, overlapOf(r));
  return !r.detail && r.params.costUnit === 'us' ? { ...p, costUnit: 'us' } : p;
}

/** What the figure shows besides the main chart's parameters (the app's view). */
export interface ExportView {
  theme: ThemeName;
  palette: PaletteName;
  /** the visible time range to export, timeline units; null = the whole schedule */
  domain: [number, number] | null;
  microbatch: number | null;
  /** the comparison chart, drawn below */
  compare: EngineOk | null;
}

/** The app's default view: what `pipescope schedule --format svg` draws. */
export const DEFAULT_EXPORT_VIEW: Readonly<ExportView> = { theme: 'light', palette: 'cb', domain: null, microbatch: null, compare: null };

/** scheduleSvg's options for a view (nothing beyond the detailed costs for the default one). */
export function svgOptionsOf(r: EngineOk, view: ExportView): SvgOptions {
  const o: SvgOptions = {};
  if (r.detail) o.detail = r.detail;
  else if (r.params.costUnit === 'us') o.timeUnit = 'us';
  if (view.theme !== 'light') o.theme = view.theme;
  if (view.palette !== 'cb') o.palette = view.palette;
  if (view.domain) o.domain = view.domain;
  if (view.microbatch !== null) o.microbatch = view.microbatch;
  // the limit per rank the chart marks its ops against (a typed limit, or the model's HBM budgets)
  const limits = (x: EngineOk) => rankLimitsOf(x, x.layout.ranks, x.params.memLimit);
  const memLimits = limits(r);
  if (memLimits) o.memLimits = memLimits;
  if (view.compare) {
    const c = view.compare;
    const cl = limits(c);
    o.compare = { timeline: c.timeline, ...(c.detail ? { detail: c.detail } : {}), ...(cl ? { memLimits: cl } : {}) };
  }
  return o;
}

/** A text export of the chart (everything except the PNG, which rasterises the SVG). */
export function exportText(kind: Exclude<ExportKind, 'png'>, r: EngineOk, view: ExportView = DEFAULT_EXPORT_VIEW): ExportFile {
  const project = exportProject(r);
  if (kind === 'svg')
    return { name: svgFileName(project), type: 'image/svg+xml', text: scheduleSvg(r.timeline, project, svgOptionsOf(r, view)) };
  const pieces = r.detail ? expandTimeline(r.timeline, r.detail).pieces : undefined;
  // costs typed in µs: the trace's ts are those µs and the figures and table say µs
  const micro = !!r.detail || r.params.costUnit === 'us';
  switch (kind) {
    case 'trace':
      return {
        name: svgFileName(project, 'trace.json'),
        type: 'application/json',
        text: traceJson(chromeTrace(r.timeline, { project, ...(pieces ? { pieces } : {}), ...(micro ? { usPerUnit: 1 } : {}) })),
      };
    case 'csv':
      return { name: svgFileName(project, 'csv'), type: 'text/csv', text: exportTorchCsv(r.timeline.schedule) };
    case 'table':
      return {
        name: svgFileName(project, 'ops.csv'),
        type: 'text/csv',
        text: opTableCsv(
          r.timeline,
          r.detail && pieces ? { model: overlapModelOf(r.params), commSms: r.detail.commSms, pieces } : undefined,
          micro ? 'us' : 'cost',
        ),
      };
    case 'project':
      return { name: svgFileName(project, 'pipescope.json'), type: 'application/json', text: `${projectJson(project)}\n` };
  }
}
