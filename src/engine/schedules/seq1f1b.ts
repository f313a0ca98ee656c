/**
 * Seq1F1B: 1F1B over sequence chunks. Each micro-batch is cut along the sequence into N chunks
 * ("splits", 0-based); a rank runs the forwards of a micro-batch's splits in sequence order and
 * their full backwards (B) in reverse, because the gradient of an early chunk's attention keys and
 * values needs every later chunk's backward first (Sun et al., "Seq1F1B: Efficient
 * Sequence-Level Pipeline Parallelism for Large Language Model Training", arXiv 2406.03488).
 *
 * What it computes: rank r's F and B ops (stage r, micro-batch, split) for P ranks, M
 * micro-batches and N splits. Warm-up min(P − r − 2 + N, M·N) split-forwards, then one forward
 * and one backward split at a time, then the remaining backwards — 1F1B on M·N units, N − 1 more
 * warm-up units than P − r − 1 so the first backward's later splits are already done.
 *
 * Source: sail-sg/zero-bubble-pipeline-parallelism main 39f2c18,
 * megatron/core/pipeline_parallel/zerobubble/scheduler/seq1f1b.py `create_schedule`, written anew
 * and checked op by op against its output (fixtures/golden/sail-budget/Seq1F1B_*).
 */
import type { Op } from '../types.ts';

export function seq1f1bOrder(ranks: number, microbatches: number, splits: number): Op[][] {
  const N = splits;
  const units = microbatches * N;
  return Array.from({ length: ranks }, (_, r) => {
    const ops: Op[] = [];
    // forwards walk unit u = mb·N + split in order; backwards walk the same units with the
    // split reversed inside each micro-batch
    const forward = (u: number) => ops.push({ kind: 'F', stage: r, microbatch: Math.floor(u / N), split: u % N });
    const backward = (u: number) => ops.push({ kind: 'B', stage: r, microbatch: Math.floor(u / N), split: N - 1 - (u % N) });
    const warmUp = Math.max(0, Math.min(ranks - r - 2 + N, units));
    for (let u = 0; u < warmUp; u++) forward(u);
    for (let i = 0; i < units - warmUp; i++) {
      forward(warmUp + i);
      backward(i);
    }
    for (let u = units - warmUp; u < units; u++) backward(u);
    return ops;
  });
}
