/**
 * One clock for all ranks (docs/measured.md §3). Each file has its own clock; on one host they are
 * the same clock, across hosts they differ by an unknown offset. Causality bounds the offsets: data
 * cannot arrive before it is sent, so for every cross-rank transfer from rank a to rank b
 *   arrival_b + off_b ≥ send_a + off_a,   i.e.   off_b − off_a ≥ send_a − arrival_b =: L
 * (torch traces: the RECV's completion vs the SEND range's start; every format: the consumer op's
 * end vs the producer op's end, looser but always present). Transfers both ways between two ranks
 * bound their offset from both sides. The strongest bound per ordered rank pair forms a system of
 * difference constraints; longest paths from rank 0 give each rank's feasible interval.
 *
 * If offsets of 0 satisfy every constraint the files are taken to share a clock and kept as they
 * are (a smaller, undetectable skew is within the reported bounds). Otherwise each rank gets the
 * middle of its interval (for a chain of ranks the middles satisfy every pair), then any pair still
 * violated on a cyclic layout is repaired by relaxation. A system no offsets can satisfy means the
 * files are not one step.
 */
import { ImportError } from '../interop/errors.ts';
import { FWD, edgesOf, halfStage, sendTarget, type Schedule, type SlotKind } from '../engine/index.ts';
import { TRANSFER_SLOT, type ClockReport, type RankTrace } from './types.ts';

/** off[to] − off[from] ≥ lower (µs), with a description of the tightest transfer for messages. */
export interface ClockConstraint {
  from: number;
  to: number;
  lower: number;
  what: string;
}

const key = (slot: SlotKind, stage: number, mb: number) => `${slot}:${stage}:${mb}`;

/** The causality constraints of a step (see the module comment); `order` is the step's op order, rank r = traces[r]. */
export function clockConstraints(traces: RankTrace[], order: Schedule): ClockConstraint[] {
  const out: ClockConstraint[] = [];
  const topo = order.topology;
  // each send by the data it moves and the stage on another rank that consumes it (the engine's sendTarget)
  const sends = new Map<string, { rank: number; start: number }>();
  for (const t of traces) {
    for (const c of t.comm) {
      const slot = TRANSFER_SLOT[c.kind];
      if ((c.kind === 'SEND_F' || c.kind === 'SEND_B') && slot !== undefined && c.microbatch !== null && c.stage < topo.numStages) {
        const to = sendTarget(topo, slot, c.stage);
        if (to >= 0) sends.set(key(slot, to, c.microbatch), { rank: t.rank, start: c.start });
      }
    }
  }
  for (const t of traces) {
    for (const c of t.comm) {
      const slot = TRANSFER_SLOT[c.kind];
      if ((c.kind !== 'RECV_F' && c.kind !== 'RECV_B') || slot === undefined || c.arrived === undefined || c.microbatch === null) continue;
      const s = sends.get(key(slot, c.stage, c.microbatch));
      if (s && s.rank !== t.rank)
        out.push({
          from: s.rank,
          to: t.rank,
          lower: s.start - c.arrived,
          what: `${c.kind} of stage ${c.stage} micro-batch ${c.microbatch}`,
        });
    }
  }
  // consumer end ≥ producer end for every dependency across ranks (the engine's edges)
  for (const e of edgesOf(order)) {
    if (e.fromRank === e.toRank) continue;
    const consumer = traces[e.toRank].ops[e.toIndex];
    const stage = halfStage(consumer.op, e.toHalf);
    out.push({
      from: e.fromRank,
      to: e.toRank,
      lower: traces[e.fromRank].ops[e.fromIndex].end - consumer.end,
      what: `${e.slot === FWD ? 'F' : 'B'} of stage ${stage} micro-batch ${e.microbatch} (its input from stage ${e.stage})`,
    });
  }
  return out;
}

/** Longest-path bounds of off[r] − off[0] (Bellman-Ford; P rounds at most). */
function bounds(P: number, tight: ClockConstraint[]): { lo: number[]; hi: number[] } {
  const longest = (src: number, reverse: boolean) => {
    const d = new Array<number>(P).fill(-Infinity);
    d[src] = 0;
    for (let round = 0; round <= P; round++) {
      let changed = false;
      for (const c of tight) {
        const [a, b] = reverse ? [c.to, c.from] : [c.from, c.to];
        if (d[a] > -Infinity && d[a] + c.lower > d[b] + 1e-9) {
          if (round === P)
            throw new ImportError(
              `the ranks' traces contradict each other under any clock offset (around the ${c.what}); they do not record one step`,
            );
          d[b] = d[a] + c.lower;
          changed = true;
        }
      }
      if (!changed) break;
    }
    return d;
  };
  const lo = longest(0, false);
  // off[0] − off[r] ≥ dr  ⇒  off[r] − off[0] ≤ −dr
  const hi = longest(0, true).map((d) => 0 - d);
  return { lo, hi };
}

/** The tightest constraint per ordered rank pair. */
function tightest(constraints: ClockConstraint[]): ClockConstraint[] {
  const best = new Map<string, ClockConstraint>();
  for (const c of constraints) {
    const k = `${c.from}>${c.to}`;
    const b = best.get(k);
    if (!b || c.lower > b.lower) best.set(k, c);
  }
  return [...best.values()];
}

/** Offsets (µs, added to each rank's times) that put all ranks on rank 0's clock. */
export function alignClocks(P: number, constraints: ClockConstraint[]): ClockReport {
  const tight = tightest(constraints);
  const violations = constraints.filter((c) => c.lower > 0).length;
  const { lo, hi } = bounds(P, tight);
  const boundsOut = lo.map((l, r): [number, number] => [l, hi[r]]);
  if (violations === 0)
    return { shared: true, pairs: constraints.length, violations: 0, offsets: new Array<number>(P).fill(0), bounds: boundsOut };
  const offsets = lo.map((l, r) => (Number.isFinite(l) && Number.isFinite(hi[r]) ? (l + hi[r]) / 2 : Number.isFinite(l) ? l : 0));
  for (let round = 0; round <= P; round++) {
    let changed = false;
    for (const c of tight) {
      if (offsets[c.from] + c.lower > offsets[c.to] + 1e-9) {
        offsets[c.to] = offsets[c.from] + c.lower;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return { shared: false, pairs: constraints.length, violations, offsets, bounds: boundsOut };
}
