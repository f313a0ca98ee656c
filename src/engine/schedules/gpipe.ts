/**
 * GPipe (torch `ScheduleGPipe`, docs/schedules.md §3.1): every rank runs all M forwards, then all M
 * backwards in ascending micro-batch order (the order torch's executed loop uses).
 */
import type { Op } from '../types.ts';

export function gpipeOrder(ranks: number, microbatches: number): Op[][] {
  return Array.from({ length: ranks }, (_, r) => {
    const ops: Op[] = [];
    for (let mb = 0; mb < microbatches; mb++) ops.push({ kind: 'F', stage: r, microbatch: mb });
    for (let mb = 0; mb < microbatches; mb++) ops.push({ kind: 'B', stage: r, microbatch: mb });
    return ops;
  });
}
