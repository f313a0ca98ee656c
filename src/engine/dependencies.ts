/**
 * The dependency model (docs/schedules.md §1.2-1.3; sail-sg zero-bubble `passes.add_time`, torch
 * pipelining's send/recv pairs): what each op consumes and produces, which transfers cross ranks,
 * and the index from each piece of data to the op that makes it. The simulator, the invariants, the
 * chart's arrows and tooltips, the PP-send lanes and every export read these rules from here.
 *
 * Halves. A simple op is one half; an FB pair is two: half 0 its forward, half 1 its full backward
 * (FB_HALVES). Each half is a simple op (kind, stage, micro-batch) and follows that kind's rules.
 *
 * Slots: the data a half leaves behind, per (stage, micro-batch). FWD = the activation F(s, mb)
 * sends on, GRAD = the input gradient B or I(s, mb) sends back, IDONE = I(s, mb) done (W's input).
 *   F(s, mb)  needs FWD(prev(s), mb)                    makes FWD(s, mb)
 *   B(s, mb)  needs FWD(s, mb) and GRAD(next(s), mb)    makes GRAD(s, mb)
 *   I(s, mb)  needs FWD(s, mb) and GRAD(next(s), mb)    makes GRAD(s, mb) and IDONE(s, mb)
 *   W(s, mb)  needs IDONE(s, mb)                        makes nothing
 * A need past the pipeline's end (prev or next = -1) is dropped. An input made on another rank is
 * usable `comm` after its producer ends (`arrival`); an FB publishes both halves' outputs at its end.
 *
 * Units: with sequence splits (Seq1F1B, K = `schedule.seqSplits` chunks per micro-batch, an op's
 * `split` k) every rule above holds per unit = mb · K + k instead of per micro-batch: a chunk's
 * forward needs the same chunk's activation from the previous stage, and so on. K = 1 without
 * splits (unit = micro-batch; an FB's halves carry no split). The chunks of one stage need nothing
 * of each other: they run on the stage's one rank, in its op order (sail-sg
 * `ScheduledNode.get_prev_key` keys by (kind, stage, micro-batch, chunk) alone).
 *
 * Slot index = (unit · S + stage) · SLOT_KINDS + kind: unit-major, so a producer and its consumer
 * (same unit, neighbouring stages) share a cache line.
 */
import { OP_FB, type OpColumns } from './columns.ts';
import type { Op, Schedule, SimpleKind, SimpleOp, Topology } from './types.ts';
import { scheduleColumns } from './views.ts';

// the columns' FB code; their simple kind codes are this file's (F 0, B 1, I 2, W 3)
const OP_FB_CODE = OP_FB;

export type Half = 0 | 1;

/** Kinds of an FB pair's halves: its forward, then its full backward. */
export const FB_HALVES: readonly [SimpleKind, SimpleKind] = ['F', 'B'];

export function halfCount(op: Op): 1 | 2 {
  return op.kind === 'FB' ? 2 : 1;
}

export function halfKind(op: Op, h: number): SimpleKind {
  return op.kind === 'FB' ? FB_HALVES[h] : op.kind;
}

export function halfStage(op: Op, h: number): number {
  return op.kind === 'FB' ? (h === 0 ? op.forward.stage : op.backward.stage) : op.stage;
}

export function halfMicrobatch(op: Op, h: number): number {
  return op.kind === 'FB' ? (h === 0 ? op.forward.microbatch : op.backward.microbatch) : op.microbatch;
}

/** Half h's sequence split: 0 for either half of an FB (whole micro-batches) and an op without one. */
export function halfSplit(op: Op, _h: number): number {
  return op.kind === 'FB' ? 0 : (op.split ?? 0);
}

/** Half h's unit, mb · K + split, for K sequence splits per micro-batch (the micro-batch when K = 1). */
export function halfUnit(op: Op, h: number, splits: number): number {
  return halfMicrobatch(op, h) * splits + halfSplit(op, h);
}

/** The op's halves as simple ops (allocates: for checks and exports, not the simulator's loop). */
export function halvesOf(op: Op): SimpleOp[] {
  if (op.kind !== 'FB') return [op];
  return [
    { kind: FB_HALVES[0], ...op.forward },
    { kind: FB_HALVES[1], ...op.backward },
  ];
}

/** Slot kinds: the activation of a forward, the input gradient of a backward, an I done. */
export const FWD = 0;
export const GRAD = 1;
export const IDONE = 2;
export const SLOT_KINDS = 3;
export type SlotKind = typeof FWD | typeof GRAD | typeof IDONE;

/** Where a needed slot lives relative to the consumer's stage. */
type Relation = 'self' | 'prev' | 'next';

interface Need {
  slot: SlotKind;
  at: Relation;
}

/** What each kind of half needs before it starts (the table in the header). */
export const NEEDS: Readonly<Record<SimpleKind, readonly Need[]>> = {
  F: [{ slot: FWD, at: 'prev' }],
  B: [
    { slot: FWD, at: 'self' },
    { slot: GRAD, at: 'next' },
  ],
  I: [
    { slot: FWD, at: 'self' },
    { slot: GRAD, at: 'next' },
  ],
  W: [{ slot: IDONE, at: 'self' }],
};

/** What each kind of half makes at its end. */
export const MAKES: Readonly<Record<SimpleKind, readonly SlotKind[]>> = { F: [FWD], B: [GRAD], I: [GRAD, IDONE], W: [] };

/**
 * The slots a kind of half needs from another stage (NEEDS other than its own stage's): what it
 * may receive from another rank — a forward's activation, a backward's gradient.
 */
const RECEIVED: Readonly<Record<SimpleKind, readonly SlotKind[]>> = {
  F: NEEDS.F.filter((n) => n.at !== 'self').map((n) => n.slot),
  B: NEEDS.B.filter((n) => n.at !== 'self').map((n) => n.slot),
  I: NEEDS.I.filter((n) => n.at !== 'self').map((n) => n.slot),
  W: NEEDS.W.filter((n) => n.at !== 'self').map((n) => n.slot),
};

export function receivedSlots(kind: SimpleKind): readonly SlotKind[] {
  return RECEIVED[kind];
}

/** Most needs of one half: the size of a scratch buffer for `inputSlots` is 2 · MAX_NEEDS. */
export const MAX_NEEDS = 2;

function stageAt(t: Topology, at: Relation, stage: number): number {
  return at === 'self' ? stage : at === 'prev' ? t.prevStage[stage] : t.nextStage[stage];
}

const INVERSE: Record<Relation, Relation> = { self: 'self', prev: 'next', next: 'prev' };

/** Where the consumers of each slot kind live relative to its producer: NEEDS read backwards. */
const CONSUMED_AT: readonly (readonly Relation[])[] = [FWD, GRAD, IDONE].map((slot) => {
  const at = new Set<Relation>();
  for (const needs of Object.values(NEEDS)) for (const n of needs) if (n.slot === slot) at.add(INVERSE[n.at]);
  return [...at];
});

// NEEDS and MAKES as typed tables indexed by kind code, for the simulator's loop: a keyed lookup
// by kind string per op cost the simulator half its speed.
const KINDS: readonly SimpleKind[] = ['F', 'B', 'I', 'W'];
const RELATION_CODE: Record<Relation, number> = { self: 0, prev: 1, next: 2 };
const NEED_COUNT = Int8Array.from(KINDS, (k) => NEEDS[k].length);
const NEED_SLOT = new Int8Array(KINDS.length * MAX_NEEDS);
const NEED_AT = new Int8Array(KINDS.length * MAX_NEEDS);
const MAKE_COUNT = Int8Array.from(KINDS, (k) => MAKES[k].length);
const MAKE_SLOT = new Int8Array(KINDS.length * SLOT_KINDS);
KINDS.forEach((k, c) => {
  NEEDS[k].forEach((n, j) => {
    NEED_SLOT[c * MAX_NEEDS + j] = n.slot;
    NEED_AT[c * MAX_NEEDS + j] = RELATION_CODE[n.at];
  });
  MAKES[k].forEach((slot, j) => (MAKE_SLOT[c * SLOT_KINDS + j] = slot));
});

/** A kind's index in the typed tables: F 0, B 1, I 2, W 3. */
export type KindCode = number;

/** The table index of a kind (a comparison chain: cheaper than a keyed property load). */
export function kindCode(kind: SimpleKind): KindCode {
  return kind === 'F' ? 0 : kind === 'B' ? 1 : kind === 'I' ? 2 : 3;
}

/** Kind codes of an FB pair's halves (FB_HALVES). */
export const FB_HALF_CODES = Int8Array.from(FB_HALVES, kindCode);

/** The table index of half h's kind. */
export function halfKindCode(op: Op, h: number): KindCode {
  return op.kind === 'FB' ? FB_HALF_CODES[h] : kindCode(op.kind);
}

/**
 * The op's halves for the simulator's loop, in one call: writes each half's kind code, stage and
 * unit (mb · K + split, K = `splits`) at [h] of the arrays (length ≥ 2) and returns how many
 * halves there are.
 */
export function readHalves(op: Op, splits: number, kinds: Int8Array, stages: Int32Array, units: Int32Array): number {
  if (op.kind === 'FB') {
    kinds[0] = FB_HALF_CODES[0];
    stages[0] = op.forward.stage;
    units[0] = op.forward.microbatch * splits;
    kinds[1] = FB_HALF_CODES[1];
    stages[1] = op.backward.stage;
    units[1] = op.backward.microbatch * splits;
    return 2;
  }
  kinds[0] = kindCode(op.kind);
  stages[0] = op.stage;
  units[0] = splits === 1 ? op.microbatch : op.microbatch * splits + (op.split ?? 0);
  return 1;
}

/** The slot of (kind, stage, unit); unit = mb · K + split (the micro-batch without splits). */
export function slotIndex(numStages: number, kind: SlotKind, stage: number, unit: number): number {
  return (unit * numStages + stage) * SLOT_KINDS + kind;
}

export function slotParts(
  numStages: number,
  slot: number,
  splits = 1,
): { kind: SlotKind; stage: number; microbatch: number; split: number } {
  const at = Math.floor(slot / SLOT_KINDS);
  const unit = Math.floor(at / numStages);
  return { kind: (slot % SLOT_KINDS) as SlotKind, stage: at % numStages, microbatch: Math.floor(unit / splits), split: unit % splits };
}

/**
 * The inputs of one half (kind code, stage, unit), for the simulator's loop (no allocation):
 * writes (slot, producer stage) pairs into out[0..2n) and returns n, in NEEDS order.
 */
export function inputSlots(t: Topology, c: KindCode, stage: number, unit: number, out: Int32Array): number {
  const S = t.numStages;
  let n = 0;
  for (let j = 0; j < NEED_COUNT[c]; j++) {
    const at = NEED_AT[c * MAX_NEEDS + j];
    const from = at === 0 ? stage : at === 1 ? t.prevStage[stage] : t.nextStage[stage];
    if (from < 0) continue;
    out[2 * n] = (unit * S + from) * SLOT_KINDS + NEED_SLOT[c * MAX_NEEDS + j];
    out[2 * n + 1] = from;
    n++;
  }
  return n;
}

/** Entries per (kind code, stage) of `inputTable`: a count, then MAX_NEEDS (slot offset, producer stage) pairs. */
export const NEED_STRIDE = 1 + 2 * MAX_NEEDS;

/**
 * `inputSlots` compiled for one topology, for the simulator's loop: the entry of half kind code c
 * on stage s starts at (c · S + s) · NEED_STRIDE and holds n, then n pairs (slot offset, producer
 * stage); the slot of unit u is u · S · SLOT_KINDS + offset.
 */
export function inputTable(t: Topology): Int32Array {
  const S = t.numStages;
  const table = new Int32Array(KINDS.length * S * NEED_STRIDE);
  const out = new Int32Array(2 * MAX_NEEDS);
  for (let c = 0; c < KINDS.length; c++) {
    for (let s = 0; s < S; s++) {
      const e = (c * S + s) * NEED_STRIDE;
      const n = inputSlots(t, c, s, 0, out);
      table[e] = n;
      for (let j = 0; j < 2 * n; j++) table[e + 1 + j] = out[j];
    }
  }
  return table;
}

/**
 * Half h's kind code, stage and unit of row i of op columns (columns.ts) with K sequence splits:
 * `readHalves` for the columns. Writes at [h] of the arrays (length ≥ 2), returns the half count.
 */
export function rowHalves(c: OpColumns, i: number, K: number, kinds: Int8Array, stages: Int32Array, units: Int32Array): number {
  if (c.kind[i] === OP_FB_CODE) {
    kinds[0] = FB_HALF_CODES[0];
    stages[0] = c.stage[i];
    units[0] = c.microbatch[i] * K;
    kinds[1] = FB_HALF_CODES[1];
    stages[1] = c.bstage[i];
    units[1] = c.bmicrobatch[i] * K;
    return 2;
  }
  const split = c.split[i];
  kinds[0] = c.kind[i];
  stages[0] = c.stage[i];
  units[0] = K === 1 ? c.microbatch[i] : c.microbatch[i] * K + (split < 0 ? 0 : split);
  return 1;
}

/** The slots one half makes, for the simulator's loop: writes their indices into out, returns how many. */
export function outputSlots(numStages: number, c: KindCode, stage: number, unit: number, out: Int32Array): number {
  const base = (unit * numStages + stage) * SLOT_KINDS;
  for (let j = 0; j < MAKE_COUNT[c]; j++) out[j] = base + MAKE_SLOT[c * SLOT_KINDS + j];
  return MAKE_COUNT[c];
}

/** Whether data made on stage `from` and used on stage `to` moves between ranks. */
export function crossesRanks(t: Topology, from: number, to: number): boolean {
  return t.stageRank[from] !== t.stageRank[to];
}

/** When an output that ends at `end` on `fromRank` is usable on `toRank` (cost units). */
export function arrival(end: number, fromRank: number, toRank: number, comm: number): number {
  return fromRank === toRank ? end : end + comm;
}

/** The stage on another rank that consumes slot `kind` made on `stage`, or -1 (it stays on its rank). */
export function sendTarget(t: Topology, kind: SlotKind, stage: number): number {
  for (const at of CONSUMED_AT[kind]) {
    const to = stageAt(t, at, stage);
    if (to >= 0 && crossesRanks(t, stage, to)) return to;
  }
  return -1;
}

/** Bits of `opSends`: the op sends its forward activation / its input gradient to another rank. */
export const SENDS_ACTIVATION = 1 << FWD;
export const SENDS_GRADIENT = 1 << GRAD;

/** The op's outputs that cross to another rank (the PP sends after it): bit 1 << slot kind. */
export function opSends(t: Topology, op: Op): number {
  let bits = 0;
  for (let h = 0; h < halfCount(op); h++) {
    const stage = halfStage(op, h);
    for (const kind of MAKES[halfKind(op, h)]) if (sendTarget(t, kind, stage) >= 0) bits |= 1 << kind;
  }
  return bits;
}

/** `opSends` per (simple kind code, stage), at [code · S + stage], for passes over op columns. */
export function sendsTable(t: Topology): Uint8Array {
  const S = t.numStages;
  const table = new Uint8Array(KINDS.length * S);
  KINDS.forEach((kind, c) => {
    for (let s = 0; s < S; s++) table[c * S + s] = opSends(t, { kind, stage: s, microbatch: 0 });
  });
  return table;
}

/** `opSends` of a row of op columns (kind code, stage, FB backward stage) from its `sendsTable`. */
export function rowSends(table: Uint8Array, S: number, kind: number, stage: number, bstage: number): number {
  if (kind !== OP_FB_CODE) return table[kind * S + stage];
  return table[FB_HALF_CODES[0] * S + stage] | table[FB_HALF_CODES[1] * S + bstage];
}

/**
 * Ops numbered rank-major (flat id = opStart[rank] + index in the rank's order: the chart layout's
 * rect index) and, per slot, the half that makes it.
 */
export interface DependencyIndex {
  schedule: Schedule;
  /** sequence splits per micro-batch K (1 without): slots are per unit mb · K + split */
  splits: number;
  /** rank r's ops are flat ids [opStart[r], opStart[r + 1]) */
  opStart: Int32Array;
  /** rank of each flat op */
  opRank: Int32Array;
  /** per slot: producing flat op · 2 + half, or -1 */
  producer: Int32Array;
}

// inputSlots/outputSlots scratch for the non-hot callers below (2 · MAX_NEEDS ≥ SLOT_KINDS)
const scratch = new Int32Array(Math.max(2 * MAX_NEEDS, SLOT_KINDS));

export function dependencyIndex(schedule: Schedule): DependencyIndex {
  const c = scheduleColumns(schedule);
  const P = c.ranks;
  const S = schedule.topology.numStages;
  const K = schedule.seqSplits ?? 1;
  const opStart = Int32Array.from(c.rankStart);
  const opRank = new Int32Array(c.count);
  const producer = new Int32Array(SLOT_KINDS * S * schedule.microbatches * K).fill(-1);
  const kinds = new Int8Array(2);
  const stages = new Int32Array(2);
  const units = new Int32Array(2);
  for (let r = 0; r < P; r++) {
    for (let flat = opStart[r]; flat < opStart[r + 1]; flat++) {
      opRank[flat] = r;
      const halves = rowHalves(c, flat, K, kinds, stages, units);
      for (let h = 0; h < halves; h++) {
        const n = outputSlots(S, kinds[h], stages[h], units[h], scratch);
        for (let j = 0; j < n; j++) producer[scratch[j]] = 2 * flat + h;
      }
    }
  }
  return { schedule, splits: K, opStart, opRank, producer };
}

export function opOf(index: DependencyIndex, flat: number): Op {
  const r = index.opRank[flat];
  return index.schedule.ops[r][flat - index.opStart[r]];
}

/** A producer → consumer dependency between op halves (flat ids as in DependencyIndex). */
export interface Edge {
  from: number;
  fromHalf: Half;
  fromRank: number;
  /** the producer's index in its rank's order (schedule.ops[fromRank][fromIndex]) */
  fromIndex: number;
  to: number;
  toHalf: Half;
  toRank: number;
  toIndex: number;
  /** the data: slot kind, the producer's stage, the micro-batch and its sequence split (0 without) */
  slot: SlotKind;
  stage: number;
  microbatch: number;
  split: number;
}

/** The inputs of half h of flat op `flat` that some op makes, in NEEDS order. */
export function inputsOf(index: DependencyIndex, flat: number, h: Half): Edge[] {
  const op = opOf(index, flat);
  const topo = index.schedule.topology;
  const out: Edge[] = [];
  const n = inputSlots(topo, halfKindCode(op, h), halfStage(op, h), halfUnit(op, h, index.splits), scratch);
  for (let j = 0; j < n; j++) {
    const p = index.producer[scratch[2 * j]];
    if (p < 0) continue;
    const from = p >> 1;
    const fromRank = index.opRank[from];
    const toRank = index.opRank[flat];
    out.push({
      from,
      fromHalf: (p & 1) as Half,
      fromRank,
      fromIndex: from - index.opStart[fromRank],
      to: flat,
      toHalf: h,
      toRank,
      toIndex: flat - index.opStart[toRank],
      slot: (scratch[2 * j] % SLOT_KINDS) as SlotKind,
      stage: scratch[2 * j + 1],
      microbatch: halfMicrobatch(op, h),
      split: halfSplit(op, h),
    });
  }
  return out;
}

/** Every dependency of the schedule, by consumer (flat id, then half, then NEEDS order). */
export function edgesOf(schedule: Schedule | DependencyIndex): Edge[] {
  const index = 'producer' in schedule ? schedule : dependencyIndex(schedule);
  const edges: Edge[] = [];
  const n = index.opRank.length;
  for (let flat = 0; flat < n; flat++) {
    const op = opOf(index, flat);
    for (let h = 0; h < halfCount(op); h++) for (const e of inputsOf(index, flat, h as Half)) edges.push(e);
  }
  return edges;
}

/** The dependencies that move data between ranks, by producer (flat id, then half): one PP send each. */
export function crossRankEdges(schedule: Schedule | DependencyIndex): Edge[] {
  return edgesOf(schedule)
    .filter((e) => e.fromRank !== e.toRank)
    .sort((a, b) => 2 * a.from + a.fromHalf - (2 * b.from + b.fromHalf) || a.to - b.to);
}
