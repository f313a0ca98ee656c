/**
 * The files behind the app's Export menu, built from what the main chart shows (an EngineOk)
 * through the same interop renderers the CLI uses, so `Export SVG` at some parameters is
 * byte-identical to `pipescope schedule ... --format svg` at the same parameters and costs:
 * both describe the timeline with `makeProject(timeline.schedule, {}, timeline.costs)`.
 *
 * Detailed (overlap) mode: costs are µs from the overlap model, the project records the preset,
 * SM split, layer count and bandwidths, and SVG and trace carry every op's compute/comm pieces
 * (engine expandTimeline) — in the trace 1 unit = 1 µs. Pure; the DOM side is download.ts.
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
} from '../interop/index.ts';
import { overlapModelOf, type EngineOk } from './runEngine.ts';

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
  return {
    preset: p.hw,
    commSms: p.commSms,
    ...(p.layers !== model.layers.length ? { layers: p.layers } : {}),
    ...(p.nvlink !== model.hardware.nvlinkGBps ? { nvlinkGBps: p.nvlink } : {}),
    ...(p.ib !== model.hardware.ibGBps ? { ibGBps: p.ib } : {}),
  };
}

/** The project describing the chart (the CLI builds the same object for the same parameters). */
export function exportProject(r: EngineOk): Project {
  const p = makeProject(r.timeline.schedule, {}, r.timeline.costs, overlapOf(r));
  return !r.detail && r.params.costUnit === 'us' ? { ...p, costUnit: 'us' } : p;
}

/** A text export of the chart (everything except the PNG, which rasterises the SVG). */
export function exportText(kind: Exclude<ExportKind, 'png'>, r: EngineOk): ExportFile {
  const project = exportProject(r);
  const pieces = r.detail ? expandTimeline(r.timeline, r.detail).pieces : undefined;
  // costs typed in µs: the trace's ts are those µs and the figures and table say µs
  const micro = !!r.detail || r.params.costUnit === 'us';
  switch (kind) {
    case 'svg':
      return {
        name: svgFileName(project),
        type: 'image/svg+xml',
        text: scheduleSvg(r.timeline, project, pieces ? { pieces, timeUnit: 'µs' } : micro ? { timeUnit: 'µs' } : {}),
      };
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
