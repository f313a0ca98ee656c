/**
 * Cost basis (docs/schedules.md §1.5): what a cost the user enters stands for.
 *
 * - `stage` (the CLI, a costs file): one op of one stage as the engine runs it — per chunk op for
 *   chunked schedules, per sequence split for Seq1F1B. Two schedules that split the model
 *   differently then run different models at the same numbers (ZB-V's 2P chunks each as large as
 *   a 1F1B stage: twice the model).
 * - `share` (the app's default): the work of one micro-batch through a rank's share of the model,
 *   1/P of its layers. Each schedule's op then costs what its part of that share is: a stage of a
 *   schedule with `modelParts` distinct parts holds P/modelParts of a share (two V chunks half
 *   each, v interleaved chunks 1/v, DualPipe's whole 1/P parts whose two directions share
 *   weights), and a Seq1F1B op processes 1/N of its micro-batch. Activation memory follows the same
 *   rule (a forward of a stage allocates P/modelParts of A, with A = one micro-batch through a
 *   share; memory.ts divides by the splits itself), so peaks in A compare across schedules.
 *
 * A per-stage list in the share basis has one entry per share (P entries, model depth order:
 * share k = layers k/P..(k+1)/P of the model); a stage takes the entry of the share its layers lie
 * in. `comm` is a transfer latency and is not scaled. Units: whatever the costs are in.
 */
import { resolveCosts, resolveStageCosts, type CostsFile, type StageValues } from './costs.ts';
import type { Costs, Topology } from './types.ts';

export type CostBasis = 'share' | 'stage';

/** The model part (0..modelParts−1, depth order) stage s runs: DualPipe's stage P+k is part k. */
function partOf(topo: Topology, s: number): number {
  return topo.modelParts === topo.numStages ? s : s % topo.modelParts;
}

/** Fraction of a rank's share (1/P of the model) the layers of one stage are: P / modelParts. */
export function stageShare(topo: Topology): number {
  return topo.rankStages.length / topo.modelParts;
}

/** Fraction of a share's cost for one micro-batch that one op takes: P / modelParts / seq splits. */
export function opShare(topo: Topology, seqSplits = 1): number {
  return stageShare(topo) / seqSplits;
}

/** The share (0..P−1) whose layers stage s lies in. */
export function shareOf(topo: Topology, s: number): number {
  const P = topo.rankStages.length;
  return Math.floor((partOf(topo, s) * P) / topo.modelParts);
}

/** Per-share values (a number, or one per share: length P) as one value per stage, times `factor`. */
function perStageOf(v: StageValues, topo: Topology, factor: number): number | number[] {
  if (!Array.isArray(v)) return typeof v === 'number' ? v * factor : v;
  const P = topo.rankStages.length;
  if (v.length !== P) return v; // left for resolveStageCosts to reject with its own message
  return Array.from({ length: topo.numStages }, (_, s) => {
    const x = v[shareOf(topo, s)];
    return typeof x === 'number' ? x * factor : x;
  });
}

/**
 * A costs file in the share basis as the engine's per-stage costs file on `topo` (lists of length
 * S, or scalars): op costs × opShare, memory × stageShare (default memory F = stageShare, so peaks
 * count A of a share). Values that are not numbers pass through for resolveStageCosts to reject.
 */
export function shareToStageFile(file: CostsFile, topo: Topology, seqSplits = 1): CostsFile {
  const t = opShare(topo, seqSplits);
  const m = stageShare(topo);
  const out: CostsFile = {};
  for (const key of ['F', 'I', 'W', 'B', 'FB'] as const) {
    const v = file[key];
    if (v !== undefined) out[key] = perStageOf(v, topo, t);
  }
  if (file.comm !== undefined) out.comm = file.comm;
  const mem = file.memory ?? { F: 1 };
  out.memory = {};
  for (const key of ['F', 'I', 'W'] as const) {
    const v = mem[key];
    if (v !== undefined) out.memory[key] = perStageOf(v, topo, m);
  }
  return out;
}

/** Whether a costs file lists any value per stage (else every stage costs the same). */
export function hasStageLists(file: CostsFile): boolean {
  const lists = [file.F, file.I, file.W, file.B, file.FB, file.memory?.F, file.memory?.I, file.memory?.W];
  return lists.some((v) => Array.isArray(v));
}

/**
 * A memory limit per rank in A of the basis as the generator's own unit: zb-auto takes the
 * memory model's unit (A of the basis, as memory is converted alike); v-auto whole V-chunk
 * forward activations (one = stageShare of a share's A), rounded down.
 */
export function generatorMemLimit(schedule: string, limit: number, topo: Topology, basis: CostBasis): number {
  if (schedule !== 'v-auto') return limit;
  const perChunk = basis === 'share' ? stageShare(topo) : 1;
  return Math.max(1, Math.floor(limit / perChunk + 1e-9));
}

/** The scalar costs of a file without lists (numbers only), for the engine's uniform path. */
function scalarsOf(file: CostsFile): Partial<Costs> {
  const out: Partial<Costs> = {};
  for (const key of ['F', 'I', 'W', 'B', 'FB', 'comm'] as const) {
    const v = file[key];
    if (v !== undefined) out[key] = v as number;
  }
  return out;
}

/**
 * The engine's costs for a costs file in a basis on `topo` (the app's one entry point). Without
 * per-stage lists the costs stay scalar (the closed forms apply); in the share basis they carry
 * the memory of the basis (A of a share per stage). Throws ScheduleError like resolveCosts and
 * resolveStageCosts (fields `perStage`, `memory`, or the cost key of a scalar).
 */
export function resolveBasisCosts(file: CostsFile, topo: Topology, basis: CostBasis, seqSplits = 1): Costs {
  const stageFile = basis === 'share' ? shareToStageFile(file, topo, seqSplits) : file;
  const lists = hasStageLists(file);
  if (!lists && stageFile.memory === undefined) return resolveCosts(scalarsOf(stageFile));
  const full = resolveStageCosts(stageFile, topo);
  if (lists) return full;
  const uniform = resolveCosts(scalarsOf(stageFile));
  return full.memory ? { ...uniform, memory: full.memory } : uniform;
}
