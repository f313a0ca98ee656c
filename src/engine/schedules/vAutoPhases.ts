/**
 * The phase rebuilds of the controllable-memory V-shape search (v-auto) on unit-slot grids
 * (vPatternGrid.ts): the warm-up and cool-down reshaped as the paper draws them, W released when
 * memory is under-used, W relabelled oldest-first, surplus micro-batches dropped, and the final
 * correctness check. Qi et al., "Pipeline Parallelism with Controllable Memory" (arXiv 2405.15362)
 * §3.3 and Appendix A; reference sail-sg/zero-bubble-pipeline-parallelism main 39f2c18,
 * scheduler/v_auto_schedule.py (`process_warmup_without_increasing_peak_mem`, `process_cooldown`,
 * `release_w_in_warmup_if_under_memory`, `relabel_w`, `remove_redundancy`, `check_correctness`),
 * written anew. The passes keep the reference's quirks (Python's negative indices) because the op
 * orders must come out identical; where the reference would stop with an assertion or an index
 * error, `VAutoFailure` is thrown and the search stops the same way.
 */
import * as vPatternGridModule from './vPatternGrid.ts';
import type { Grid } from './vPatternGrid.ts';
import * as vAutoSqueezeModule from './vAutoSqueeze.ts';

// module-local aliases: tsx and vitest read imports through namespace getters, one call per read
// in the search's inner loops (the bundled app is unaffected)
const { B0, B1, EMPTY, F0, F1, PERIOD, W0, W1, fail, gridLength, isW, peakInFlight, pyIndex, rowPeak } = vPatternGridModule;
const { squeeze } = vAutoSqueezeModule;

/**
 * Rebuilds each rank's warm-up (everything before its first chunk-0 backward) in the paper's
 * shape (`process_warmup_without_increasing_peak_mem`): with peak = min(grid peak, 2P), rank i
 * takes #f = min(i + 1, ⌊peak/2⌋) chunk-1 forwards and #F = peak − #f chunk-0 forwards; 2(P−1−i)
 * leading F slots, then (F, f) pairs, then (B, W, f-or-F) triples until the counted ops are placed.
 */
export function processWarmUp(grid: Grid, M: number): void {
  const P = grid.length;
  const peak = Math.min(peakInFlight(grid), 2 * P);
  for (let i = 0; i < P; i++) {
    const row = grid[i]!;
    const wantFF = Math.min(i + 1, Math.floor(peak / 2), M);
    const wantF = Math.min(peak - wantFF, M);
    let cF = 0;
    let cFF = 0;
    let cB = 0;
    let cW = 0;
    for (let j = 0; j < row.length; j++) {
      const c = row[j]!;
      if (c === B0) break;
      if (c === F0) cF++;
      else if (c === F1) cFF++;
      else if (c === B1) cB++;
      else if (c === W1) cW++;
      else if (!(c === EMPTY)) fail('a chunk-0 weight gradient before the first chunk-0 backward');
      row[j] = EMPTY;
    }
    let j = i;
    let uF = 0;
    let uFF = 0;
    let uB = 0;
    let uW = 0;
    const put = (c: number) => (row[pyIndex(row, j)] = c);
    for (let k = 0; k < 2 * (P - 1 - i); k++) {
      if (uF < wantF && uF < cF) (put(F0), uF++);
      j++;
    }
    for (let k = 0; k < i + 1; k++) {
      if (uF < wantF && uF < cF) (put(F0), uF++);
      j++;
      if (uFF < wantFF && uFF < cFF) (put(F1), uFF++);
      j++;
    }
    while (uF < cF || uFF < cFF || uB < cB || uW < cW) {
      if (uB < cB) (put(B1), uB++);
      j++;
      if (uW < cW) (put(W1), uW++);
      j++;
      if (uFF < cFF) {
        if (!(uFF < uF)) fail('a chunk-1 forward before the chunk-0 forward that feeds it');
        (put(F1), uFF++);
      } else if (uF < cF) (put(F0), uF++);
      j++;
    }
  }
}

/**
 * Rebuilds the cool-down (`process_cooldown`): after the last chunk-1 forward, rank i keeps
 * #b = ⌈peak/2⌉ chunk-0 and #B = min(i + 1, peak − #b) chunk-1 backwards on a tight zig-zag
 * anchored at rank 0's last chunk-1 forward, drops the trailing W, then puts W back into the
 * first free slots after the rank's last remaining W (oldest backward first) and squeezes.
 */
export function processCooldown(grid: Grid, M: number): Grid {
  const P = grid.length;
  const peak = peakInFlight(grid);
  if (!(peak <= 2 * P)) fail(`peak ${peak} above 2P`);
  const maxBB = Math.min(Math.floor((peak + 1) / 2), M);
  const maxB = Math.min(peak - maxBB, M);
  let start = -1;
  for (let i = 0; i < P; i++) {
    const row = grid[i]!;
    let cB = 0;
    let cBB = 0;
    let cW = 0;
    let cWW = 0;
    let lastFF = -1;
    for (let j = row.length - 1; j >= 0; j--) {
      const c = row[j]!;
      if (c === F1 && lastFF === -1) lastFF = j;
      if (c === B1 && cB < i + 1 && cB < maxB) ((row[j] = EMPTY), cB++);
      if (c === B0 && cBB < maxBB) ((row[j] = EMPTY), cBB++);
    }
    for (let j = row.length - 1; j >= 0; j--) {
      const c = row[j]!;
      if (cW >= cB && cWW >= cBB && cW + cWW >= peak) break;
      if (c === W1) ((row[j] = EMPTY), cW++);
      if (c === W0) ((row[j] = EMPTY), cWW++);
    }
    if (i === 0) start = lastFF;
    for (let k = 0; k < cBB; k++) {
      const at = pyIndex(row, start - i + 2 * P - 2 * k);
      if (!(row[at] === EMPTY)) fail('cool-down slot already taken');
      row[at] = B0;
    }
    for (let k = 0; k < cB; k++) row[pyIndex(row, start + 1 + i - 2 * k)] = B1;
  }
  // put W back: after the last W left, each free slot takes the oldest backward's W
  const rows = grid.map((row) => {
    let owedW = 0;
    let owedWW = 0;
    let lastW = -1;
    for (let j = row.length - 1; j >= 0; j--) {
      if (isW(row[j]!)) {
        lastW = j;
        break;
      }
    }
    for (let j = 0; j < row.length; j++) {
      const c = row[j]!;
      if (c === B1) owedW++;
      else if (c === B0) owedWW++;
      else if (c === W1) owedW--;
      else if (c === W0) owedWW--;
      if (c === EMPTY && j > lastW) {
        if (owedW > 0) ((row[j] = W1), owedW--);
        else if (owedWW > 0) ((row[j] = W0), owedWW--);
      }
    }
    const w1 = Math.max(0, owedW);
    const w0 = Math.max(0, owedWW);
    if (w1 + w0 === 0) return row;
    // the owed W after the row's end, chunk 1's first (no spread of a typed array: it boxes every cell)
    const out = new Int8Array(row.length + w1 + w0);
    out.set(row);
    out.fill(W1, row.length, row.length + w1);
    out.fill(W0, row.length + w1);
    return out;
  });
  const len = Math.max(...rows.map((r) => r.length));
  return squeeze(
    rows.map((row) => (row.length === len ? row : padded(row, len))),
    M,
  );
}

function padded(row: Int8Array, len: number): Int8Array {
  const out = new Int8Array(len).fill(EMPTY);
  out.set(row);
  return out;
}

/**
 * With few micro-batches the warm-up under-uses memory (`release_w_in_warmup_if_under_memory`):
 * each rank moves its first W to the end until its own peak reaches `peak` (padding every row by
 * the spread between the highest and lowest rank peak).
 */
export function releaseWInWarmUp(grid: Grid, peakGiven: number): Grid {
  const len = gridLength(grid);
  const peaks = grid.map(rowPeak);
  const peak = peakGiven || Math.max(...peaks);
  const minPeak = Math.min(...peaks);
  return grid.map((row, i) => {
    const pad = new Int8Array(Math.max(0, peak - minPeak)).fill(EMPTY);
    let moved = 0;
    for (let j = 0; j < len; j++) {
      if (peaks[i]! + moved >= peak) break;
      if (isW(row[j]!)) {
        pad[moved++] = row[j]!;
        row[j] = EMPTY;
      }
    }
    const out = new Int8Array(len + pad.length);
    out.set(row);
    out.set(pad, len);
    return out;
  });
}

/** Re-labels every W slot with the W of the oldest backward still owing one (`relabel_w`). */
export function relabelW(grid: Grid, M: number): void {
  for (const row of grid) {
    const counts = new Int32Array(PERIOD);
    for (const c of row) if (c !== EMPTY) counts[c]!++;
    if (!counts.every((n) => n === M)) fail(`a rank does not hold ${M} ops of every class`);
    const queue: number[] = [];
    let head = 0;
    for (let j = 0; j < row.length; j++) {
      const c = row[j]!;
      if (c === B1) queue.push(W1);
      else if (c === B0) queue.push(W0);
      else if (isW(c)) {
        if (!(head < queue.length)) fail('a weight gradient before any backward');
        row[j] = queue[head++]!;
      }
    }
    if (!(head === queue.length)) fail('a backward without its weight gradient');
  }
}

/** Keeps the first M ops of each class on every rank (`remove_redundancy`). */
export function removeRedundancy(grid: Grid, M: number): void {
  for (const row of grid) {
    const seen = new Int32Array(PERIOD);
    for (let j = 0; j < row.length; j++) {
      const c = row[j]!;
      if (c === EMPTY) continue;
      if (seen[c]! >= M) row[j] = EMPTY;
      else seen[c]!++;
    }
  }
}

/**
 * `check_correctness`: M ops of every class on every rank, W after its backward, and every
 * cross-rank (or V-turn) input in an earlier slot.
 */
export function isCorrect(grid: Grid, M: number): boolean {
  const P = grid.length;
  const index = new Int32Array(P * M * PERIOD).fill(-1);
  for (let i = 0; i < P; i++) {
    const counts = new Int32Array(PERIOD);
    const row = grid[i]!;
    for (let j = 0; j < row.length; j++) {
      const c = row[j]!;
      if (c === EMPTY) continue;
      if (!(counts[c]! < M)) fail(`rank ${i} has more than ${M} ops of one class`);
      index[(counts[c]! * P + i) * PERIOD + c] = j;
      counts[c]!++;
    }
    if (!counts.every((n) => n === M)) return false;
  }
  const at = (mb: number, r: number, c: number) => index[(mb * P + r) * PERIOD + c]!;
  for (let i = 0; i < P; i++) {
    for (let mb = 0; mb < M; mb++) {
      for (let c = 0; c < PERIOD; c++) if (at(mb, i, c) === -1) return false;
      if (at(mb, i, B1) >= at(mb, i, W1) || at(mb, i, B0) >= at(mb, i, W0)) return false;
      if (i === 0) {
        if (at(mb, i, F1) >= at(mb, i, B1)) return false;
      } else if (i === P - 1) {
        if (at(mb, i, F0) >= at(mb, i, F1) || at(mb, i, B1) >= at(mb, i, B0)) return false;
      } else {
        if (at(mb, i - 1, F0) >= at(mb, i, F0) || at(mb, i - 1, B1) >= at(mb, i, B1)) return false;
        if (at(mb, i + 1, F1) >= at(mb, i, F1) || at(mb, i + 1, B0) >= at(mb, i, B0)) return false;
      }
    }
  }
  return true;
}
