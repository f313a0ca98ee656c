/**
 * 1F1B (torch `Schedule1F1B` executed loop = Megatron/sail `basic1f1b`, docs/schedules.md §3.2).
 * Rank r warms up with min(P-1-r, M) forwards, alternates F/B, then drains the backwards.
 * torch additionally requires M >= P; Megatron and sail do not, and neither do we.
 */
import type { Op } from '../types.ts';

export function oneFOneBOrder(ranks: number, microbatches: number): Op[][] {
  const M = microbatches;
  return Array.from({ length: ranks }, (_, r) => {
    const w = Math.min(ranks - 1 - r, M);
    const ops: Op[] = [];
    const f = (mb: number) => ops.push({ kind: 'F', stage: r, microbatch: mb });
    const b = (mb: number) => ops.push({ kind: 'B', stage: r, microbatch: mb });
    for (let i = 0; i < w; i++) f(i);
    for (let i = 0; i < M - w; i++) {
      f(w + i);
      b(i);
    }
    for (let i = M - w; i < M; i++) b(i);
    return ops;
  });
}
