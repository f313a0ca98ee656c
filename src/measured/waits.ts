/**
 * Where each measured op spent its time (docs/measured.md §4): waiting for a received input, then
 * computing. torch's runtime waits for a receive inside the consuming compute range, so compute
 * starts at max(start, arrived) where `arrived` is the receive's completion. A completion only
 * says when the wait returned: when the data was already there the wait returns a few tens of µs
 * after the range starts (the runtime's own work before it), so a completion within
 * `waitThreshold` of the start is not a wait. Without completions (Megatron PP-timer files) an op
 * waited when its producer on another rank ended after this rank's previous op.
 */
import type { Op, Schedule, SimpleOp } from '../engine/index.ts';
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

const halves = (op: Op): SimpleOp[] =>
  op.kind === 'FB'
    ? [
        { kind: 'F', ...op.forward },
        { kind: 'B', ...op.backward },
      ]
    : [op];

/** producers[r][i] = the ops on other ranks whose output op (r, i) consumes (F ← F(prev), B/I ← B/I(next)). */
export function crossRankInputs(order: Schedule): OpRef[][][] {
  const { prevStage, nextStage, stageRank } = order.topology;
  const at = new Map<string, OpRef>();
  order.ops.forEach((ops, rank) =>
    ops.forEach((op, index) => {
      for (const p of halves(op)) if (p.kind !== 'W') at.set(`${p.kind === 'F' ? 'F' : 'B'}:${p.stage}:${p.microbatch}`, { rank, index });
    }),
  );
  return order.ops.map((ops, rank) =>
    ops.map((op) => {
      const out: OpRef[] = [];
      for (const p of halves(op)) {
        if (p.kind === 'W') continue;
        const from = p.kind === 'F' ? prevStage[p.stage] : nextStage[p.stage];
        if (from < 0 || stageRank[from] === rank) continue;
        const ref = at.get(`${p.kind === 'F' ? 'F' : 'B'}:${from}:${p.microbatch}`);
        if (ref) out.push(ref);
      }
      return out;
    }),
  );
}

export interface OpWait {
  /** when the op's cross-rank input was there, µs (−Infinity: it did not hold the op back) */
  ready: number;
  /** the rank it waited for, if it waited */
  peer: number | null;
  /** the producing op it waited for */
  producer: OpRef | null;
}

/** For every op: whether and until when a cross-rank input held it back (see the module comment). */
export function opWaits(run: MeasuredRun): OpWait[][] {
  const eps = waitThreshold(run);
  const inputs = crossRankInputs(run.order);
  return run.measured.map(({ ops }, r) =>
    ops.map((m, i) => {
      const producers = inputs[r][i];
      const last = producers.reduce<OpRef | null>(
        (best, p) => (!best || run.measured[p.rank].ops[p.index].end > run.measured[best.rank].ops[best.index].end ? p : best),
        null,
      );
      const none: OpWait = { ready: -Infinity, peer: null, producer: null };
      if (!last) return none;
      if (m.arrived !== undefined) return m.arrived - m.start > eps ? { ready: m.arrived, peer: last.rank, producer: last } : none;
      const end = run.measured[last.rank].ops[last.index].end;
      const prevEnd = i > 0 ? ops[i - 1].end : 0;
      return end > prevEnd ? { ready: end, peer: last.rank, producer: last } : none;
    }),
  );
}
