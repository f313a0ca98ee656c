/**
 * ZB-V, the handcrafted V-shape zero-bubble schedule (Zero Bubble paper §6; torch
 * `ScheduleZBVZeroBubble` = sail-sg legacy `get_zb_v_schedule`, docs/schedules.md §3.7).
 * Rank r holds chunk 0 = stage r and chunk 1 = stage 2P-1-r. The plan is laid out for
 * n = max(2P-1, M) micro-batches; ops of micro-batches >= M are idle slots and dropped, which is
 * how the references run M < 2P-1.
 */
import type { Op, SimpleKind } from '../types.ts';

export function zbVOrder(ranks: number, microbatches: number): Op[][] {
  const P = ranks;
  const n = Math.max(2 * P - 1, microbatches);
  return Array.from({ length: P }, (_, r) => {
    const stage = [r, 2 * P - 1 - r];
    const count: Record<SimpleKind, [number, number]> = { F: [0, 0], I: [0, 0], W: [0, 0], B: [0, 0] };
    const ops: Op[] = [];
    const emit = (kind: SimpleKind, chunk: 0 | 1) => {
      const mb = count[kind][chunk]++;
      if (mb < microbatches) ops.push({ kind, stage: stage[chunk], microbatch: mb });
    };
    for (let i = 0; i < 2 * (P - r) - 1; i++) emit('F', 0);
    for (let i = 0; i < r; i++) {
      emit('F', 1);
      emit('F', 0);
    }
    for (let i = 0; i < P - r; i++) {
      emit('F', 1);
      emit('I', 1);
      emit('W', 1);
    }
    while (count.F[1] < count.F[0] || count.F[0] < n) {
      if (count.F[0] < n) emit('F', 0);
      emit('I', 0);
      emit('W', 0);
      emit('F', 1);
      emit('I', 1);
      emit('W', 1);
    }
    for (let i = 0; i < r; i++) {
      emit('I', 0);
      emit('I', 1);
    }
    for (let i = 0; i < P - r; i++) {
      emit('I', 0);
      emit('W', 0);
    }
    while (count.W[1] < n) emit('W', 1);
    while (count.W[0] < n) emit('W', 0);
    return ops;
  });
}
