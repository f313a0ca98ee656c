/**
 * DualPipe and DualPipeV (DeepSeek-V3 report §3.2.1; deepseek-ai/DualPipe `dualpipe.py`,
 * `dualpipev.py`; docs/schedules.md §3.8). Both run one eight-step template per rank with parameters
 * (R, k, C): DualPipe (P/2, min(r, P-1-r), M/2), DualPipeV (P, r, M). Phase 0 and phase 1 are the
 * rank's two local chunks; each (phase, forward|backward) has its own micro-batch counter, and W
 * pops the oldest deferred backward of the rank (one FIFO shared by both phases).
 */
import type { FBOp, Op, StageMb } from '../types.ts';
import { RankOrder } from './orderBuilder.ts';

interface Phase {
  stage: number;
  /** first micro-batch id of this phase's direction (DualPipe direction 1 starts at M/2) */
  offset: number;
}

function template(R: number, k: number, C: number, phases: [Phase, Phase]): Op[] {
  const o = new RankOrder();
  const deferred: StageMb[] = [];
  const fwd = (p: 0 | 1): StageMb => o.next('F', phases[p].stage, phases[p].offset);
  const bwd = (p: 0 | 1): StageMb => o.next('BWD', phases[p].stage, phases[p].offset);
  const F = (p: 0 | 1) => o.ops.push({ kind: 'F', ...fwd(p) });
  const B = (p: 0 | 1) => o.ops.push({ kind: 'B', ...bwd(p) });
  const I = (p: 0 | 1) => {
    const at = bwd(p);
    o.ops.push({ kind: 'I', ...at });
    deferred.push(at);
  };
  // W is the weight gradient of the oldest split backward; full backwards (B) leave nothing behind.
  const W = () => o.ops.push({ kind: 'W', ...deferred.shift()! });
  const FB = (pf: 0 | 1, pb: 0 | 1) => {
    const op: FBOp = { kind: 'FB', forward: fwd(pf), backward: bwd(pb) };
    o.ops.push(op);
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
  const X = (p: 0 | 1) => (zeroBubble ? I(p) : B(p));
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
  return o.ops;
}

export function dualPipeOrder(ranks: number, microbatches: number): Op[][] {
  const P = ranks;
  const half = microbatches / 2;
  return Array.from({ length: P }, (_, r) => {
    const down: Phase = { stage: r, offset: 0 };
    const up: Phase = { stage: 2 * P - 1 - r, offset: half };
    return template(P / 2, Math.min(r, P - 1 - r), half, r < P / 2 ? [down, up] : [up, down]);
  });
}

export function dualPipeVOrder(ranks: number, microbatches: number): Op[][] {
  const P = ranks;
  return Array.from({ length: P }, (_, r) =>
    template(P, r, microbatches, [
      { stage: r, offset: 0 },
      { stage: 2 * P - 1 - r, offset: 0 },
    ]),
  );
}
