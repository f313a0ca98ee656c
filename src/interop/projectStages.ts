/**
 * Parts of the project file (projectFile.ts): field helpers, the overlap settings, and what version 2
 * adds — the schedule's options, the
 * engine's per-stage costs and memory as a CLI costs file (docs/cli.md `--costs-file`, lists per
 * global stage), checked with the engine's own rules (resolveStageCosts) on the project's topology.
 */
import { ScheduleError, resolveCosts, resolveStageCosts } from '../engine/index.ts';
import type { Costs, CostsFile, ScheduleParams, Topology } from '../engine/index.ts';
import { PRESETS, getPreset, validateSplit } from '../engine/overlap/index.ts';
import { MAX_LAYERS } from '../engine/overlap/pieces.ts';
import { ImportError, quote } from './errors.ts';
import type { OverlapSettings } from './projectFile.ts';

/** The options a project's params may carry, as the engine names them. */
export type ProjectOptions = Pick<ScheduleParams, 'seqSplits' | 'groupSize' | 'epOverlap' | 'memLimit'>;
export const OPTION_KEYS = ['seqSplits', 'groupSize', 'epOverlap', 'memLimit'] as const;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

export function onlyKeys(o: Obj, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ImportError(`${where} has an unknown field ${quote(k)} (expected ${allowed.join(', ')})`);
  }
}

export function wholeNumber(o: Obj, key: string, where: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new ImportError(`${where}.${key} must be a whole number; got ${quote(JSON.stringify(v) ?? String(v))}`);
  return v;
}

export function parseOverlap(v: unknown): OverlapSettings | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) throw new ImportError('project "overlap" must be an object {"preset", "commSms", "layers"}');
  onlyKeys(v, ['preset', 'commSms', 'layers', 'nvlinkGBps', 'ibGBps', 'stageScale'], 'overlap');
  const ids = PRESETS.map((p) => p.id);
  if (typeof v.preset !== 'string' || !ids.includes(v.preset))
    throw new ImportError(`overlap.preset must be one of ${ids.join(', ')}; got ${quote(String(v.preset))}`);
  const commSms = wholeNumber(v, 'commSms', 'overlap');
  if (commSms === undefined) throw new ImportError('overlap needs "commSms" (SMs given to communication)');
  try {
    validateSplit(getPreset(v.preset).model.hardware, commSms);
  } catch (e) {
    throw new ImportError(`overlap.commSms: ${(e as Error).message}`);
  }
  const layers = wholeNumber(v, 'layers', 'overlap');
  if (layers !== undefined && (layers < 1 || layers > MAX_LAYERS))
    throw new ImportError(`overlap.layers must be 1..${MAX_LAYERS}; got ${layers}`);
  const bandwidth = (k: 'nvlinkGBps' | 'ibGBps') => {
    const b = v[k];
    if (b === undefined) return {};
    // same range as the app's bandwidth fields: a link that moves no bytes never finishes
    if (typeof b !== 'number' || !Number.isFinite(b) || b <= 0 || b > 1e6)
      throw new ImportError(`overlap.${k} must be a number of GB/s in (0, 1000000]; got ${quote(JSON.stringify(b) ?? String(b))}`);
    return { [k]: b };
  };
  const scale = v.stageScale;
  if (
    scale !== undefined &&
    (!Array.isArray(scale) ||
      scale.length === 0 ||
      scale.length > 2048 ||
      scale.some((k) => typeof k !== 'number' || !Number.isFinite(k) || k <= 0 || k > 1e6))
  )
    throw new ImportError('overlap.stageScale must be a list of positive numbers (one factor per stage, up to 1e6)');
  return {
    preset: v.preset,
    commSms,
    ...(layers === undefined ? {} : { layers }),
    ...bandwidth('nvlinkGBps'),
    ...bandwidth('ibGBps'),
    ...(scale === undefined ? {} : { stageScale: (scale as number[]).slice() }),
  };
}

/** The options that are set (epOverlap only when on). */
export function optionsOf(p: ProjectOptions): ProjectOptions {
  const out: ProjectOptions = {};
  if (p.seqSplits !== undefined) out.seqSplits = p.seqSplits;
  if (p.groupSize !== undefined) out.groupSize = p.groupSize;
  if (p.epOverlap) out.epOverlap = true;
  if (p.memLimit !== undefined) out.memLimit = Array.isArray(p.memLimit) ? p.memLimit.slice() : p.memLimit;
  return out;
}

/** Scalars with defaults filled; per-stage lists and memory kept as they are (already resolved). */
export function fullCosts(costs: Partial<Costs>): Costs {
  const c = resolveCosts({ F: costs.F, I: costs.I, W: costs.W, B: costs.B, FB: costs.FB, comm: costs.comm });
  if (costs.perStage) {
    const { F, I, W, B, FB } = costs.perStage;
    c.perStage = { F, I, W, B, ...(FB ? { FB } : {}) };
  }
  if (costs.memory) c.memory = costs.memory;
  return c;
}

/** The per-stage part of the costs as a CLI costs file (lists per global stage), or undefined. */
export function stageCostsFile(c: Costs): CostsFile | undefined {
  if (!c.perStage && !c.memory) return undefined;
  const out: CostsFile = {};
  if (c.perStage) {
    const { F, I, W, B, FB } = c.perStage;
    Object.assign(out, { F, I, W, B, ...(FB ? { FB } : {}) });
  }
  if (c.memory) out.memory = { F: c.memory.F, I: c.memory.I, W: c.memory.W };
  return out;
}

/** The project's per-stage costs on its topology, merged into its scalar costs (engine resolveStageCosts rules). */
export function withStageCosts(costs: Costs, file: unknown, topo: Topology): Costs {
  if (!isObj(file)) throw new ImportError('project "stageCosts" must be a costs file object like {"F": [1, 1.5], "memory": {"F": [1, 2]}}');
  try {
    const c = resolveStageCosts({ ...file, comm: costs.comm } as CostsFile, topo);
    const lists = ['F', 'I', 'W', 'B', 'FB'].some((k) => file[k] !== undefined);
    return { ...costs, ...(lists ? { perStage: c.perStage! } : {}), ...(c.memory ? { memory: c.memory } : {}) };
  } catch (e) {
    if (e instanceof ScheduleError) throw new ImportError(`stageCosts: ${e.message.replace(/^costs file:? ?/, '')}`);
    throw e;
  }
}

/** Overlap settings in a fixed key order (stable files). */
export function overlapJson(o: OverlapSettings): OverlapSettings {
  const opt = (k: 'layers' | 'nvlinkGBps' | 'ibGBps' | 'stageScale') => (o[k] === undefined ? {} : { [k]: o[k] });
  return { preset: o.preset, commSms: o.commSms, ...opt('layers'), ...opt('nvlinkGBps'), ...opt('ibGBps'), ...opt('stageScale') };
}
