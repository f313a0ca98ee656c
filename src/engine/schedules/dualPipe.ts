/**
 * DualPipe and DualPipeV (DeepSeek-V3 report §3.2.1; deepseek-ai/DualPipe `dualpipe.py`,
 * `dualpipev.py`; docs/schedules.md §3.8). Both run one eight-step template per rank with parameters
 * (R, k, C): DualPipe (P/2, min(r, P-1-r), M/2), DualPipeV (P, r, M). Phase 0 and phase 1 are the
 * rank's two local chunks; each (phase, forward|backward) has its own micro-batch counter, and W
 * pops the oldest deferred backward of the rank (one FIFO shared by both phases).
 */
import * as columns from '../columns.ts';

// module-local aliases (simulate.ts explains why)
const { OP_B, OP_F, OP_I, OP_W, OpColumnsBuilder } = columns;

interface Phase {
  stage: number;
  /** first micro-batch id of this phase's direction (DualPipe direction 1 starts at M/2) */
  offset: number;
}

/** Appends one rank's order to `o`. */
function template(o: columns.OpColumnsBuilder, R: number, k: number, C: number, phases: [Phase, Phase]): void {
  // next micro-batch of (phase, forward | backward); B and I share the backward counter
  const fwdNext = [0, 0];
  const bwdNext = [0, 0];
  // split backwards whose W is still owed, oldest first (stage, micro-batch pairs)
  const deferred = new Int32Array(4 * C + 4);
  let head = 0;
  let tail = 0;
  const fwd = (p: number): number => phases[p].offset + fwdNext[p]++;
  const bwd = (p: number): number => phases[p].offset + bwdNext[p]++;
  const F = (p: number) => o.op(OP_F, phases[p].stage, fwd(p));
  const B = (p: number) => o.op(OP_B, phases[p].stage, bwd(p));
  const I = (p: number) => {
    const mb = bwd(p);
    o.op(OP_I, phases[p].stage, mb);
    deferred[tail++] = phases[p].stage;
    deferred[tail++] = mb;
  };
  // W is the weight gradient of the oldest split backward; full backwards (B) leave nothing behind.
  const W = () => {
    o.op(OP_W, deferred[head], deferred[head + 1]);
    head += 2;
  };
  const FB = (pf: number, pb: number) => {
    const f = fwd(pf);
    o.fb(phases[pf].stage, f, phases[pb].stage, bwd(pb));
  };
  const middle = k === R - 1;
  const notMiddle = R - k - 1;

  for (let i = 0; i < 2 * notMiddle; i++) F(0); // 1 nF0
  for (let i = 0; i < k + 1; i++) {
    F(0); // 2 nF0F1
    F(1);
  }
  for (let i = 0; i < notMiddle; i++) {
    I(1); // 3 nB1W1F1
    W();
    F(1);
  }
  for (let i = 0; i < C - 2 * R + k + 1; i++) {
    if (i === 0 && middle) {
      // 4 main: the middle rank runs its first pair unoverlapped to shorten the bubble
      F(0);
      B(1);
    } else FB(0, 1);
    FB(1, 0);
  }
  for (let i = 0; i < notMiddle; i++) {
    B(1); // 5 nB1F1B0
    FB(1, 0);
  }
  // 6 nB1B0: the second half switches to split backward so the W can fill the tail bubble
  let zeroBubble = false;
  const X = (p: number) => (zeroBubble ? I(p) : B(p));
  for (let i = 0; i < k + 1; i++) {
    const half = i === Math.floor((k + 1) / 2);
    if (half && k % 2 === 1) zeroBubble = true;
    X(1);
    if (half && k % 2 === 0) zeroBubble = true;
    X(0);
  }
  for (let i = 0; i < notMiddle; i++) {
    W(); // 7 nWB0
    I(0);
  }
  for (let i = 0; i < k + 1; i++) W(); // 8 nW
  o.endRank();
}

export function dualPipeOrder(ranks: number, microbatches: number): columns.OpColumns {
  const P = ranks;
  const half = microbatches / 2;
  const o = new OpColumnsBuilder(3 * P * microbatches);
  for (let r = 0; r < P; r++) {
    const down: Phase = { stage: r, offset: 0 };
    const up: Phase = { stage: 2 * P - 1 - r, offset: half };
    template(o, P / 2, Math.min(r, P - 1 - r), half, r < P / 2 ? [down, up] : [up, down]);
  }
  return o.finish();
}

export function dualPipeVOrder(ranks: number, microbatches: number): columns.OpColumns {
  const P = ranks;
  const o = new OpColumnsBuilder(6 * P * microbatches);
  for (let r = 0; r < P; r++) {
    template(o, P, r, microbatches, [
      { stage: r, offset: 0 },
      { stage: 2 * P - 1 - r, offset: 0 },
    ]);
  }
  return o.finish();
}
