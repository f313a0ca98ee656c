/**
 * One run of the automatic ZB-V greedy (zbvGreedy.ts has the overview and sources).
 *
 * A micro-batch travels the V in four legs: leg 0 = F of chunk 0 (rank 0 → P-1), leg 1 = F of
 * chunk 1 (rank P-1 → 0), leg 2 = I of chunk 1 (rank 0 → P-1), leg 3 = I of chunk 0 (rank P-1 → 0);
 * legs 4 and 5 are the Ws of legs 2 and 3. Every leg keeps its own per-rank counter, so the k-th
 * op of a leg on a rank is micro-batch k. Op (leg, rank, mb) has one finish time slot in a flat
 * table, -1 while unplaced, laid out micro-batch-major so the neighbour and same-rank lookups of
 * one placement sit close together.
 *
 * The run places: a warm-up of chunk-0 then chunk-1 forwards that fills the V as far as memory
 * and the first chunk-1 forward's arrival allow; then 2M rounds that each place one backward per
 * rank (chunk-0 backwards in descending rank order first, then chunk-1 ones ascending) and up to
 * one forward per rank; finally the remaining Ws. A W is slipped in before an op whenever the op
 * would otherwise wait for its input at least a W long, whenever the wait would exceed this
 * rank's bubble budget, and whenever memory requires it.
 */
import { ScheduleError } from '../errors.ts';
import type { GreedyCosts } from './zbvGreedy.ts';

export interface ZbvOp {
  kind: 'F' | 'I' | 'W';
  /** model chunk: 0 = stage r, 1 = stage 2P-1-r */
  chunk: 0 | 1;
  microbatch: number;
}

export interface ZbvAttempt {
  /** per rank, ops in order, packed as leg · M + micro-batch (decode with `decodeOrder`) */
  packed: Int32Array[];
  /** idle time each rank accumulated after its first forward */
  rankBubble: number[];
  /** max(0, max rankBubble) */
  maxBubble: number;
}

/** Bytes/4096 of one chunk's activations held by F and released by I and W (see zbvGreedy.ts). */
const MEM_F = 194;
const MEM_I = -162;
const MEM_W = -32;

const LEG_KIND = ['F', 'F', 'I', 'I', 'W', 'W'] as const;
const LEG_CHUNK = [0, 1, 1, 0, 1, 0] as const;

function reject(P: number, M: number, why: string): never {
  throw new ScheduleError({ field: 'microbatches', message: `ZB-V (automatic, sail zbv.py) cannot schedule P=${P}, M=${M}: ${why}.` });
}

/** `allowance`: per-rank bubbles of a previous run (null on the first run). */
export function runZbvAttempt(
  P: number,
  M: number,
  costs: GreedyCosts,
  fillF: boolean,
  fillB: boolean,
  allowance: number[] | null,
  scratch?: Float64Array,
): ZbvAttempt {
  const legCost = [costs.F, costs.F, costs.I, costs.I, costs.W, costs.W];
  const legMem = [MEM_F, MEM_F, MEM_I, MEM_I, MEM_W, MEM_W];
  const memCap = MEM_F * P * 2;
  const comm = costs.comm;

  const done = scratch !== undefined && scratch.length === 6 * P * M ? scratch : new Float64Array(6 * P * M);
  done.fill(-1);
  const id = (leg: number, r: number, mb: number): number => (mb * 6 + leg) * P + r;
  // The reference reads "the input's finish time" with index -1 when an op has no cross-rank
  // input; in Python that is its table's last entry, the W of chunk 0 (leg 5) of the last
  // micro-batch on rank P-1, so that entry is read here.
  const lastEntry = id(5, P - 1, M - 1);
  const finishOrLast = (i: number): number => done[i >= 0 ? i : lastEntry];

  const count = Array.from({ length: P }, () => new Int32Array(6));
  const clock = new Float64Array(P);
  const mem = new Float64Array(P);
  const bubble = new Array<number>(P).fill(0);
  let worstBubble = 0;
  // FIFO of W legs owed per rank (each backward owes one W; at most 2M per rank).
  const pendingW = Array.from({ length: P }, () => new Int8Array(2 * M));
  const pendingHead = new Int32Array(P);
  const pendingTail = new Int32Array(P);
  const packed = Array.from({ length: P }, () => new Int32Array(6 * M));
  const placed = new Int32Array(P);

  const leg2Ranks = new Int32Array(P);
  const leg3Ranks = new Int32Array(P);
  const maxAllowed = allowance === null ? -1 : Math.max(...allowance);
  /** The bubble a rank may still accept: the worst so far, or what the previous run allowed it. */
  const budget = (r: number): number => (allowance === null ? worstBubble : Math.max(worstBubble, maxAllowed - allowance[r]));

  const place = (leg: number, r: number): void => {
    const dur = legCost[leg];
    const noWait = clock[r] + dur;
    let end = noWait;
    const mb = count[r][leg];
    if (mb >= M) reject(P, M, `rank ${r} would run a ${LEG_KIND[leg]} of chunk ${LEG_CHUNK[leg]} for micro-batch ${mb} ≥ M`);
    if (mem[r] + legMem[leg] > memCap) reject(P, M, `rank ${r} would exceed its limit of 2P forward activations`);
    const local = leg >= 4 ? leg - 2 : leg - 1;
    if (local >= 0 && done[id(local, r, mb)] < 0) {
      reject(P, M, `rank ${r} would run an op of micro-batch ${mb} before its own earlier part`);
    }
    if (leg < 4) {
      const from = leg % 2 === 0 ? r - 1 : r + 1;
      if (from >= 0 && from < P) {
        const input = done[id(leg, from, mb)];
        if (input < 0) reject(P, M, `rank ${r} would run micro-batch ${mb} before rank ${from} sent it`);
        end = Math.max(end, input + comm + dur);
      }
    }
    if (count[r][0] > 0) {
      bubble[r] += end - noWait;
      worstBubble = Math.max(worstBubble, bubble[r]);
    }
    done[id(leg, r, mb)] = end;
    clock[r] = end;
    mem[r] += legMem[leg];
    packed[r][placed[r]++] = leg * M + mb;
    if (leg === 2 || leg === 3) pendingW[r][pendingTail[r]++] = leg + 2;
    count[r][leg]++;
  };
  const hasPendingW = (r: number): boolean => pendingHead[r] < pendingTail[r];
  const placeW = (r: number): void => {
    if (!hasPendingW(r)) reject(P, M, `rank ${r} runs out of activation memory with no W left to free it`);
    place(pendingW[r][pendingHead[r]++], r);
  };
  /**
   * Before an op whose input is `inputId` (finish-table index, -1 = none): fill the wait with Ws
   * that fit entirely, then one more W if the remaining wait exceeds the budget (`mayFill`).
   */
  const fillWait = (r: number, inputId: number, mayFill: boolean): void => {
    while (hasPendingW(r) && inputId >= 0 && done[inputId] + comm >= clock[r] + costs.W) placeW(r);
    if (hasPendingW(r) && finishOrLast(inputId) + comm - clock[r] > budget(r) - bubble[r] && mayFill) placeW(r);
  };

  // Warm-up, chunk 0: one forward per rank, then deeper ranks-first fill while the chunk-1
  // forward from the rank below is still on its way.
  for (let r = 0; r < P; r++) place(0, r);
  for (let r = P - 1; r >= 0; r--) {
    if (r < P - 1) {
      const arrival = done[id(1, r + 1, 0)] + comm;
      while (mem[r] + MEM_F * (2 + 2 * r) <= memCap && clock[r] + costs.F <= arrival && count[r][0] < M) {
        for (let j = 0; j <= r; j++) place(0, j);
      }
    }
    place(1, r);
  }
  // Warm-up, balance: alternate chunk 0 / chunk 1 forward sweeps (deepest rank first) until each
  // rank has as many forwards as the rank before it and more chunk-1 forwards, or ran out.
  let sweepLeg = 0;
  for (let r = 1; r < P; r++) {
    const behind = () =>
      count[r][0] + count[r][1] < count[r - 1][0] + count[r - 1][1] || (count[r][1] <= count[r - 1][1] && count[r - 1][1] < M);
    while (behind()) {
      for (let j = P - 1; j >= r; j--) if (count[j][sweepLeg] < M) place(sweepLeg, j);
      sweepLeg = 1 - sweepLeg;
    }
  }

  for (let round = 0; round < 2 * M; round++) {
    for (let r = 0; r < P; r++) while (mem[r] + MEM_I > memCap) placeW(r);
    // Each rank runs a chunk-0 backward (leg 3) if one is due (it ran more chunk-1 than chunk-0
    // backwards) and either its gradient is already here (on rank P-1 it comes from the rank's
    // own chunk-1 backward) or no chunk-1 backward is left; otherwise its next chunk-1 backward
    // (leg 2). Chunk-0 backwards are placed first, highest rank first (their gradients flow
    // down), then chunk-1 backwards from rank 0 up.
    let n3 = 0;
    let n2 = 0;
    for (let r = 0; r < P; r++) {
      const leg3 = count[r][3] < count[r][2] && (r === P - 1 || done[id(3, r + 1, count[r][3])] >= 0 || count[r][2] >= M);
      if (leg3) leg3Ranks[n3++] = r;
      else leg2Ranks[n2++] = r;
    }
    for (let k = 0; k < P; k++) {
      const leg = k < n3 ? 3 : 2;
      const r = k < n3 ? leg3Ranks[n3 - 1 - k] : leg2Ranks[k - n3];
      let input = -1;
      if (leg === 3 && r < P - 1) input = id(3, r + 1, count[r][3]);
      if (leg === 2 && r > 0) input = id(2, r - 1, count[r][2]);
      fillWait(r, input, leg === 3 || fillB);
      place(leg, r);
    }

    for (let r = 0; r < P; r++) {
      if (count[r][1] >= M) continue;
      let leg = -1;
      if (count[r][1] >= count[r][0]) leg = 0;
      else if (r === P - 1) leg = 1;
      else if (done[id(1, r + 1, count[r][1])] >= 0) leg = 1;
      else if (count[r][0] < M && (r === 0 || done[id(0, r - 1, count[r][0])] >= 0)) leg = 0;
      if (leg < 0) continue;
      while (mem[r] + MEM_F > memCap) placeW(r);
      let input = -1;
      if (leg === 0 && r > 0) input = id(0, r - 1, count[r][0]);
      if (leg === 1 && r < P - 1) input = id(1, r + 1, count[r][1]);
      fillWait(r, input, fillF);
      place(leg, r);
    }
  }
  for (let r = 0; r < P; r++) while (hasPendingW(r)) placeW(r);

  return { packed, rankBubble: bubble, maxBubble: worstBubble };
}

/** Unpacks `ZbvAttempt.packed` into per-rank op lists. */
export function decodeOrder(packed: Int32Array[], M: number): ZbvOp[][] {
  return packed.map((codes) =>
    Array.from(codes, (code): ZbvOp => {
      const leg = Math.floor(code / M);
      return { kind: LEG_KIND[leg], chunk: LEG_CHUNK[leg], microbatch: code - leg * M };
    }),
  );
}
