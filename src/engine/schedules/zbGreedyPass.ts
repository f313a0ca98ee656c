/**
 * One pass of the cost-driven ZB-H1/ZB-H2 greedy (see zbGreedy.ts for the public entry point,
 * the sources and the units). A pass walks the micro-batches in order; for each it decides, stage
 * by stage, whether to issue a forward, then runs the input-gradient backwards (I) from the last
 * stage down. Every wait for a neighbour's output is filled with deferred weight-gradient work (W),
 * and W is also issued early whenever the activation budget would otherwise be exceeded.
 *
 * Port of the logic of sail-sg/zero-bubble-pipeline-parallelism
 * `megatron/core/pipeline_parallel/zerobubble/scheduler/zb.py`, `Graph.manual_order`, written
 * anew. Arithmetic keeps the reference's evaluation order (IEEE doubles in both languages), so
 * comparisons between times tie-break exactly as the reference does, for any costs.
 */

/** Op kind index inside the greedy: forward, backward-for-input, backward-for-weights. */
export const KIND_F = 0;
export const KIND_I = 1;
export const KIND_W = 2;

/**
 * What one pass is given, per stage s (= rank): op costs `F[s]`, `I[s]`, `W[s]` in any time unit,
 * the latency `comm` of a cross-rank dependency, the activation memory each op adds (`memF[s]`
 * > 0) or frees (`memI[s]`, `memW[s]` ≤ 0, memF + memI + memW = 0) and the stage's budget
 * `limit[s]` in the same memory unit (sail-sg `GraphConfig`: cost_f/b/w, mem_f/b/w, max_mem).
 */
export interface PassInput {
  F: readonly number[];
  I: readonly number[];
  W: readonly number[];
  comm: number;
  memF: readonly number[];
  memI: readonly number[];
  memW: readonly number[];
  limit: readonly number[];
}

/** The three switches the reference tries in every combination. */
export interface PassFlags {
  /** warm-up: add forwards while they still end before the first I can arrive (else: while idle) */
  allowBubbleBeforeFirstI: boolean;
  /** steady state: hold back a forward when the next stage lags and would starve for I work */
  prioritizeI: boolean;
  /** close a wait with one overrunning W even when the wait is no worse than the worst stage's */
  fillSmallBubbleWithW: boolean;
}

export interface PassResult {
  /** order[s] = encoded ops of stage s, `kind * M + mb`, in placement order (first `placed[s]` valid) */
  order: Int32Array[];
  /** ops placed per stage; fewer than 3M when the pass never issued some forwards (see sortAsEmitted) */
  placed: Int32Array;
  /** completion time of every op, indexed `(kind * P + stage) * M + mb` */
  finish: Float64Array;
  /** the reference's score: max over stages of (end of last W − start of first F) */
  span: number;
  /**
   * Per flag: whether the pass reached a decision that the flag's other value could have made
   * differently. If not, the pass with that flag flipped is this very pass and need not be run.
   */
  consulted: Record<keyof PassFlags, boolean>;
}

/**
 * The reference's two ways to fail, reported by `runGreedyPass`: a forward that no pending W can
 * make room for ("Cannot fit memory"), or an order its own consistency check rejects (an op placed
 * before an input it needs — uneven costs can make a stage take a forward its predecessor has not
 * issued yet).
 */
export class GreedyFailure extends Error {
  constructor(
    message: string,
    readonly stage: number,
    readonly microbatch: number,
    /** what failed: a memory limit too small, or the reference's own order check (uneven costs) */
    readonly reason: 'memory' | 'order',
  ) {
    super(message);
    this.name = 'GreedyFailure';
  }
}

/**
 * Runs one greedy pass. Each `limit[s]` must hold at least one forward (`memF[s]`; the caller
 * checks): then a forward can always be made to fit by retiring W, or the pass throws.
 */
export function runGreedyPass(P: number, M: number, input: PassInput, flags: PassFlags): PassResult {
  return new GreedyPass(P, M, input, flags).run();
}

class GreedyPass {
  /** cost[kind][stage], memory delta mem[kind][stage] */
  private readonly cost: readonly [readonly number[], readonly number[], readonly number[]];
  private readonly mem: readonly [readonly number[], readonly number[], readonly number[]];
  private readonly comm: number;
  private readonly limit: readonly number[];
  /** finish[(kind·P + stage)·M + mb]; unset entries read 0, as in the reference's table */
  private readonly finish: Float64Array;
  /** done[kind][s] = ops of that kind already placed on stage s (= next micro-batch) */
  private readonly done: readonly [Int32Array, Int32Array, Int32Array];
  private readonly clock: Float64Array;
  private readonly live: Float64Array;
  private readonly idle: Float64Array;
  /** stage idle only grows, so the worst one is a running maximum (the reference rescans) */
  private worstIdle = 0;
  private readonly order: Int32Array[] = [];
  private readonly placed: Int32Array;
  private readonly consulted = {
    allowBubbleBeforeFirstI: false,
    prioritizeI: false,
    fillSmallBubbleWithW: false,
  };

  constructor(
    private readonly P: number,
    private readonly M: number,
    input: PassInput,
    private readonly flags: PassFlags,
  ) {
    this.cost = [input.F, input.I, input.W];
    this.mem = [input.memF, input.memI, input.memW];
    this.comm = input.comm;
    this.limit = input.limit;
    this.finish = new Float64Array(3 * P * M);
    this.done = [new Int32Array(P), new Int32Array(P), new Int32Array(P)];
    this.clock = new Float64Array(P);
    this.live = new Float64Array(P);
    this.idle = new Float64Array(P);
    this.placed = new Int32Array(P);
    for (let s = 0; s < P; s++) this.order.push(new Int32Array(3 * M));
  }

  private at(kind: number, stage: number, mb: number): number {
    return this.finish[(kind * this.P + stage) * this.M + mb]!;
  }

  private place(s: number, kind: number): void {
    const { P, M, clock, idle } = this;
    const counter = this.done[kind]!;
    const mb = counter[s]!;
    const c = this.cost[kind]![s]!;
    const noWait = clock[s]! + c;
    let end = noWait;
    const comm = this.comm;
    if (kind === KIND_F && s > 0) end = Math.max(end, this.at(KIND_F, s - 1, mb) + comm + c);
    if (kind === KIND_I && s < P - 1) end = Math.max(end, this.at(KIND_I, s + 1, mb) + comm + c);
    // The wait before a stage's very first forward is the pipeline fill, not a bubble.
    if (this.done[KIND_F][s]! > 0) {
      idle[s] = idle[s]! + (end - noWait);
      if (idle[s]! > this.worstIdle) this.worstIdle = idle[s]!;
    }
    clock[s] = end;
    this.finish[(kind * P + s) * M + mb] = end;
    this.live[s] = this.live[s]! + this.mem[kind]![s]!;
    counter[s] = mb + 1;
    this.order[s]![this.placed[s]!] = kind * M + mb;
    this.placed[s] = this.placed[s]! + 1;
  }

  private hasPendingW(s: number): boolean {
    return this.done[KIND_W][s]! < this.done[KIND_I][s]!;
  }

  /** Retire pending W until the next op of `kind` fits the budget. */
  private makeRoom(s: number, kind: number): void {
    const delta = this.mem[kind]![s]!;
    while (this.live[s]! + delta > this.limit[s]!) {
      if (!this.hasPendingW(s)) {
        const mb = this.done[kind]![s]!;
        throw new GreedyFailure(
          `stage ${s} cannot fit micro-batch ${mb}'s ${kind === KIND_F ? 'forward' : 'backward'} in its memory limit`,
          s,
          mb,
          'memory',
        );
      }
      this.place(s, KIND_W);
    }
  }

  /**
   * Before an op that waits for a neighbour's output (ready at `arrival`, comm included): run the
   * pending W that fit in the wait, then one more W that overruns it, unless the wait is no worse
   * than the worst stage's idle so far and the flag says to leave such small gaps open.
   */
  private fillWait(s: number, arrival: number): void {
    const clock = this.clock;
    const w = this.cost[KIND_W][s]!;
    while (this.hasPendingW(s) && clock[s]! + w <= arrival) this.place(s, KIND_W);
    if (!this.hasPendingW(s) || !(clock[s]! < arrival)) return;
    if (arrival - clock[s]! <= this.worstIdle - this.idle[s]!) {
      this.consulted.fillSmallBubbleWithW = true;
      if (!this.flags.fillSmallBubbleWithW) return;
    }
    this.place(s, KIND_W);
  }

  /** Whether stage s takes a forward this round (before the taper across stages). */
  private wantsForward(s: number): boolean {
    const { P, M, clock, cost, mem } = this;
    const fDone = this.done[KIND_F];
    if (fDone[s]! >= M) return false;
    if (!(s + 1 < P && fDone[s]! >= fDone[s + 1]! + 2)) return true;
    this.consulted.prioritizeI = true;
    if (!this.flags.prioritizeI) return true;
    // The next stage is two forwards behind: if it can run one more F and its I before needing
    // our output, a forward here is harmless; otherwise prefer to let our I go first.
    const nextNeeds = clock[s + 1]! + cost[KIND_F][s + 1]! + cost[KIND_I][s + 1]! + this.comm;
    if (clock[s]! >= nextNeeds) return false;
    let wCost = 0;
    let pendingW = this.done[KIND_I][s]! - this.done[KIND_W][s]!;
    let memAfter = this.live[s]! + mem[KIND_F][s]!;
    while (memAfter > this.limit[s]! && pendingW > 0) {
      wCost += cost[KIND_W][s]!;
      memAfter += mem[KIND_W][s]!;
      pendingW--;
    }
    if (clock[s]! + cost[KIND_F][s]! + wCost <= nextNeeds) return true;
    // The reference scores this last test without the W it would need (that variant is
    // commented out there).
    return !(nextNeeds - clock[s]! <= this.worstIdle - this.idle[s]!);
  }

  /**
   * Micro-batch 0: forward it through every stage, give each stage as many extra warm-up
   * forwards as fit the budget before its first I can arrive, taper them so each stage holds
   * fewer than the one before it, then run I of micro-batch 0 from the last stage down.
   */
  private warmUp(): void {
    const { P, M, comm } = this;
    const [costF, costI] = this.cost;
    const memF = this.mem[KIND_F];
    const fDone = this.done[KIND_F];
    for (let s = 0; s < P; s++) this.place(s, KIND_F);
    const extra = new Int32Array(P);
    // Estimated arrival of micro-batch 0's gradient, walked up from the last stage.
    let firstI = this.at(KIND_F, P - 1, 0) + costI[P - 1]!;
    for (let s = P - 2; s >= 0; s--) {
      let mem = this.live[s]!;
      let busyUntil = this.clock[s]!;
      while (fDone[s]! + extra[s]! < M && mem + memF[s]! <= this.limit[s]!) {
        const overruns = busyUntil + costF[s]! > firstI + comm;
        const busyEnough = busyUntil >= firstI + comm;
        if (overruns !== busyEnough) this.consulted.allowBubbleBeforeFirstI = true;
        if (this.flags.allowBubbleBeforeFirstI ? overruns : busyEnough) break;
        mem += memF[s]!;
        busyUntil += costF[s]!;
        extra[s] = extra[s]! + 1;
      }
      firstI = Math.max(busyUntil, firstI + comm) + costI[s]!;
    }
    for (let s = 1; s < P; s++) {
      while (extra[s]! > 0 && extra[s]! >= extra[s - 1]! && fDone[s]! + extra[s]! < M) {
        extra[s] = extra[s]! - 1;
      }
    }
    for (let s = 0; s < P; s++) for (let k = 0; k < extra[s]!; k++) this.place(s, KIND_F);
    for (let s = P - 1; s >= 0; s--) this.place(s, KIND_I);
  }

  /**
   * The reference's own check of the finished pass, with its comparisons and arithmetic: every op
   * ends at least its cost after each input (plus comm across stages). Only an op placed before
   * its input can fail it — with uneven costs a stage may take a forward its predecessor has not
   * issued — and the reference then stops with an assertion naming the stage and micro-batch.
   */
  private checkConsistency(): void {
    const { P, M, comm } = this;
    const [costF, costI, costW] = this.cost;
    // one closure for the pass, not one per op (keep-names bundles wrap each creation in a call)
    const late = (what: string, s: number, mb: number) =>
      new GreedyFailure(`${what} of stage ${s} micro-batch ${mb} is placed before its input is ready`, s, mb, 'order');
    for (let s = 0; s < P; s++) {
      for (let mb = 0; mb < M; mb++) {
        const f = this.at(KIND_F, s, mb);
        const i = this.at(KIND_I, s, mb);
        if (!(i >= f + costI[s]!)) throw late('the backward', s, mb);
        if (!(this.at(KIND_W, s, mb) >= i + costW[s]!)) throw late('the weight gradient', s, mb);
        if (s > 0 && !(f >= this.at(KIND_F, s - 1, mb) + comm + costF[s]!)) throw late('the forward', s, mb);
        if (s < P - 1 && !(i >= this.at(KIND_I, s + 1, mb) + comm + costI[s]!)) throw late('the backward', s, mb);
      }
    }
  }

  run(): PassResult {
    const { P, M, comm } = this;
    const fDone = this.done[KIND_F];
    this.warmUp();
    const want = new Int32Array(P);
    for (let mb = 1; mb < M; mb++) {
      for (let s = 0; s < P; s++) want[s] = this.wantsForward(s) ? 1 : 0;
      // A stage only runs ahead if every later stage also takes a forward this round.
      for (let s = P - 2; s >= 0; s--) want[s] = Math.min(want[s]!, want[s + 1]!);
      for (let s = 0; s < P; s++) {
        if (want[s] === 0) continue;
        this.makeRoom(s, KIND_F);
        if (s > 0) this.fillWait(s, this.at(KIND_F, s - 1, fDone[s]!) + comm);
        this.place(s, KIND_F);
      }
      for (let s = P - 1; s >= 0; s--) {
        this.makeRoom(s, KIND_I);
        if (s + 1 < P) this.fillWait(s, this.at(KIND_I, s + 1, mb) + comm);
        // Once the first stage has issued every forward nothing else can fill its gaps.
        if (s === 0 && fDone[0]! === M) while (this.hasPendingW(0)) this.place(0, KIND_W);
        this.place(s, KIND_I);
      }
    }
    for (let s = 0; s < P; s++) while (this.done[KIND_W][s]! < M) this.place(s, KIND_W);
    this.checkConsistency();

    let span = 0;
    for (let s = 0; s < P; s++) {
      span = Math.max(span, this.at(KIND_W, s, M - 1) - this.at(KIND_F, s, 0) + this.cost[KIND_F][s]!);
    }
    return { order: this.order, placed: this.placed, finish: this.finish, span, consulted: this.consulted };
  }
}

/**
 * The reference emits each stage's ops sorted by completion time, ties in its listing order (all
 * F by micro-batch, then I, then W), i.e. by our code. Placement order already has non-decreasing
 * times; equal times need a cost absorbed by a far larger time in floating point, so this
 * normally only confirms the order. One more case: the pass can leave forwards unplaced (a stage
 * is held back while its successor, which finished its forwards in the warm-up, takes none, and
 * the reference's check cannot see it: an unplaced op reads as time 0). The reference still lists
 * every node, the unplaced ones at time 0, so they come first. Sorts `result.order` in place
 * (filling in unplaced ops); run it on the chosen pass only.
 */
export function sortAsEmitted(result: PassResult, P: number, M: number): Int32Array[] {
  const finish = result.finish;
  result.order.forEach((ops, s) => {
    const time = (code: number): number => {
      const kind = (code / M) | 0;
      return finish[(kind * P + s) * M + (code - kind * M)]!;
    };
    const placed = result.placed[s]!;
    if (placed < ops.length) {
      const present = new Uint8Array(ops.length);
      for (let k = 0; k < placed; k++) present[ops[k]!] = 1;
      let k = placed;
      for (let code = 0; code < ops.length; code++) if (!present[code]) ops[k++] = code;
    }
    let prev = time(ops[0]!);
    for (let k = 1; k < ops.length; k++) {
      const cur = time(ops[k]!);
      if (prev > cur || (prev === cur && ops[k - 1]! > ops[k]!)) {
        const list = Array.from(ops);
        list.sort((x, y) => time(x) - time(y) || x - y);
        ops.set(list);
        return;
      }
      prev = cur;
    }
  });
  return result.order;
}
