/**
 * The two list-scheduling passes of the controllable-memory V-shape search (v-auto) on unit-slot
 * grids: squeeze (each rank's order kept, every op as early as its inputs allow) and the greedy
 * bubble fill that never raises the peak in-flight count. Qi et al., "Pipeline Parallelism with
 * Controllable Memory" (arXiv 2405.15362) §3.2; reference sail-sg/zero-bubble-pipeline-parallelism
 * main 39f2c18, scheduler/v_auto_schedule.py (`squeeze_without_change_order`,
 * `reorder_greedily_without_increasing_peak_mem`), written anew with the reference's quirks (a
 * last-slot table that is never refreshed) so the op orders come out identical.
 */
import * as vPatternGridModule from './vPatternGrid.ts';
import type { Grid } from './vPatternGrid.ts';

// module-local aliases: tsx and vitest read imports through namespace getters, one call per read
// in the search's inner loops (the bundled app is unaffected)
const { B0, B1, EMPTY, F0, F1, PERIOD, W1, fail, gridLength, isDown, isForward, isUp, isW, peakInFlight, pyIndex } = vPatternGridModule;

/**
 * List scheduling in unit slots that keeps each rank's order (`squeeze_without_change_order`):
 * column by column (chunk-0-forward-like classes walking the ranks down, the others up), each op
 * takes the first slot after its rank's previous op and after its cross-rank input.
 */
export function squeeze(grid: Grid, M: number): Grid {
  const P = grid.length;
  const len = gridLength(grid);
  // column-major copy: the walk below reads one column of every rank at a time
  const cols = new Int8Array(P * len);
  for (let i = 0; i < P; i++) {
    const row = grid[i]!;
    for (let j = 0; j < len; j++) cols[j * P + i] = row[j]!;
  }
  const out: Grid = grid.map(() => new Int8Array(len).fill(EMPTY));
  const count = new Int32Array(P * PERIOD);
  const index = new Int32Array(P * M * PERIOD).fill(-1);
  const next = new Int32Array(P);
  for (let j = 0; j < len; j++) {
    const col = j * P;
    for (let dir = 0; dir < 2; dir++) {
      for (let k = 0; k < P; k++) {
        const i = dir === 0 ? k : P - 1 - k;
        const c = cols[col + i]!;
        if (c === EMPTY) continue;
        const downward = c === F0 || c === B1 || c === W1;
        if (downward !== (dir === 0)) continue;
        const n = count[i * PERIOD + c]!;
        if (!(n < M)) fail(`rank ${i} has more than ${M} ops of one class`);
        let slot: number;
        if (isW(c) || (i === 0 && isDown(c)) || (i === P - 1 && isUp(c))) {
          if (i === 0 && c === B1 && index[(n * P + i) * PERIOD + F1]! < 0) fail('a backward before its forward at the V top');
          if (i === P - 1 && c === F1 && index[(n * P + i) * PERIOD + F0]! < 0) fail('a forward before its input at the V bottom');
          if (i === P - 1 && c === B0 && index[(n * P + i) * PERIOD + B1]! < 0) fail('a backward before its input at the V bottom');
          slot = next[i]!;
        } else {
          const from = isDown(c) ? i - 1 : i + 1;
          const input = index[(n * P + from) * PERIOD + c]!;
          if (input < 0) fail(`rank ${i} runs an op before its input from rank ${from}`);
          slot = Math.max(input + 1, next[i]!);
        }
        // slots are never negative here; past the row's end is the reference's IndexError
        if (slot >= len) pyIndex(out[i]!, slot);
        out[i]![slot] = c;
        count[i * PERIOD + c] = n + 1;
        index[(n * P + i) * PERIOD + c] = slot;
        next[i] = slot + 1;
      }
    }
  }
  let newLen = 0;
  for (let i = 0; i < P; i++) newLen = Math.max(newLen, next[i]!);
  return out.map((row) => row.slice(0, newLen));
}

/**
 * Fills bubbles (`reorder_greedily_without_increasing_peak_mem`): every empty slot, left to right
 * and rank by rank, takes the first later op of each class on the rank that is already runnable
 * there and does not raise the peak in-flight count. `lastAt` is computed once, as the reference
 * does.
 */
export function reorderGreedily(grid: Grid, M: number): void {
  const P = grid.length;
  const peak = peakInFlight(grid);
  const len = gridLength(grid);
  const lastAt = grid.map((row) => {
    const last = new Int32Array(PERIOD).fill(-1);
    for (let j = 0; j < row.length; j++) if (row[j] !== EMPTY) last[row[j]!] = j;
    return last;
  });
  const mem = new Int32Array(P);
  const count = grid.map(() => new Int32Array(PERIOD));
  const index = new Int32Array(P * M * PERIOD).fill(-1);
  const slotOf = (mb: number, r: number, c: number) => {
    if (!(mb < M)) fail(`rank ${r} has more than ${M} ops of one class`);
    return index[(mb * P + r) * PERIOD + c]!;
  };
  const record = (i: number, c: number, j: number) => {
    const n = count[i]![c]!;
    count[i]![c] = n + 1;
    if (!(n < M)) fail(`rank ${i} has more than ${M} ops of one class`);
    index[(n * P + i) * PERIOD + c] = j;
    if (isForward(c)) mem[i]!++;
    else if (isW(c)) mem[i]!--;
  };
  // The scan from an empty slot only ever tests the first op of each still-available class after
  // it, in slot order; keep each class's slots per rank with a cursor so those are found without
  // walking to the row's end. A moved op only leaves slots after the cursor (it goes to slot j).
  const slots = grid.map(slotsByClass);
  const cursor = grid.map(() => new Int32Array(PERIOD));
  const candPos = new Int32Array(PERIOD);
  const candCls = new Int32Array(PERIOD);
  for (let j = 0; j < len; j++) {
    for (let i = 0; i < P; i++) {
      const row = grid[i]!;
      if (row[j] !== EMPTY) {
        record(i, row[j]!, j);
        continue;
      }
      // classes whose (original) last slot lies ahead; their first op after j, in slot order
      let n = 0;
      for (let c = 0; c < PERIOD; c++) {
        if (!(lastAt[i]![c]! > j)) continue;
        const list = slots[i]![c]!;
        let at = cursor[i]![c]!;
        while (at < list.length && list[at]! <= j) at++;
        cursor[i]![c] = at;
        if (at === list.length) continue;
        let q = n++;
        for (; q > 0 && candPos[q - 1]! > list[at]!; q--) {
          candPos[q] = candPos[q - 1]!;
          candCls[q] = candCls[q - 1]!;
        }
        candPos[q] = list[at]!;
        candCls[q] = c;
      }
      // in-flight change over the slots after j, and its running peak, walked only as far as a
      // forward candidate needs (the peak before the candidate's slot)
      let memDelta = 0;
      let peakDelta = 0;
      let prevPeak = 0;
      let k = j;
      for (let q = 0; q < n; q++) {
        const target = candPos[q]!;
        const c = candCls[q]!;
        if (!runnable(c, i, j, count, slotOf, P)) continue;
        if (isForward(c)) {
          while (k < target) {
            k++;
            const x = row[k]!;
            if (x !== EMPTY && isForward(x)) memDelta++;
            else if (x !== EMPTY && isW(x)) memDelta--;
            prevPeak = peakDelta;
            peakDelta = Math.max(peakDelta, memDelta);
          }
          if (mem[i]! + prevPeak >= peak) continue;
        }
        row[j] = c;
        row[target] = EMPTY;
        cursor[i]![c]!++;
        record(i, c, j);
        break;
      }
    }
  }
}

/** The slots of each class in a row, ascending. */
function slotsByClass(row: Int8Array): Int32Array[] {
  const counts = new Int32Array(PERIOD);
  for (let j = 0; j < row.length; j++) if (row[j] !== EMPTY) counts[row[j]!]!++;
  const lists = Array.from(counts, (n) => new Int32Array(n));
  counts.fill(0);
  for (let j = 0; j < row.length; j++) {
    const c = row[j]!;
    if (c !== EMPTY) lists[c]![counts[c]!++] = j;
  }
  return lists;
}

/** Whether the next op of class c on rank i may run at slot j (its input is placed before j). */
function runnable(c: number, i: number, j: number, count: Int32Array[], slotOf: (mb: number, r: number, c: number) => number, P: number) {
  const n = count[i]![c]!;
  if (isDown(c)) {
    if (i > 0) {
      const at = slotOf(n, i - 1, c);
      return at > -1 && at < j;
    }
    return c !== B1 || count[i]![F1]! > n;
  }
  if (isUp(c)) {
    if (i + 1 < P) {
      const at = slotOf(n, i + 1, c);
      return at > -1 && at < j;
    }
    return count[i]![c === F1 ? F0 : B1]! > n;
  }
  return count[i]![c === W1 ? B1 : B0]! > n;
}
