/**
 * Where each rank's time went and the measured critical path (docs/measured.md §8).
 *
 * Over the step [0, makespan] every µs of rank r is one of: busy (computing: compute start to range
 * end, waits.ts), waiting (idle while its next op's input from another rank had not arrived — the
 * time the runtime spends blocked on a RECV from the rank holding the neighbouring stage), or
 * bubble (idle with nothing to run: the runtime's own send/receive bookkeeping, gaps between ops,
 * and the time after the rank's last op). busy + waiting + bubble = makespan, reported in ms.
 *
 * Critical path: from the op that ends last, walk back to whichever held it: the producer on
 * another rank when the op waited for its input, else the rank's previous op. Every step goes to an
 * op that ended earlier, so the walk ends at an op nothing held back (the step's first forward).
 */
import { torchAction } from '../interop/torchCsv.ts';
import type { MeasuredRun } from './types.ts';
import { computeStart, opWaits, type OpWait } from './waits.ts';

export interface RankIdle {
  rank: number;
  waitingMs: number;
  bubbleMs: number;
  busyMs: number;
  /** waiting split by the rank waited for */
  waitingOn: { rank: number; ms: number }[];
}

export interface CriticalStep {
  rank: number;
  /** torch action string (`2F0`) */
  action: string;
  start: number;
  end: number;
  /** how the walk reached this op from the next one: same rank, or a cross-rank input */
  next: 'rank' | 'input' | null;
}

export interface CriticalPath {
  steps: CriticalStep[];
  /** compute on the path and waits between its cross-rank links, ms */
  computeMs: number;
  waitMs: number;
}

const MS = 1000;
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function rankIdle(run: MeasuredRun, waits: OpWait[][] = opWaits(run)): RankIdle[] {
  return run.measured.map(({ ops }, rank) => {
    let t = 0;
    let busy = 0;
    let waiting = 0;
    let bubble = 0;
    const on = new Map<number, number>();
    ops.forEach((m, i) => {
      const cs = computeStart(m);
      if (cs > t) {
        const w = waits[rank][i];
        const waited = Math.max(0, Math.min(cs, w.ready) - t);
        waiting += waited;
        bubble += cs - t - waited;
        if (waited > 0 && w.peer !== null) on.set(w.peer, (on.get(w.peer) ?? 0) + waited);
      }
      busy += m.end - Math.max(cs, Math.min(t, m.end));
      t = Math.max(t, m.end);
    });
    bubble += Math.max(0, run.makespan - t);
    return {
      rank,
      waitingMs: r6(waiting / MS),
      bubbleMs: r6(bubble / MS),
      busyMs: r6(busy / MS),
      waitingOn: [...on].sort((a, b) => a[0] - b[0]).map(([peer, us]) => ({ rank: peer, ms: r6(us / MS) })),
    };
  });
}

export function criticalPath(run: MeasuredRun, waits: OpWait[][] = opWaits(run)): CriticalPath {
  let rank = 0;
  let index = -1;
  run.measured.forEach(({ ops }, r) =>
    ops.forEach((m, i) => {
      if (index < 0 || m.end > run.measured[rank].ops[index].end) [rank, index] = [r, i];
    }),
  );
  const steps: CriticalStep[] = [];
  let computeUs = 0;
  let waitUs = 0;
  const guard = run.measured.reduce((n, r) => n + r.ops.length, 0);
  let next: CriticalStep['next'] = null;
  while (index >= 0 && steps.length <= guard) {
    const m = run.measured[rank].ops[index];
    const cs = computeStart(m);
    steps.push({ rank, action: torchAction(m.op), start: m.start, end: m.end, next });
    computeUs += m.end - cs;
    const w = waits[rank][index];
    const prevEnd = index > 0 ? run.measured[rank].ops[index - 1].end : -Infinity;
    if (w.producer && w.ready > prevEnd) {
      const p = run.measured[w.producer.rank].ops[w.producer.index];
      waitUs += Math.max(0, cs - p.end);
      [rank, index] = [w.producer.rank, w.producer.index];
      next = 'input';
    } else {
      index -= 1;
      next = 'rank';
    }
  }
  steps.reverse();
  return { steps, computeMs: r6(computeUs / MS), waitMs: r6(waitUs / MS) };
}
