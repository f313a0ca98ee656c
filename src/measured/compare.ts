/**
 * The measured step beside its replay (docs/measured.md §12): what the app's measured page shows
 * besides the two charts. Pure; times µs, idle ms.
 *
 * - `compareOps`: for every op, the measured range, the part of it spent waiting for a received
 *   input (waits.ts) and the replayed op. The replay runs the measured order (simulateStages.ts),
 *   so op i of rank r is the same op in both. Differences are like for like: compute time
 *   (measured: range end − compute start; replayed ops do not wait inside) and compute start.
 * - `criticalOps`: the critical path's steps (idle.ts) as op positions.
 * - `idleBars`: each rank's step split into computing, waiting on each peer's send and no work.
 * - `fittedCostsFile`: the fit as a costs file for `schedule --costs-file` (the CLI report's).
 */
import type { CostsFile } from '../engine/index.ts';
import { torchAction } from '../interop/torchCsv.ts';
import type { TraceAnalysis } from './analyze.ts';
import { traceReport } from './report.ts';
import { computeStart } from './waits.ts';

export interface OpComparison {
  /** measured range, µs */
  start: number;
  end: number;
  /** when computing began inside the range (after waiting for a received input), µs */
  computeStart: number;
  /** µs of the range spent waiting for the input */
  wait: number;
  /** the replayed op, µs; null when the engine could not replay the order */
  simulated: { start: number; end: number } | null;
  /** simulated − measured compute time, µs */
  durationDiff: number | null;
  /** simulated − measured compute start, µs */
  startShift: number | null;
}

/** compareOps(a)[r][i]: op i of rank r, measured and replayed. */
export function compareOps(a: TraceAnalysis): OpComparison[][] {
  const sim = a.simulated?.timeline.ops ?? null;
  return a.run.measured.map(({ ops }, r) =>
    ops.map((m, i) => {
      const cs = computeStart(m);
      const s = sim?.[r]?.[i] ?? null;
      return {
        start: m.start,
        end: m.end,
        computeStart: cs,
        wait: cs - m.start,
        simulated: s && { start: s.start, end: s.end },
        durationDiff: s && s.end - s.start - (m.end - cs),
        startShift: s && s.start - cs,
      };
    }),
  );
}

export interface CriticalOp {
  rank: number;
  index: number;
  /** how the path reaches the next step: same rank, or the next op waited for this one's output */
  next: 'rank' | 'input' | null;
}

/** The critical path's steps in time order, as (rank, op index) of the measured ops. */
export function criticalOps(a: TraceAnalysis): CriticalOp[] {
  const byStart = a.run.measured.map(({ ops }) => new Map(ops.map((m, i) => [`${m.start}/${torchAction(m.op)}`, i])));
  return a.critical.steps.map((s) => ({
    rank: s.rank,
    index: byStart[s.rank].get(`${s.start}/${s.action}`) ?? -1,
    next: s.next,
  }));
}

export type IdlePart = { kind: 'busy'; ms: number } | { kind: 'waiting'; peer: number; ms: number } | { kind: 'no work'; ms: number };

/** Per rank: computing, then waiting on each peer (rank order), then no work scheduled; ms, summing to the makespan. */
export function idleBars(a: TraceAnalysis): IdlePart[][] {
  return a.idle.map((i) => [
    { kind: 'busy', ms: i.busyMs },
    ...i.waitingOn.map((w): IdlePart => ({ kind: 'waiting', peer: w.rank, ms: w.ms })),
    { kind: 'no work', ms: i.bubbleMs },
  ]);
}

/** The fitted costs as a costs file (docs/cli.md `--costs-file`), µs rounded to ns: the CLI report's `fitted.costs`. */
export function fittedCostsFile(a: TraceAnalysis): CostsFile {
  return traceReport(a).fitted.costs;
}
