/**
 * Helper for generators: per-(stage, kind) FIFO micro-batch counters, as every reference
 * implementation keeps them (docs/schedules.md §1.2: the i-th F of stage s processes micro-batch i).
 */
import type { Op, SimpleKind, StageMb } from '../types.ts';

export class RankOrder {
  readonly ops: Op[] = [];
  /** counters[3·stage + counter kind]; a plain array (no string keys) keeps P=64 orders fast */
  private readonly counters: number[] = [];

  /** Next micro-batch of (stage, kind) counted from `offset` (DualPipe direction 1 starts at M/2). */
  next(kind: 'F' | 'BWD' | 'W', stage: number, offset = 0): StageMb {
    const key = 3 * stage + (kind === 'F' ? 0 : kind === 'BWD' ? 1 : 2);
    const i = this.counters[key] ?? 0;
    this.counters[key] = i + 1;
    return { stage, microbatch: offset + i };
  }

  /** Appends the next op of `kind` on `stage`; B and I share one counter (both consume the gradient). */
  push(kind: SimpleKind, stage: number, offset = 0): StageMb {
    const counter = kind === 'F' ? 'F' : kind === 'W' ? 'W' : 'BWD';
    const at = this.next(counter, stage, offset);
    this.ops.push({ kind, ...at });
    return at;
  }
}
