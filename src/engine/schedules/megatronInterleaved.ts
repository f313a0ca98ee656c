/**
 * Megatron-Core's interleaved 1F1B ("interleaved-1f1b-megatron") and its combined 1F1B variant.
 *
 * What it computes: rank r's op order for P ranks, V model chunks per rank (chunk c of rank r is
 * global stage c·P + r) and M micro-batches, with micro-batches issued in groups of N per virtual
 * stage (`microbatch_group_size_per_vp_stage`, default P). Plain: F and full B ops. Combined 1F1B
 * (`overlap_moe_expert_parallel_comm`, the EP all-to-all overlap): one extra warm-up forward, then
 * every steady-state forward and backward issued together as one FB op.
 *
 * Source: NVIDIA/Megatron-LM d98e8a6, megatron/core/pipeline_parallel/schedules.py, written anew:
 * - `get_schedule_table`: virtual micro-batch k → (micro-batch, chunk): groups of N micro-batches
 *   run through chunk 0, then chunk 1, ...; the last group takes every remaining micro-batch;
 * - `get_pp_rank_microbatches`: warm-up 2(P − r − 1) + (V − 1)·N forwards, +1 with the EP overlap,
 *   capped at V·M;
 * - `forward_backward_pipelining_with_interleaving`: warm-up forwards k = 0..w−1; steady state
 *   `forward_backward_helper_wrapper(f = w + k, b = k)` (F then B, or one combined step); cool-down
 *   backwards; `get_model_chunk_id(k, forward=False)` = V − 1 − chunk of table entry k; a backward
 *   pops the oldest forward of its chunk (`input_tensors[chunk].pop(0)`), so micro-batches per
 *   chunk are FIFO; its checks on N and M (`megatronGroupIssue`);
 * - combined_1f1b.py `combined_1f1b_schedule_for_interleaved_pipelining`: the steady step's
 *   forward and backward go into one `combined_forward_backward_step`.
 * Checked op by op against Megatron run unmodified (fixtures/golden/megatron-interleaved/).
 */
import type { Op } from '../types.ts';
import type { InputIssue, ScheduleField } from '../errors.ts';
import { RankOrder } from './orderBuilder.ts';

export interface MegatronOptions {
  /** micro-batches per virtual-stage group N */
  groupSize: number;
  /** combined 1F1B (EP all-to-all overlap) */
  epOverlap: boolean;
}

/** Whether Megatron runs group size N: P ≤ N ≤ M, and the last group empty or at least P long. */
function groupRuns(ranks: number, microbatches: number, groupSize: number): boolean {
  const last = microbatches % groupSize;
  return groupSize >= ranks && groupSize <= microbatches && (last === 0 || last >= ranks);
}

/**
 * Megatron's own rejection of (P, M, N), word for word where it raises, or null. It raises
 * ValueError unless P ≤ N ≤ M, and RuntimeError when the last group is non-empty but shorter than P.
 * A group size that was given is the field to change (suggested: the nearest N that runs; N = M
 * does whenever M ≥ P); the default N = P follows P, so then M is (suggested: the next multiple of P).
 */
export function megatronGroupIssue(ranks: number, microbatches: number, groupSize: number, given = true): InputIssue<ScheduleField> | null {
  if (groupRuns(ranks, microbatches, groupSize)) return null;
  const last = microbatches % groupSize;
  const message =
    groupSize > microbatches || groupSize < ranks
      ? `Megatron requires the number of contiguous micro-batches in a virtual pipeline stage (group size N=${groupSize}) to range in [PP=${ranks}, M=${microbatches}]`
      : `Megatron requires the remainder of M=${microbatches} divided by the group size N=${groupSize} to be 0 or at least the pipeline-parallel size ${ranks}, but it is ${last} (otherwise it introduces dependency bubbles)`;
  if (!given) return { field: 'microbatches', message, suggestion: Math.max(1, Math.ceil(microbatches / ranks)) * ranks };
  let suggestion: number | undefined;
  for (let d = 1; suggestion === undefined && d <= Math.max(groupSize, microbatches); d++) {
    for (const n of [groupSize - d, groupSize + d])
      if (suggestion === undefined && n >= 1 && groupRuns(ranks, microbatches, n)) suggestion = n;
  }
  return { field: 'groupSize', message, ...(suggestion !== undefined ? { suggestion } : {}) };
}

/** `get_schedule_table`: chunk of each virtual micro-batch k (the micro-batch follows per chunk in order). */
export function megatronChunkTable(microbatches: number, chunks: number, groupSize: number): Int32Array {
  const table = new Int32Array(microbatches * chunks);
  let k = 0;
  for (let first = 0; first < microbatches; first += groupSize) {
    const end = first + groupSize >= microbatches ? microbatches : first + groupSize;
    for (let c = 0; c < chunks; c++) for (let mb = first; mb < end; mb++) table[k++] = c;
  }
  return table;
}

export function megatronInterleavedOrder(ranks: number, microbatches: number, chunks: number, opts: MegatronOptions): Op[][] {
  const P = ranks;
  const total = microbatches * chunks;
  const table = megatronChunkTable(microbatches, chunks, opts.groupSize);
  const fStage = (r: number, k: number) => table[k]! * P + r;
  const bStage = (r: number, k: number) => (chunks - 1 - table[k % total]!) * P + r;
  return Array.from({ length: P }, (_, r) => {
    const o = new RankOrder();
    let warmUp = (P - r - 1) * 2 + (chunks - 1) * opts.groupSize + (opts.epOverlap ? 1 : 0);
    if (warmUp >= total) warmUp = total;
    for (let k = 0; k < warmUp; k++) o.push('F', fStage(r, k));
    for (let k = 0; k < total - warmUp; k++) {
      if (opts.epOverlap) {
        const forward = o.next('F', fStage(r, warmUp + k));
        const backward = o.next('BWD', bStage(r, k));
        o.ops.push({ kind: 'FB', forward, backward });
      } else {
        o.push('F', fStage(r, warmUp + k));
        o.push('B', bStage(r, k));
      }
    }
    for (let k = total - warmUp; k < total; k++) o.push('B', bStage(r, k));
    return o.ops;
  });
}
