/**
 * The engine's columnar op store (docs/schedules.md §1.6): every op of a schedule as one row of
 * typed columns, ranks one after another (flat id = rankStart[r] + index in rank r's order, the
 * chart layout's rect index). Generators write these rows, the simulator writes start/end columns
 * beside them, and metrics, activation series and the chart layout read them without an object
 * per op: at P=64, M=512 (196,608 ops) objects per op cost more in young-generation GC than the
 * whole linear pass.
 *
 * Kind codes: F 0, B 1, I 2, W 3, FB 4 (= OP_KIND_NAMES order, the render palette's). An FB row keeps
 * its forward half in stage/microbatch and its backward half in bstage/bmicrobatch; other rows
 * have -1 there. `split` is a Seq1F1B op's sequence chunk, -1 for none.
 */
import type { Op, OpKind } from './types.ts';

export const OP_F = 0;
export const OP_B = 1;
export const OP_I = 2;
export const OP_W = 3;
export const OP_FB = 4;
export const OP_KIND_NAMES: readonly OpKind[] = ['F', 'B', 'I', 'W', 'FB'];

/** The code of a kind name (a comparison chain: cheaper than a keyed load). */
export function opKindCode(kind: OpKind): number {
  return kind === 'F' ? OP_F : kind === 'B' ? OP_B : kind === 'I' ? OP_I : kind === 'W' ? OP_W : OP_FB;
}

export interface OpColumns {
  ranks: number;
  /** number of ops over all ranks */
  count: number;
  /** rank r's ops are flat ids [rankStart[r], rankStart[r + 1]) */
  rankStart: Int32Array;
  kind: Uint8Array;
  /** the op's stage; an FB's forward half's */
  stage: Int32Array;
  microbatch: Int32Array;
  /** Seq1F1B sequence chunk, -1 = none */
  split: Int32Array;
  /** an FB's backward half, -1 for other kinds */
  bstage: Int32Array;
  bmicrobatch: Int32Array;
}

/** Total bytes of the columns' typed arrays. */
export function columnBytes(c: OpColumns): number {
  return (
    c.rankStart.byteLength +
    c.kind.byteLength +
    c.stage.byteLength +
    c.microbatch.byteLength +
    c.split.byteLength +
    c.bstage.byteLength +
    c.bmicrobatch.byteLength
  );
}

/**
 * Appends rows rank by rank (`endRank` closes one) into columns that grow by doubling; `finish`
 * trims them. `capacity` is a hint (the expected op count).
 */
export class OpColumnsBuilder {
  private n = 0;
  private readonly starts: number[] = [0];
  private kind: Uint8Array;
  private stage: Int32Array;
  private microbatch: Int32Array;
  private split: Int32Array;
  private bstage: Int32Array;
  private bmicrobatch: Int32Array;

  constructor(capacity = 64) {
    const c = Math.max(16, capacity | 0);
    this.kind = new Uint8Array(c);
    this.stage = new Int32Array(c);
    this.microbatch = new Int32Array(c);
    this.split = new Int32Array(c);
    this.bstage = new Int32Array(c);
    this.bmicrobatch = new Int32Array(c);
  }

  private grow(): void {
    const c = this.kind.length * 2;
    const widen = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(c);
      b.set(a);
      return b;
    };
    this.kind = widen(this.kind, (n) => new Uint8Array(n));
    this.stage = widen(this.stage, (n) => new Int32Array(n));
    this.microbatch = widen(this.microbatch, (n) => new Int32Array(n));
    this.split = widen(this.split, (n) => new Int32Array(n));
    this.bstage = widen(this.bstage, (n) => new Int32Array(n));
    this.bmicrobatch = widen(this.bmicrobatch, (n) => new Int32Array(n));
  }

  /** A simple op (kind code F, B, I or W) of the current rank. */
  op(kind: number, stage: number, microbatch: number, split = -1): void {
    if (this.n === this.kind.length) this.grow();
    const i = this.n++;
    this.kind[i] = kind;
    this.stage[i] = stage;
    this.microbatch[i] = microbatch;
    this.split[i] = split;
    this.bstage[i] = -1;
    this.bmicrobatch[i] = -1;
  }

  /** An overlapped forward (stage, micro-batch) + full backward pair of the current rank. */
  fb(stage: number, microbatch: number, bstage: number, bmicrobatch: number): void {
    if (this.n === this.kind.length) this.grow();
    const i = this.n++;
    this.kind[i] = OP_FB;
    this.stage[i] = stage;
    this.microbatch[i] = microbatch;
    this.split[i] = -1;
    this.bstage[i] = bstage;
    this.bmicrobatch[i] = bmicrobatch;
  }

  /** Any op object (the conversion path for generators and callers that build objects). */
  add(op: Op): void {
    if (op.kind === 'FB') this.fb(op.forward.stage, op.forward.microbatch, op.backward.stage, op.backward.microbatch);
    else this.op(opKindCode(op.kind), op.stage, op.microbatch, op.split ?? -1);
  }

  /** Ops of the current rank so far. */
  get rankLength(): number {
    return this.n - this.starts[this.starts.length - 1];
  }

  endRank(): void {
    this.starts.push(this.n);
  }

  finish(): OpColumns {
    const n = this.n;
    const fit = <T extends Uint8Array | Int32Array>(a: T): T => (a.length === n ? a : (a.slice(0, n) as T));
    return {
      ranks: this.starts.length - 1,
      count: n,
      rankStart: Int32Array.from(this.starts),
      kind: fit(this.kind),
      stage: fit(this.stage),
      microbatch: fit(this.microbatch),
      split: fit(this.split),
      bstage: fit(this.bstage),
      bmicrobatch: fit(this.bmicrobatch),
    };
  }
}

/** Columns of per-rank op objects. */
export function columnsFromOps(ops: readonly (readonly Op[])[]): OpColumns {
  let n = 0;
  for (const r of ops) n += r.length;
  const b = new OpColumnsBuilder(n);
  for (const r of ops) {
    for (const op of r) b.add(op);
    b.endRank();
  }
  return b.finish();
}

/** The op object of flat row i (a fresh object: the view the object-shaped API hands out). */
export function opAt(c: OpColumns, i: number): Op {
  const k = c.kind[i];
  if (k === OP_FB) {
    return {
      kind: 'FB',
      forward: { stage: c.stage[i], microbatch: c.microbatch[i] },
      backward: { stage: c.bstage[i], microbatch: c.bmicrobatch[i] },
    };
  }
  const kind = OP_KIND_NAMES[k] as 'F' | 'B' | 'I' | 'W';
  const split = c.split[i];
  return split < 0
    ? { kind, stage: c.stage[i], microbatch: c.microbatch[i] }
    : { kind, stage: c.stage[i], microbatch: c.microbatch[i], split };
}

/** Per-rank op objects of the columns (frozen arrays: the columns stay the truth). */
export function opsFromColumns(c: OpColumns): Op[][] {
  const out: Op[][] = [];
  for (let r = 0; r < c.ranks; r++) {
    const a = c.rankStart[r];
    const rank = new Array<Op>(c.rankStart[r + 1] - a);
    for (let i = 0; i < rank.length; i++) rank[i] = opAt(c, a + i);
    out.push(Object.freeze(rank) as Op[]);
  }
  return Object.freeze(out) as Op[][];
}

/** Rank of each flat row. */
export function rankOfRows(c: OpColumns): Uint16Array | Int32Array {
  const out = c.ranks < 65536 ? new Uint16Array(c.count) : new Int32Array(c.count);
  for (let r = 0; r < c.ranks; r++) out.fill(r, c.rankStart[r], c.rankStart[r + 1]);
  return out;
}
