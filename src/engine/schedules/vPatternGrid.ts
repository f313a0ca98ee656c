/**
 * Unit-slot grids of the V-shape building-block schedules (1f1b-v, v-auto), after Qi et al.,
 * "Pipeline Parallelism with Controllable Memory" (arXiv 2405.15362) §3 and the reference code
 * sail-sg/zero-bubble-pipeline-parallelism main 39f2c18, scheduler/v1f1b.py and
 * scheduler/v_auto_schedule.py (`init_repeated_schedule`, `clear_invalid_index`,
 * `transform_schedule`), written anew.
 *
 * A grid has one row per rank and one cell per unit time slot; a cell is empty or holds one op
 * class of the V layout: forward of chunk 0 (stage r, down the V) or chunk 1 (stage 2P-1-r, back
 * up), their backwards and their weight gradients. The reference writes the classes as the letters
 * F f B b W w; note that upper-case B and W belong to chunk 1 (their gradients flow down the ranks
 * like chunk 0's forward) and lower-case b and w to chunk 0.
 */
import type { Op, SimpleKind } from '../types.ts';

/** Op classes in the reference's letter order "FfBbWw" (also the index into a building block). */
export const F0 = 0; // F
export const F1 = 1; // f
export const B1 = 2; // B
export const B0 = 3; // b
export const W1 = 4; // W
export const W0 = 5; // w
export const EMPTY = -1;
export const PERIOD = 6;

export type Grid = Int8Array[];

/** `building[r][k]` = slot (0..5) of class k in rank r's block, or -1 if absent; later classes win a shared slot. */
export function repeatBlock(building: readonly (readonly number[])[], times: number): Grid {
  return building.map((pattern) => {
    const block = new Int8Array(PERIOD).fill(EMPTY);
    pattern.forEach((slot, k) => {
      if (slot >= 0) block[slot] = k;
    });
    const row = new Int8Array(PERIOD * times);
    for (let t = 0; t < times; t++) row.set(block, t * PERIOD);
    return row;
  });
}

/** Empties row `r` at `pos`, `pos + step·6`, ... while inside the row (`clear_invalid`). */
function clearFrom(grid: Grid, r: number, pos: number, step: 1 | -1): void {
  const row = grid[r]!;
  for (let p = pos; p >= 0 && p < row.length; p += step * PERIOD) row[p] = EMPTY;
}

/**
 * Keeps exactly M repetitions of every class on every rank (`clear_invalid_index`): walking the
 * classes F, f, B, b, each rank's first occurrence at or after a cursor that only moves forward
 * (ranks in pipeline order for F and B, reverse for f and b) starts its run of M; a backward's
 * weight gradient keeps the M repetitions after its own first occurrence.
 */
export function clearInvalidIndex(grid: Grid, M: number): void {
  const P = grid.length;
  let index = PERIOD;
  for (const kind of [F0, F1, B1, B0]) {
    const down = kind === F0 || kind === B1;
    for (let i = 0; i < P; i++) {
      const r = down ? i : P - 1 - i;
      const row = grid[r]!;
      for (let j = 0; j < PERIOD; j++) {
        if (row[index] === kind) {
          clearFrom(grid, r, index - PERIOD, -1);
          clearFrom(grid, r, index + PERIOD * M, 1);
          index += 1;
          if (kind === B1 || kind === B0) {
            const w = kind === B1 ? W1 : W0;
            for (let k = 0; k < PERIOD; k++) {
              if (row[index + k] === w) {
                clearFrom(grid, r, index + k - PERIOD, -1);
                clearFrom(grid, r, index + k + PERIOD * M, 1);
                break;
              }
            }
          }
          break;
        }
        index += 1;
      }
    }
  }
}

/** In-flight forwards per rank along the grid: F/f add one, W/w release one; the maximum over ranks. */
export function peakInFlight(grid: Grid): number {
  let peak = 0;
  for (const row of grid) peak = Math.max(peak, rowPeak(row));
  return peak;
}

export function rowPeak(row: Int8Array): number {
  let peak = 0;
  let mem = 0;
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (c === F0 || c === F1) mem++;
    else if (c === W0 || c === W1) mem--;
    if (mem > peak) peak = mem;
  }
  return peak;
}

/**
 * Reads each rank's ops off the grid in slot order (`transform_schedule`): class → stage (chunk 0
 * is stage r, chunk 1 stage 2P-1-r), micro-batches counted per class in order.
 * `backward` is the kind a B/b slot stands for: `I` (split backward) or `B` (full backward).
 */
export function gridToOps(grid: Grid, backward: 'I' | 'B'): Op[][] {
  const P = grid.length;
  const kinds: SimpleKind[] = ['F', 'F', backward, backward, 'W', 'W'];
  return grid.map((row, r) => {
    const stageOf = [r, 2 * P - 1 - r, 2 * P - 1 - r, r, 2 * P - 1 - r, r];
    const count = new Int32Array(PERIOD);
    const ops: Op[] = [];
    for (let i = 0; i < row.length; i++) {
      const c = row[i]!;
      if (c === EMPTY) continue;
      ops.push({ kind: kinds[c]!, stage: stageOf[c]!, microbatch: count[c]!++ });
    }
    return ops;
  });
}

/** Where the reference code would stop (an assertion or an index error): the search stops the same way. */
export class VAutoFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VAutoFailure';
  }
}

export const isForward = (c: number) => c === F0 || c === F1;
export const isW = (c: number) => c === W0 || c === W1;
/** classes whose dependency is the previous rank's op (chunk 0 forward, chunk 1 backward) */
export const isDown = (c: number) => c === F0 || c === B1;
/** classes whose dependency is the next rank's op (chunk 1 forward, chunk 0 backward) */
export const isUp = (c: number) => c === F1 || c === B0;

/** Python list indexing: negative indices count from the end; out of range is the reference's IndexError. */
export function pyIndex(row: Int8Array, i: number): number {
  const j = i < 0 ? i + row.length : i;
  if (j < 0 || j >= row.length) throw new VAutoFailure(`slot ${i} is outside a row of ${row.length}`);
  return j;
}

export function fail(what: string): never {
  throw new VAutoFailure(what);
}

export function gridLength(grid: Grid): number {
  const len = grid[0]!.length;
  if (!grid.every((row) => row.length === len)) fail('rows of different lengths');
  return len;
}
