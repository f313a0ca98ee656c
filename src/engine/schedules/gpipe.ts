/**
 * GPipe (torch `ScheduleGPipe`, docs/schedules.md §3.1): every rank runs all M forwards, then all M
 * backwards in ascending micro-batch order (the order torch's executed loop uses).
 */
import * as columns from '../columns.ts';

// module-local aliases (simulate.ts explains why)
const { OP_F, OP_B, OpColumnsBuilder } = columns;

export function gpipeOrder(ranks: number, microbatches: number): columns.OpColumns {
  const out = new OpColumnsBuilder(2 * ranks * microbatches);
  for (let r = 0; r < ranks; r++) {
    for (let mb = 0; mb < microbatches; mb++) out.op(OP_F, r, mb);
    for (let mb = 0; mb < microbatches; mb++) out.op(OP_B, r, mb);
    out.endRank();
  }
  return out.finish();
}
