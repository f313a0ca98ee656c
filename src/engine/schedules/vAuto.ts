/**
 * v-auto: the controllable-memory V-shape family searched over building blocks under a memory
 * limit (Qi et al., "Pipeline Parallelism with Controllable Memory", arXiv 2405.15362, §3 and
 * Appendix A).
 *
 * What it computes: for P ranks in the V layout (rank r holds stages r and 2P−1−r), M
 * micro-batches, scalar op costs F, I (backward for input), W and comm, and a limit of `maxMem`
 * in-flight forward activations per rank (one V chunk's forward = 1), rank r's order of F, I and
 * W ops. Every building block of the family — a first-rank pattern of the four op classes in 6
 * slots, two uniform offsets and the rank where the second takes over — is repeated, squeezed and
 * reordered (vAutoSqueeze.ts, vAutoPhases.ts); blocks whose peak exceeds the limit (or 2P)
 * are dropped, and of the rest the schedule with the smallest longest rank span (first F start →
 * last W end, timed with the costs) wins, the first one found on ties. Where no block fits, there is no schedule (the
 * reference then fails on `None`); `VAutoFailure` reports where the reference itself would stop.
 *
 * Source: sail-sg/zero-bubble-pipeline-parallelism main 39f2c18,
 * megatron/core/pipeline_parallel/zerobubble/scheduler/v_auto_schedule.py (`schedule`,
 * `get_building_block`, `fill_w_in_building_block`, `schedule_by_building_block`,
 * `evaluate_schedule`, `transform_schedule`), written anew and checked op by op against its output
 * (fixtures/golden/sail-budget/VAuto_*); `gridTimes` is its own timing (`times_own`).
 *
 * Cost: 60 first-rank patterns × 15 offset pairs × (P−1) switch ranks blocks at most, each
 * O(P·(4P + M)) slots plus the reorder scans.
 */
import { ScheduleError } from '../errors.ts';
import type { Op } from '../types.ts';
import * as vPatternGridModule from './vPatternGrid.ts';
import type { Grid } from './vPatternGrid.ts';
import * as vAutoPhasesModule from './vAutoPhases.ts';
import * as vAutoSqueezeModule from './vAutoSqueeze.ts';

// module-local aliases: tsx and vitest read imports through namespace getters, one call per read
// in the search's inner loops (the bundled app is unaffected)
const { B0, B1, EMPTY, F0, F1, PERIOD, W0, W1, clearInvalidIndex, gridToOps, peakInFlight, repeatBlock, VAutoFailure } = vPatternGridModule;
const { isCorrect, processCooldown, processWarmUp, relabelW, releaseWInWarmUp, removeRedundancy } = vAutoPhasesModule;
const { reorderGreedily, squeeze } = vAutoSqueezeModule;

export interface VAutoCosts {
  F: number;
  I: number;
  W: number;
  comm: number;
}

/** Gives each backward's weight gradient the first free slot at or after it, mod 6 (`fill_w_in_building_block`). */
function fillW(pattern: number[]): number[] {
  const used = new Array<boolean>(PERIOD).fill(false);
  for (const v of pattern) if (v >= 0) used[v] = true;
  for (const [b, w] of [
    [B1, W1],
    [B0, W0],
  ] as const) {
    for (let j = 0; j < PERIOD; j++) {
      const pos = (pattern[b]! + j) % PERIOD;
      if (!used[pos]) {
        pattern[w] = pos;
        used[pos] = true;
        break;
      }
    }
  }
  return pattern;
}

/** First-rank patterns: chunk-0 forward at slot 0, the other three classes on distinct slots 1..5. */
function startingPatterns(): number[][] {
  const out: number[][] = [];
  for (let ff = 1; ff < PERIOD; ff++) {
    for (let b = 1; b < PERIOD; b++) {
      for (let bb = 1; bb < PERIOD; bb++) {
        if (ff === b || ff === bb || b === bb) continue;
        out.push(fillW([0, ff, b, bb, -1, -1]));
      }
    }
  }
  return out;
}

/** Uniform offsets [δF0, δF1, δB1, δB0] between consecutive ranks' blocks (paper §3.1). */
const OFFSETS = [1, 2, 3, 4, 5].map((d) => [d, -1, d, -1]);

/** Rank i+1's block = rank i's shifted by `offset0` for i < switchAt, else `offset1`; null on a collision (`get_building_block`). */
function buildingBlock(first: number[], offset0: number[], offset1: number[], switchAt: number, P: number): number[][] | null {
  const block = [first];
  for (let i = 0; i < P - 1; i++) {
    const last = block[i]!;
    const next = new Array<number>(PERIOD).fill(-1);
    const used = new Array<boolean>(PERIOD).fill(false);
    const offset = i < switchAt ? offset0 : offset1;
    for (let v = 0; v < offset.length; v++) {
      const pos = (last[v]! + offset[v]! + PERIOD) % PERIOD;
      if (used[pos]) return null;
      used[pos] = true;
      next[v] = pos;
    }
    block.push(fillW(next));
  }
  return block;
}

interface BlockResult {
  grid: Grid | null;
  peak: number;
}

/** Repeat, squeeze, reorder one building block (`schedule_by_building_block`, keep_stable_phase off). */
function scheduleBlock(P: number, M: number, block: number[][], maxMem: number): BlockResult {
  // extra micro-batches (at least 2P) keep the warm-up rebuild in its regime; removed later
  const Mr = Math.max(M, 2 * P);
  let grid = repeatBlock(block, 4 * P + Mr + 1);
  clearInvalidIndex(grid, Mr);
  let initPeak = peakInFlight(grid);
  if ((M === Mr && initPeak > maxMem) || initPeak > 2 * P) return { grid: null, peak: initPeak };
  grid = squeeze(grid, Mr);
  processWarmUp(grid, Mr);
  grid = squeeze(grid, Mr);
  let peak = peakInFlight(grid);
  if (peak > initPeak) return { grid: null, peak: initPeak };
  if (M < Mr) {
    removeRedundancy(grid, M);
    if (M <= P && 2 * M <= maxMem) grid = releaseWInWarmUp(grid, Math.min(2 * P, peak));
    grid = squeeze(grid, M);
    initPeak = peak = peakInFlight(grid);
    if (peak > maxMem) return { grid: null, peak };
  }
  grid = processCooldown(grid, M);
  reorderGreedily(grid, M);
  relabelW(grid, M);
  peak = peakInFlight(grid);
  if (peak > initPeak) return { grid: null, peak: initPeak };
  if (!isCorrect(grid, M)) return { grid: null, peak };
  return { grid, peak };
}

/**
 * The reference's own timing of a grid (`evaluate_schedule` / `transform_schedule`): an op ends
 * its cost after the later of its rank's previous op and its cross-rank input (+ comm); forwards
 * and backwards of chunk 0 / chunk 1 wait for the neighbouring rank's op of the same class (the
 * V turns are covered by each rank's order alone). Returns end[r][i] for the r-th rank's i-th op.
 */
export function gridTimes(grid: Grid, costs: VAutoCosts): Float64Array[] {
  return timeGrid(grid, costs).ends;
}

/** Op end times, and the search's score: the longest rank span (last W of either chunk − first F's end + F). */
function timeGrid(grid: Grid, costs: VAutoCosts): { ends: Float64Array[]; span: number } {
  const P = grid.length;
  // each rank's ops without the empty slots (a typed-array filter with a callback costs more than the timing)
  const rows = grid.map((row) => {
    let n = 0;
    for (let j = 0; j < row.length; j++) if (row[j] !== EMPTY) n++;
    const ops = new Int8Array(n);
    n = 0;
    for (let j = 0; j < row.length; j++) if (row[j] !== EMPTY) ops[n++] = row[j]!;
    return ops;
  });
  let M = 0;
  for (const row of rows) M = Math.max(M, row.length / PERIOD);
  // end time per (rank, class, micro-batch); NaN until known
  const end = new Float64Array(P * PERIOD * M).fill(NaN);
  const ends = rows.map((row) => new Float64Array(row.length));
  const pos = new Int32Array(P);
  const count = new Int32Array(P * PERIOD);
  // forwards F, backwards I, weight gradients W (both chunks alike)
  const cost = [costs.F, costs.F, costs.I, costs.I, costs.W, costs.W];
  let progress = true;
  while (progress) {
    progress = false;
    for (let r = 0; r < P; r++) {
      const row = rows[r]!;
      const out = ends[r]!;
      for (let at = pos[r]!; at < row.length; at++) {
        const c = row[at]!;
        const mb = count[r * PERIOD + c]!;
        let t = at > 0 ? out[at - 1]! : 0;
        const from = (c === F0 || c === B1) && r > 0 ? r - 1 : (c === F1 || c === B0) && r + 1 < P ? r + 1 : -1;
        if (from >= 0) {
          const dep = end[(from * PERIOD + c) * M + mb]!;
          if (Number.isNaN(dep)) break;
          t = Math.max(t, dep + costs.comm);
        }
        const e = t + cost[c]!;
        out[at] = e;
        end[(r * PERIOD + c) * M + mb] = e;
        count[r * PERIOD + c] = mb + 1;
        pos[r] = at + 1;
        progress = true;
      }
    }
  }
  if (pos.some((p, r) => p < rows[r]!.length)) throw new VAutoFailure('the grid has a dependency cycle');
  let span = 0;
  for (let r = 0; r < P; r++) {
    const firstF = end[(r * PERIOD + F0) * M]!;
    span = Math.max(end[(r * PERIOD + W1) * M + M - 1]! - firstF + costs.F, span);
    span = Math.max(end[(r * PERIOD + W0) * M + M - 1]! - firstF + costs.F, span);
  }
  return { ends, span };
}

/** The winning grid of the search, or null when no building block fits `maxMem`. */
export function vAutoGrid(ranks: number, microbatches: number, costs: VAutoCosts, maxMem: number): Grid | null {
  return searchBlocks(ranks, microbatches, costs, maxMem).best;
}

/** The search; also the lowest peak of a block turned down for exceeding `maxMem` (a limit worth trying). */
function searchBlocks(P: number, M: number, costs: VAutoCosts, maxMem: number): { best: Grid | null; lowestOver: number } {
  let best: Grid | null = null;
  let bestSpan = 0;
  let lowestOver = Infinity;
  // Different (pattern, offsets, switch rank) often give the same block (always when both
  // offsets are equal); a block's outcome depends on the block alone.
  const seen = new Map<string, BlockResult & { span: number }>();
  for (const first of startingPatterns()) {
    for (let i0 = 0; i0 < OFFSETS.length; i0++) {
      for (let i1 = 0; i1 <= i0; i1++) {
        for (let switchAt = 1; switchAt < P; switchAt++) {
          const block = buildingBlock(first, OFFSETS[i0]!, OFFSETS[i1]!, switchAt, P);
          if (block === null) continue;
          const key = block.join(';');
          let result = seen.get(key);
          if (result === undefined) {
            const r = scheduleBlock(P, M, block, Math.min(2 * P, maxMem));
            result = { ...r, span: r.grid === null ? 0 : timeGrid(r.grid, costs).span };
            seen.set(key, result);
          }
          const { grid, peak, span } = result;
          if (peak > 2 * P || peak > maxMem) {
            if (peak <= 2 * P) lowestOver = Math.min(lowestOver, peak);
            break;
          }
          if (grid === null) continue;
          if (best === null || span < bestSpan) {
            best = grid;
            bestSpan = span;
          }
        }
      }
    }
  }
  return { best, lowestOver };
}

/**
 * Rank r's v-auto order. Throws a ScheduleError when nothing fits the limit (the reference's "no
 * schedule") or when the reference's search stops with an assertion on this configuration.
 */
export function vAutoOrder(ranks: number, microbatches: number, costs: VAutoCosts, maxMem: number): Op[][] {
  return gridToOps(vAutoSearch(ranks, microbatches, costs, maxMem), 'I');
}

export function vAutoSearch(ranks: number, microbatches: number, costs: VAutoCosts, maxMem: number): Grid {
  const failure = (e: unknown) =>
    e instanceof VAutoFailure
      ? new ScheduleError({
          field: 'microbatches',
          message: `sail-sg's v_auto_schedule cannot schedule P=${ranks}, M=${microbatches} (its search stops: ${e.message})`,
        })
      : e;
  let found: { best: Grid | null; lowestOver: number };
  try {
    found = searchBlocks(ranks, microbatches, costs, maxMem);
  } catch (e) {
    throw failure(e);
  }
  if (found.best !== null) return found.best;
  // suggest the lowest peak a block reached, once a search under it has found a schedule
  let fits: number | undefined;
  if (Number.isFinite(found.lowestOver)) {
    try {
      if (vAutoGrid(ranks, microbatches, costs, found.lowestOver) !== null) fits = found.lowestOver;
    } catch {
      // no suggestion: the reference stops on that limit
    }
  }
  throw new ScheduleError({
    field: 'memLimit',
    message: `no V-shape schedule of P=${ranks}, M=${microbatches} keeps within ${maxMem} forward activations per rank; give it a larger memory limit${fits !== undefined ? `; ${fits} fits` : ''}`,
    ...(fits !== undefined ? { suggestion: fits } : {}),
  });
}
