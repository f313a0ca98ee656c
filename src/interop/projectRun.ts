/**
 * Recomputes the view a project describes (the "Import project/SVG" button and the CLI): the op
 * order (a named schedule, or the project's custom CSV), then the timeline — plain costs, or in
 * the detailed overlap mode costs from the preset's pieces at the SM split, layer count and
 * bandwidths (times then in µs).
 */
import { buildSchedule, simulate } from '../engine/index.ts';
import type { Schedule, Timeline } from '../engine/index.ts';
import { detailedTimeline, getPreset, withHardware, withLayers } from '../engine/overlap/index.ts';
import type { DetailedTimeline } from '../engine/overlap/index.ts';
import { ImportError } from './errors.ts';
import type { Project } from './projectFile.ts';
import { scheduleFromTorchCsv } from './torchCsv.ts';

/** The op order of a project (custom schedules from their embedded CSV). */
export function projectSchedule(p: Project): Schedule {
  if (p.params.schedule === 'custom') {
    if (p.customCsv === undefined) throw new ImportError('a custom project needs its "customCsv"');
    return scheduleFromTorchCsv(p.customCsv);
  }
  const { schedule, ranks, microbatches, stagesPerRank, ...options } = p.params;
  return buildSchedule({ schedule, ranks, microbatches, stagesPerRank, ...options }, p.costs);
}

/** The timeline of a project; a DetailedTimeline (µs, with pieces) when it has overlap settings. */
export function projectTimeline(p: Project): Timeline | DetailedTimeline {
  if (!p.overlap) return simulate(projectSchedule(p), p.costs);
  const preset = getPreset(p.overlap.preset);
  const { layers, nvlinkGBps, ibGBps } = p.overlap;
  const layered = layers === undefined ? preset.model : withLayers(preset.model, layers);
  const model =
    nvlinkGBps === undefined && ibGBps === undefined
      ? layered
      : withHardware(layered, { ...(nvlinkGBps === undefined ? {} : { nvlinkGBps }), ...(ibGBps === undefined ? {} : { ibGBps }) });
  const scale = p.overlap.stageScale;
  if (p.params.schedule === 'custom') return detailedTimeline(projectSchedule(p), model, p.overlap.commSms, scale);
  const { schedule, ranks, microbatches, stagesPerRank, ...options } = p.params;
  return detailedTimeline({ schedule, ranks, microbatches, stagesPerRank, ...options }, model, p.overlap.commSms, scale);
}

export function isDetailed(t: Timeline): t is DetailedTimeline {
  return 'pieces' in t && 'detail' in t;
}
