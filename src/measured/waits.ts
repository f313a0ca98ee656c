/**
 * Where each measured op spent its time (docs/measured.md §4): waiting for a received input, then
 * computing. torch's runtime waits for a receive inside the consuming compute range, so compute
 * starts at max(start, arrived) where `arrived` is the receive's completion. A completion only
 * says when the wait returned: when the data was already there the wait returns a few tens of µs
 * after the range starts (the runtime's own work before it), so a completion within
 * `waitThreshold` of the start is not a wait. Without completions (Megatron PP-timer files) an op
 * waited when its producer on another rank ended after this rank's previous op.
 */
import { edgesOf, type Edge, type Schedule } from '../engine/index.ts';
import type { MeasuredOp, MeasuredRun } from './types.ts';

/** µs: bounds of the wait threshold (profiler resolution; the runtime's own work before its wait) */
const MIN_THRESHOLD = 1;
const MAX_THRESHOLD = 50;

/** Compute start of a measured op, µs (its start, or its input's arrival inside the range). */
export function computeStart(m: MeasuredOp): number {
  if (m.arrived === undefined || m.arrived <= m.start) return m.start;
  return Math.min(m.arrived, m.end);
}

/**
 * Completions closer than this to the range start are the runtime reaching its wait, not waiting:
 * 3× the 10th percentile of all (arrived − start), which sits in the no-wait cluster whenever at
 * least a tenth of the receives found their data ready (steady-state 1F1B has most of them), and at
 * most 50 µs — the real traces (fixtures/golden/torch-runtime) reach the wait 14–35 µs into a range
 * whose data is ready, so a step in which every receive waits still counts its waits.
 */
export function waitThreshold(run: MeasuredRun): number {
  const d = run.measured
    .flatMap((r) => r.ops)
    .filter((m) => m.arrived !== undefined && m.arrived >= m.start)
    .map((m) => m.arrived! - m.start)
    .sort((a, b) => a - b);
  if (d.length === 0) return MIN_THRESHOLD;
  return Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, 3 * d[Math.floor(0.1 * (d.length - 1))]));
}

export interface OpRef {
  rank: number;
  index: number;
}

/**
 * inputs[r][i] = the dependencies of op (r, i) on ops of other ranks: the engine's edges
 * (dependencies.ts), in its order (by half, then need).
 */
export function crossRankInputs(order: Schedule): Edge[][][] {
  const inputs = order.ops.map((ops) => ops.map((): Edge[] => []));
  for (const e of edgesOf(order)) if (e.fromRank !== e.toRank) inputs[e.toRank][e.toIndex].push(e);
  return inputs;
}

export interface OpWait {
  /** when the op's cross-rank input was there, µs (−Infinity: it did not hold the op back) */
  ready: number;
  /** the rank it waited for, if it waited */
  peer: number | null;
  /** the producing op it waited for */
  producer: OpRef | null;
  /** the transfer it waited for: the engine's edge from that producer */
  input: Edge | null;
}

/** For every op: whether and until when a cross-rank input held it back (see the module comment). */
export function opWaits(run: MeasuredRun): OpWait[][] {
  const eps = waitThreshold(run);
  const inputs = crossRankInputs(run.order);
  return run.measured.map(({ ops }, r) =>
    ops.map((m, i) => {
      const endOf = (e: Edge) => run.measured[e.fromRank].ops[e.fromIndex].end;
      const last = inputs[r][i].reduce<Edge | null>((best, e) => (!best || endOf(e) > endOf(best) ? e : best), null);
      const none: OpWait = { ready: -Infinity, peer: null, producer: null, input: null };
      if (!last) return none;
      const waited = (ready: number): OpWait => ({
        ready,
        peer: last.fromRank,
        producer: { rank: last.fromRank, index: last.fromIndex },
        input: last,
      });
      if (m.arrived !== undefined) return m.arrived - m.start > eps ? waited(m.arrived) : none;
      const end = endOf(last);
      const prevEnd = i > 0 ? ops[i - 1].end : 0;
      return end > prevEnd ? waited(end) : none;
    }),
  );
}
