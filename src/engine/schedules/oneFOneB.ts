/**
 * 1F1B (torch `Schedule1F1B` executed loop = Megatron/sail `basic1f1b`, docs/schedules.md §3.2).
 * Rank r warms up with min(P-1-r, M) forwards, alternates F/B, then drains the backwards.
 * torch additionally requires M >= P; Megatron and sail do not, and neither do we.
 */
import * as columns from '../columns.ts';

// module-local aliases (simulate.ts explains why)
const { OP_F, OP_B, OpColumnsBuilder } = columns;

export function oneFOneBOrder(ranks: number, microbatches: number): columns.OpColumns {
  const M = microbatches;
  const out = new OpColumnsBuilder(2 * ranks * M);
  for (let r = 0; r < ranks; r++) {
    const w = Math.min(ranks - 1 - r, M);
    for (let i = 0; i < w; i++) out.op(OP_F, r, i);
    for (let i = 0; i < M - w; i++) {
      out.op(OP_F, r, w + i);
      out.op(OP_B, r, i);
    }
    for (let i = M - w; i < M; i++) out.op(OP_B, r, i);
    out.endRank();
  }
  return out.finish();
}
