/**
 * The pipescope project file (docs/interop.md §7 "JSON project file", docs/style.md E): a versioned JSON
 * object with everything needed to recompute a view — schedule parameters, op costs (in cost
 * units; µs in the detailed overlap mode, or when `costUnit` is "us"), optional overlap settings and, for an imported custom
 * schedule, its op order as a torch `compute_only` CSV. Exported SVGs embed the same object in
 * `<metadata id="pipescope-project">`, so an SVG re-opens too.
 *
 * Parsing validates field by field and throws an ImportError naming the first bad field; the
 * caller's current view is never touched by a failed parse.
 *
 * Version 2 (written only when used) adds `stageCosts` (per-stage costs and memory as a CLI costs
 * file), the schedule's options in `params` and `overlap.stageScale` (projectStages.ts). Costs are
 * per stage as the engine ran them (docs/schedules.md §1.5); version 1 projects open as before.
 */
import {
  COST_KEYS,
  SCHEDULE_NAMES,
  ScheduleError,
  isScheduleName,
  resolveCosts,
  scheduleTopology,
  validateParams,
} from '../engine/index.ts';
import type { Costs, Schedule, ScheduleName, Topology } from '../engine/index.ts';
import {
  OPTION_KEYS,
  fullCosts,
  onlyKeys,
  overlapJson,
  optionsOf,
  parseOverlap,
  stageCostsFile,
  wholeNumber,
  withStageCosts,
  type ProjectOptions,
} from './projectStages.ts';
export { stageCostsFile } from './projectStages.ts';
import { ImportError, quote } from './errors.ts';
import { checkImportText, parseImportJson } from './limits.ts';
import { exportTorchCsv, scheduleFromTorchCsv } from './torchCsv.ts';

export const PROJECT_FORMAT = 'pipescope-project';
export const PROJECT_VERSION = 2;
/** what a project without per-stage costs or options is written as (any reader since the first opens it) */
const VERSION_1 = 1;
export const GENERATOR = 'pipescope';
/** id of the SVG `<metadata>` element holding the project JSON */
export const SVG_METADATA_ID = 'pipescope-project';

export interface ProjectParams {
  schedule: ScheduleName | 'custom';
  /** pipeline ranks P */
  ranks: number;
  /** micro-batches per step M */
  microbatches: number;
  /** local stages per rank (normalised: 1, 2 or the interleaving factor) */
  stagesPerRank: number;
  /** the schedule's options, when it takes them (engine ScheduleParams) */
  seqSplits?: number;
  groupSize?: number;
  epOverlap?: boolean;
  memLimit?: number | number[];
}

/** The options a project's params may carry, as the engine names them. */

/** The detailed overlap mode (docs/overlap.md): preset pieces at an SM split. */
export interface OverlapSettings {
  /** preset id (engine/overlap PRESETS) */
  preset: string;
  /** SMs given to communication kernels, 1..N-1 */
  commSms: number;
  /** MoE layers per stage chunk; absent = the preset's */
  layers?: number;
  /** usable NVLink / InfiniBand bandwidth per GPU, GB/s; absent = the preset's */
  nvlinkGBps?: number;
  ibGBps?: number;
  /** per global stage, the factor on every layer piece (engine overlap/detailed.ts); absent = 1 */
  stageScale?: number[];
}

export interface Project {
  format: typeof PROJECT_FORMAT;
  version: 1 | typeof PROJECT_VERSION;
  generator: string;
  params: ProjectParams;
  /** the engine's costs: scalars, and per-stage lists and memory (written as `stageCosts`) */
  costs: Costs;
  overlap?: OverlapSettings;
  /** "us" when the (plain-mode) costs were given in µs; absent = unitless cost units */
  costUnit?: 'us';
  /** custom schedules only: the per-rank op order as a torch compute_only CSV */
  customCsv?: string;
}

/** A project for a named schedule or a custom one (from its Schedule), normalised. */
export function makeProject(
  schedule: ScheduleName | Schedule,
  params: { ranks?: number; microbatches?: number; stagesPerRank?: number } & ProjectOptions,
  costs: Partial<Costs>,
  overlap?: OverlapSettings,
): Project {
  const base = { format: PROJECT_FORMAT, version: PROJECT_VERSION, generator: GENERATOR } as const;
  const c = fullCosts(costs);
  const o = overlap ? { overlap: { ...overlap } } : {};
  if (typeof schedule === 'object') {
    const { name, ranks, microbatches, stagesPerRank } = schedule;
    const opts = optionsOf({ ...params, ...(schedule.seqSplits !== undefined ? { seqSplits: schedule.seqSplits } : {}) });
    if (name !== 'custom') return { ...base, params: { schedule: name, ranks, microbatches, stagesPerRank, ...opts }, costs: c, ...o };
    return {
      ...base,
      params: { schedule: 'custom', ranks, microbatches, stagesPerRank },
      costs: c,
      ...o,
      customCsv: exportTorchCsv(schedule),
    };
  }
  const p = validateParams({
    schedule,
    ranks: params.ranks ?? NaN,
    microbatches: params.microbatches ?? NaN,
    stagesPerRank: params.stagesPerRank,
    ...optionsOf(params),
  });
  return {
    ...base,
    params: { schedule: p.schedule, ranks: p.ranks, microbatches: p.microbatches, stagesPerRank: p.stagesPerRank, ...optionsOf(p) },
    costs: c,
    ...o,
  };
}

/** Stable JSON text (fixed key order) so equal projects give equal files. */
export function projectJson(p: Project, indent = 2): string {
  const { format, version, generator, params, costs, costUnit, overlap, customCsv } = p;
  const stageCosts = stageCostsFile(costs);
  const opts = optionsOf(params);
  const v2 = stageCosts !== undefined || Object.keys(opts).length > 0 || overlap?.stageScale !== undefined;
  const ordered = {
    format,
    version: v2 ? version : VERSION_1,
    generator,
    params: {
      schedule: params.schedule,
      ranks: params.ranks,
      microbatches: params.microbatches,
      stagesPerRank: params.stagesPerRank,
      ...opts,
    },
    costs: Object.fromEntries(COST_KEYS.map((k) => [k, costs[k]])),
    ...(stageCosts ? { stageCosts } : {}),
    ...(costUnit ? { costUnit } : {}),
    ...(overlap ? { overlap: overlapJson(overlap) } : {}),
    ...(customCsv === undefined ? {} : { customCsv }),
  };
  return JSON.stringify(ordered, null, indent);
}

// ---------------------------------------------------------------------------------------------
// Parsing

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function parseParams(v: unknown): ProjectParams {
  if (!isObj(v)) throw new ImportError('the project has no "params" object (schedule, ranks, microbatches)');
  onlyKeys(v, ['schedule', 'ranks', 'microbatches', 'stagesPerRank', ...OPTION_KEYS], 'params');
  const name = v.schedule;
  if (typeof name !== 'string' || !(isScheduleName(name) || name === 'custom')) {
    throw new ImportError(`params.schedule must be one of ${SCHEDULE_NAMES.join(', ')}, custom; got ${quote(String(name))}`);
  }
  const ranks = wholeNumber(v, 'ranks', 'params');
  const microbatches = wholeNumber(v, 'microbatches', 'params');
  const stagesPerRank = wholeNumber(v, 'stagesPerRank', 'params');
  if (ranks === undefined || microbatches === undefined) throw new ImportError('params needs "ranks" and "microbatches"');
  if (name === 'custom') return { schedule: 'custom', ranks, microbatches, stagesPerRank: stagesPerRank ?? 1 };
  const opts: ProjectOptions = {};
  for (const k of OPTION_KEYS) if (v[k] !== undefined) (opts as Record<string, unknown>)[k] = v[k];
  try {
    const p = validateParams({ schedule: name, ranks, microbatches, stagesPerRank, ...opts });
    return { schedule: p.schedule, ranks: p.ranks, microbatches: p.microbatches, stagesPerRank: p.stagesPerRank, ...optionsOf(opts) };
  } catch (e) {
    if (e instanceof ScheduleError) throw new ImportError(`params: ${e.message}`);
    throw e;
  }
}

function parseCosts(v: unknown): Costs {
  if (v === undefined) return resolveCosts();
  if (!isObj(v)) throw new ImportError('project "costs" must be an object like {"F": 1, "I": 1, "W": 1}');
  onlyKeys(v, COST_KEYS, 'costs');
  try {
    return resolveCosts(v as Partial<Costs>);
  } catch (e) {
    if (e instanceof ScheduleError) throw new ImportError(`costs: ${e.message}`);
    throw e;
  }
}

/** Validates a parsed JSON value as a project. */
export function validateProject(data: unknown): Project {
  if (!isObj(data)) throw new ImportError('a project file must be a JSON object with "format": "pipescope-project"');
  if (data.format !== PROJECT_FORMAT) {
    if ('traceEvents' in data)
      throw new ImportError('this is a trace (it has "traceEvents"), not a project file; import it as a profiler trace');
    throw new ImportError(`this JSON is not a pipescope project: "format" must be "${PROJECT_FORMAT}"; got ${quote(String(data.format))}`);
  }
  onlyKeys(data, ['format', 'version', 'generator', 'params', 'costs', 'stageCosts', 'costUnit', 'overlap', 'customCsv'], 'the project');
  if (data.costUnit !== undefined && data.costUnit !== 'us')
    throw new ImportError(`project "costUnit" is "us" (costs in µs) or absent (cost units); got ${quote(String(data.costUnit))}`);
  const version = data.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new ImportError(`project "version" must be a positive whole number; got ${quote(String(version))}`);
  if (version > PROJECT_VERSION)
    throw new ImportError(`the project is version ${version}, made by a newer pipescope; this one reads version ${PROJECT_VERSION}`);
  const params = parseParams(data.params);
  let costs = parseCosts(data.costs);
  const overlap = parseOverlap(data.overlap);
  const topoOf = (): Topology => {
    if (params.schedule !== 'custom') {
      const { schedule, ranks, microbatches, stagesPerRank, ...opts } = params;
      return scheduleTopology({ schedule, ranks, microbatches, stagesPerRank, ...opts });
    }
    if (typeof data.customCsv !== 'string')
      throw new ImportError('a custom schedule needs its op order in "customCsv" (torch pipelining CSV text)');
    try {
      return scheduleFromTorchCsv(data.customCsv).topology;
    } catch (e) {
      throw new ImportError(`customCsv: ${(e as Error).message}`);
    }
  };
  if (data.stageCosts !== undefined) costs = withStageCosts(costs, data.stageCosts, topoOf());
  if (overlap?.stageScale && overlap.stageScale.length !== topoOf().numStages)
    throw new ImportError(`overlap.stageScale lists ${overlap.stageScale.length} factors; the schedule runs ${topoOf().numStages} stages`);
  const project: Project = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    generator: typeof data.generator === 'string' ? data.generator.slice(0, 100) : GENERATOR,
    params,
    costs,
    ...(data.costUnit === 'us' ? { costUnit: 'us' as const } : {}),
    ...(overlap ? { overlap } : {}),
  };
  if (params.schedule !== 'custom') {
    if (data.customCsv !== undefined) throw new ImportError('"customCsv" is only allowed when params.schedule is "custom"');
    return project;
  }
  if (typeof data.customCsv !== 'string')
    throw new ImportError('a custom schedule needs its op order in "customCsv" (torch pipelining CSV text)');
  let s: Schedule;
  try {
    s = scheduleFromTorchCsv(data.customCsv);
  } catch (e) {
    throw new ImportError(`customCsv: ${(e as Error).message}`);
  }
  if (s.ranks !== params.ranks || s.microbatches !== params.microbatches) {
    throw new ImportError(
      `customCsv has ${s.ranks} ranks and ${s.microbatches} micro-batches but params say ${params.ranks} and ${params.microbatches}`,
    );
  }
  return { ...project, params: { ...params, stagesPerRank: s.stagesPerRank }, customCsv: data.customCsv };
}

/** Parses a project JSON text. */
export function parseProject(text: string): Project {
  return validateProject(parseImportJson(text, 'the project file'));
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Undoes XML escaping (named and numeric entities) of the metadata text. */
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (all, e: string) => {
    if (e[0] !== '#') return ENTITIES[e];
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

/** The project embedded in a pipescope SVG's `<metadata id="pipescope-project">`. */
export function projectFromSvg(svg: string): Project {
  checkImportText(svg, 'the SVG file');
  const open = svg.indexOf(`<metadata id="${SVG_METADATA_ID}"`);
  const start = open < 0 ? -1 : svg.indexOf('>', open);
  const end = start < 0 ? -1 : svg.indexOf('</metadata>', start);
  if (end < 0)
    throw new ImportError('this SVG has no pipescope parameters (it was not exported by pipescope, or an editor removed its <metadata>)');
  let body = svg.slice(start + 1, end).trim();
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(body);
  body = cdata ? cdata[1] : unescapeXml(body);
  try {
    return parseProject(body);
  } catch (e) {
    throw new ImportError(`the SVG's embedded parameters are unreadable: ${(e as Error).message}`);
  }
}

/** A project from either a project JSON or a pipescope SVG (sniffed from the first character). */
export function importProjectText(text: string): Project {
  checkImportText(text, 'the file');
  return text.trimStart().startsWith('<') ? projectFromSvg(text) : parseProject(text);
}
