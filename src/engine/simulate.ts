/**
 * Dependency-driven timeline (docs/schedules.md §1.3, = sail-sg `passes.add_time`): each rank runs its
 * ops in order on one compute stream; an op starts when its rank is free and every input has
 * arrived — the producer's end, plus `comm` when the producer is on another rank. An FB op waits
 * for both halves' inputs and publishes both outputs at its end (the conservative reading).
 *
 * Seq1F1B ops carry a sequence split: every dependency stays within one (micro-batch, split), so
 * the simulator keys its slots by the unit mb·N + split (N = `schedule.seqSplits`).
 *
 * Linear in the number of ops: ranks advance greedily; a rank blocked on a missing input parks on
 * that input and is woken when it is produced. Ranks left parked at the end form a deadlock,
 * reported with the op each waits for. The hot loop creates no closures (bundlers that keep
 * function names wrap every closure creation in a call).
 */
import { opCost } from './costs.ts';
import { ScheduleError } from './errors.ts';
import { formatOp } from './format.ts';
import type { Costs, Schedule, SimpleOp, TimedOp, Timeline, Topology } from './types.ts';

/** Output slots per (stage, micro-batch): forward done, input-gradient done (B or I), I done (for W). */
const FWD = 0;
const BWD = 1;
const IDONE = 2;
const BLOCKED = -1;

interface State {
  topo: Topology;
  S: number;
  M: number;
  comm: number;
  /** end time of each produced slot, NaN until produced */
  ready: Float64Array;
  /** slot that blocked the last `arrival` call */
  missing: number;
}

// Micro-batch-major: the producer and consumer of a dependency (same micro-batch, neighbouring
// stages) share a cache line, which keeps large schedules (P=64, M=512) linear in practice.
const slotOf = (st: State, kind: number, stage: number, mb: number) => (mb * st.S + stage) * 3 + kind;

/** When slot (kind, stage, mb) is usable on rank r, or BLOCKED (recording the slot) if not produced yet. */
function arrival(st: State, r: number, kind: number, stage: number, mb: number): number {
  const slot = slotOf(st, kind, stage, mb);
  const at = st.ready[slot];
  if (Number.isNaN(at)) {
    st.missing = slot;
    return BLOCKED;
  }
  return st.topo.stageRank[stage] === r ? at : at + st.comm;
}

/** Latest input arrival of a simple op of `kind` on rank r, or BLOCKED. */
function inputsReady(st: State, r: number, kind: string, stage: number, mb: number): number {
  if (kind === 'F') {
    const prev = st.topo.prevStage[stage];
    return prev < 0 ? 0 : arrival(st, r, FWD, prev, mb);
  }
  if (kind === 'W') return arrival(st, r, IDONE, stage, mb);
  const own = arrival(st, r, FWD, stage, mb);
  if (own === BLOCKED) return BLOCKED;
  const next = st.topo.nextStage[stage];
  if (next < 0) return own;
  const grad = arrival(st, r, BWD, next, mb);
  return grad === BLOCKED ? BLOCKED : Math.max(own, grad);
}

export function simulate(schedule: Schedule, costs: Costs): Timeline {
  const topo = schedule.topology;
  // [seq splits] one slot set per (micro-batch, split) unit
  const N = schedule.seqSplits ?? 1;
  const unit = (op: SimpleOp) => op.microbatch * N + (op.split ?? 0);
  const M = schedule.microbatches * N;
  const P = schedule.ops.length;
  const S = topo.numStages;
  const st: State = { topo, S, M, comm: costs.comm, ready: new Float64Array(3 * S * M).fill(NaN), missing: -1 };
  const waitHead = new Int32Array(3 * S * M).fill(-1);
  const waitNext = new Int32Array(P).fill(-1);
  const waitingOn = new Int32Array(P).fill(-1);
  const pos = new Int32Array(P);
  const rankFree = new Float64Array(P);
  const out: TimedOp[][] = schedule.ops.map((ops) => new Array<TimedOp>(ops.length));
  const queue: number[] = [];
  for (let r = P - 1; r >= 0; r--) queue.push(r);

  const publish = (kind: number, stage: number, mb: number, end: number) => {
    const slot = slotOf(st, kind, stage, mb);
    st.ready[slot] = end;
    for (let w = waitHead[slot]; w >= 0; w = waitNext[w]) {
      waitingOn[w] = -1;
      queue.push(w);
    }
    waitHead[slot] = -1;
  };

  while (queue.length > 0) {
    const r = queue.pop()!;
    const ops = schedule.ops[r];
    while (pos[r] < ops.length) {
      const op = ops[pos[r]];
      let t: number;
      if (op.kind === 'FB') {
        const a = inputsReady(st, r, 'F', op.forward.stage, op.forward.microbatch * N);
        const b = a === BLOCKED ? BLOCKED : inputsReady(st, r, 'B', op.backward.stage, op.backward.microbatch * N);
        t = b === BLOCKED ? BLOCKED : Math.max(a, b);
      } else t = inputsReady(st, r, op.kind, op.stage, unit(op));
      if (t === BLOCKED) {
        waitingOn[r] = st.missing;
        waitNext[r] = waitHead[st.missing];
        waitHead[st.missing] = r;
        break;
      }
      const start = rankFree[r] > t ? rankFree[r] : t;
      const end = start + opCost(op, costs);
      rankFree[r] = end;
      out[r][pos[r]++] = { op, start, end };
      if (op.kind === 'FB') {
        publish(FWD, op.forward.stage, op.forward.microbatch * N, end);
        publish(BWD, op.backward.stage, op.backward.microbatch * N, end);
      } else if (op.kind === 'F') publish(FWD, op.stage, unit(op), end);
      else if (op.kind === 'B') publish(BWD, op.stage, unit(op), end);
      else if (op.kind === 'I') {
        publish(BWD, op.stage, unit(op), end);
        publish(IDONE, op.stage, unit(op), end);
      }
    }
  }

  const blocked: string[] = [];
  for (let r = 0; r < P; r++) if (pos[r] < schedule.ops[r].length) blocked.push(blockedAt(schedule, pos[r], waitingOn[r], r));
  if (blocked.length > 0) {
    const more = blocked.length > 4 ? `; and ${blocked.length - 4} more rank(s)` : '';
    throw new ScheduleError(`deadlock: ${blocked.slice(0, 4).join('; ')}${more}`);
  }
  return { schedule, costs, ops: out };
}

function blockedAt(schedule: Schedule, at: number, slot: number, r: number): string {
  const { numStages: S } = schedule.topology;
  const N = schedule.seqSplits ?? 1;
  const kind = slot % 3;
  const stage = Math.floor(slot / 3) % S;
  const u = Math.floor(slot / (3 * S));
  const mb = N > 1 ? `mb${Math.floor(u / N)} split ${u % N}` : `mb${u}`;
  const what = kind === FWD ? `F(s${stage}, ${mb})` : kind === BWD ? `the backward of (s${stage}, ${mb})` : `I(s${stage}, ${mb})`;
  return `rank ${r} cannot run op #${at} ${formatOp(schedule.ops[r][at])}: it waits for ${what}, which is never produced`;
}
