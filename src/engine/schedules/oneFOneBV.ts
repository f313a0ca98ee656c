/**
 * 1F1B on the V placement ("1f1b-v"): rank r holds stage r (chunk 0, down the V) and stage
 * 2P-1-r (chunk 1, back up), and runs full backwards (B) — the baseline of the controllable-memory
 * V-shape family before the backward is split into I and W.
 *
 * What it computes: rank r's order of F and B ops (global stage and micro-batch ids) for P ranks
 * and M micro-batches. The order depends on P and M only; costs only time it.
 *
 * How (sail-sg/zero-bubble-pipeline-parallelism main 39f2c18,
 * megatron/core/pipeline_parallel/zerobubble/scheduler/v1f1b.py: `create_whole_pattern`,
 * `schedule_by_pattern`, `schedule`, `transform_schedule`): every rank repeats a 6-slot pattern
 * of F and B of both chunks plus their W (the B's weight part, kept as a slot so the block has the
 * shape of the split-backward V schedules); the warm-up is compacted without raising the peak
 * in-flight count; the W slots are then dropped, so each B stands for B + W. Slot grid helpers are
 * shared with v-auto (vPatternGrid.ts). Independent TypeScript implementation checked op by op
 * against the reference's output (fixtures/golden/sail-budget/V1F1B_*).
 */
import type { Op } from '../types.ts';
import * as vPatternGridModule from './vPatternGrid.ts';
import type { Grid } from './vPatternGrid.ts';

// module-local aliases: tsx and vitest read imports through namespace getters, one call per read
// in the search's inner loops (the bundled app is unaffected)
const { B0, B1, EMPTY, F0, F1, PERIOD, W0, W1, clearInvalidIndex, gridToOps, repeatBlock } = vPatternGridModule;

/**
 * First-block slot (mod 6) of each of F0, F1, B1, B0, W1, W0 on every rank (`create_whole_pattern`):
 * forwards go down then up the V one slot per rank, backwards follow in the same zig-zag two
 * slots apart, with a 3-slot gap every third rank.
 */
function wholePattern(P: number): number[][] {
  const rows = Array.from({ length: P }, () => [0, 0, 0, 0, 0, 0]);
  let now = 0;
  for (let r = 0; r < P; r++) rows[r]![F0] = ++now;
  for (let i = 0; i < P; i++) rows[P - 1 - i]![F1] = ++now;
  now += 1;
  if (P % 3 === 0) now += 3;
  let cycle = (3 - ((P + 2) % 3)) % 3;
  const pairs = (row: number[], b: number, w: number) => {
    row[b] = now;
    row[w] = now + 1;
    now += 2;
    if (++cycle === 3) {
      cycle = 0;
      now += 3;
    }
  };
  for (let r = 0; r < P; r++) pairs(rows[r]!, B1, W1);
  for (let i = 0; i < P; i++) pairs(rows[P - 1 - i]!, B0, W0);
  return rows.map((row) => row.map((v) => v % PERIOD));
}

/**
 * `process_warmup_without_increasing_peak_mem` of v1f1b.py: scanning the grid column by column,
 * each op moves to the earliest free slot after its dependencies (its previous op of the same
 * class, the neighbour rank's matching op); a forward moves only as far as the in-flight count
 * stays below the grid's peak.
 */
function compactWarmUp(grid: Grid, M: number): void {
  const P = grid.length;
  const len = grid[0]!.length;
  let peak = 0;
  const mem = grid.map((row) => {
    const out = new Int32Array(len);
    let cur = 0;
    for (let i = 0; i < len; i++) {
      if (row[i] === F0 || row[i] === F1) cur++;
      if (row[i] === W0 || row[i] === W1) cur--;
      out[i] = cur;
      if (cur > peak) peak = cur;
    }
    return out;
  });
  // loc[r][n·6 + class] = column of the n-th op (1-based) of that class on rank r, -1 if not seen
  const loc = grid.map(() => new Int32Array((M + 2) * PERIOD).fill(-1));
  const count = grid.map(() => new Int32Array(PERIOD));
  const at = (r: number, n: number, kind: number) => loc[r]![n * PERIOD + kind]!;
  for (let i = 0; i < len; i++) {
    for (let r = 0; r < P; r++) {
      const row = grid[r]!;
      const c = row[i]!;
      if (c === EMPTY) continue;
      const n = ++count[r]![c]!;
      let pos = -1;
      if (n > 1) pos = at(r, n - 1, c);
      if (c === W1) pos = Math.max(pos, at(r, n, B1));
      if (c === W0) pos = Math.max(pos, at(r, n, B0));
      if (c === F0 && r > 0) pos = Math.max(pos, at(r - 1, n, F0));
      if (c === F1) pos = Math.max(pos, r !== P - 1 ? at(r + 1, n, F1) : at(r, n, F0));
      // B of chunk 1 follows the previous rank's whole backward (B and W stay together here).
      if (c === B1) pos = Math.max(pos, r !== 0 ? at(r - 1, n, W1) : at(r, n, F1));
      if (c === B0) pos = Math.max(pos, r !== P - 1 ? at(r + 1, n, W0) : at(r, n, W1));
      pos += 1;
      while (row[pos] !== EMPTY && pos < i) pos++;
      if (c === B0 || c === B1) {
        while (pos < i && (row[pos] !== EMPTY || row[pos + 1] !== EMPTY)) pos++;
      }
      if (pos === i) {
        loc[r]![n * PERIOD + c] = i;
        continue;
      }
      if (c !== F0 && c !== F1) {
        row[pos] = c;
        row[i] = EMPTY;
        if (c === W0 || c === W1) for (let j = pos; j < i; j++) mem[r]![j]!--;
        loc[r]![n * PERIOD + c] = pos;
        continue;
      }
      let place = i;
      while (place > pos && mem[r]![place - 1]! < peak) place--;
      while (place < i && row[place] !== EMPTY) place++;
      if (place === i) {
        loc[r]![n * PERIOD + c] = i;
        continue;
      }
      row[place] = c;
      row[i] = EMPTY;
      for (let j = place; j < i; j++) mem[r]![j]!++;
      loc[r]![n * PERIOD + c] = place;
    }
  }
}

/** Rank r's 1F1B-on-V order: F and full B ops of stages r and 2P-1-r. */
export function oneFOneBVOrder(ranks: number, microbatches: number): Op[][] {
  const P = ranks;
  const M = microbatches;
  const grid = repeatBlock(wholePattern(P), 4 * P + M + 1);
  clearInvalidIndex(grid, M);
  compactWarmUp(grid, M);
  // schedule_by_pattern keeps the first M of each kind; the W slots then go (B stands for B + W).
  for (const row of grid) {
    const seen = new Int32Array(PERIOD);
    for (let i = 0; i < row.length; i++) {
      const c = row[i]!;
      if (c === EMPTY) continue;
      if (seen[c]! >= M || c === W0 || c === W1) row[i] = EMPTY;
      else seen[c]!++;
    }
  }
  return gridToOps(grid, 'B');
}
