/**
 * ZB-V, the handcrafted V-shape zero-bubble schedule (Zero Bubble paper §6; torch
 * `ScheduleZBVZeroBubble` = sail-sg legacy `get_zb_v_schedule`, docs/schedules.md §3.7).
 * Rank r holds chunk 0 = stage r and chunk 1 = stage 2P-1-r. The plan is laid out for
 * n = max(2P-1, M) micro-batches; ops of micro-batches >= M are idle slots and dropped, which is
 * how the references run M < 2P-1.
 */
import * as columns from '../columns.ts';

// module-local aliases (simulate.ts explains why)
const { OP_F, OP_I, OP_W, OpColumnsBuilder } = columns;

export function zbVOrder(ranks: number, microbatches: number): columns.OpColumns {
  const P = ranks;
  const n = Math.max(2 * P - 1, microbatches);
  const out = new OpColumnsBuilder(6 * P * microbatches);
  // count[3 · chunk + kind code of F, I or W]: ops of that kind and chunk planned so far
  const count = new Int32Array(12);
  for (let r = 0; r < P; r++) {
    const stage0 = r;
    const stage1 = 2 * P - 1 - r;
    count.fill(0);
    const emit = (kind: number, chunk: number): void => {
      const mb = count[4 * chunk + kind]++;
      if (mb < microbatches) out.op(kind, chunk === 0 ? stage0 : stage1, mb);
    };
    const F = (c: number) => count[4 * c + OP_F];
    const W = (c: number) => count[4 * c + OP_W];
    for (let i = 0; i < 2 * (P - r) - 1; i++) emit(OP_F, 0);
    for (let i = 0; i < r; i++) {
      emit(OP_F, 1);
      emit(OP_F, 0);
    }
    for (let i = 0; i < P - r; i++) {
      emit(OP_F, 1);
      emit(OP_I, 1);
      emit(OP_W, 1);
    }
    while (F(1) < F(0) || F(0) < n) {
      if (F(0) < n) emit(OP_F, 0);
      emit(OP_I, 0);
      emit(OP_W, 0);
      emit(OP_F, 1);
      emit(OP_I, 1);
      emit(OP_W, 1);
    }
    for (let i = 0; i < r; i++) {
      emit(OP_I, 0);
      emit(OP_I, 1);
    }
    for (let i = 0; i < P - r; i++) {
      emit(OP_I, 0);
      emit(OP_W, 0);
    }
    while (W(1) < n) emit(OP_W, 1);
    while (W(0) < n) emit(OP_W, 0);
    out.endRank();
  }
  return out.finish();
}
