/**
 * Dependency-driven timeline (schedules.md §1.3, = sail-sg `passes.add_time`): each rank runs its
 * ops in order on one compute stream; an op starts when its rank is free and every input has
 * arrived — the producer's end, plus `comm` when the producer is on another rank. An FB op waits
 * for both halves' inputs and publishes both outputs at its end (the conservative reading).
 *
 * Linear in the number of ops: ranks advance greedily; a rank blocked on a missing input parks on
 * that input and is woken when it is produced. Ranks left parked at the end form a deadlock,
 * reported with the op each waits for.
 */
import { opCost } from './costs.ts';
import { ScheduleError } from './errors.ts';
import { formatOp } from './format.ts';
import type { Costs, Op, Schedule, TimedOp, Timeline } from './types.ts';

/** Output slots: FWD(s, mb) = F done, BWD(s, mb) = B or I done (input gradient), WGT(s, mb) = I done for W. */
const FWD = 0;
const BWD = 1;
const IDONE = 2;

export function simulate(schedule: Schedule, costs: Costs): Timeline {
  const { topology: topo, microbatches: M } = schedule;
  const P = schedule.ops.length;
  const S = topo.numStages;
  const slot = (kind: number, stage: number, mb: number) => (kind * S + stage) * M + mb;
  const ready = new Float64Array(3 * S * M).fill(NaN);
  const waitHead = new Int32Array(3 * S * M).fill(-1);
  const waitNext = new Int32Array(P).fill(-1);
  const waitingOn = new Int32Array(P).fill(-1);
  const pos = new Int32Array(P);
  const rankFree = new Float64Array(P);
  const out: TimedOp[][] = schedule.ops.map(() => []);
  const queue: number[] = [];
  for (let r = P - 1; r >= 0; r--) queue.push(r);

  // Latest arrival time of the inputs of `op` on rank r, or the first missing slot as -(slot+1).
  const inputs = (r: number, kind: string, stage: number, mb: number): number => {
    let t = 0;
    let missing = -1;
    const need = (k: number, s: number): boolean => {
      const at = ready[slot(k, s, mb)];
      if (Number.isNaN(at)) {
        missing = slot(k, s, mb);
        return false;
      }
      const arrive = topo.stageRank[s] === r ? at : at + costs.comm;
      if (arrive > t) t = arrive;
      return true;
    };
    if (kind === 'F') {
      const prev = topo.prevStage[stage];
      if (prev >= 0 && !need(FWD, prev)) return -(missing + 1);
    } else if (kind === 'W') {
      if (!need(IDONE, stage)) return -(missing + 1);
    } else {
      if (!need(FWD, stage)) return -(missing + 1);
      const next = topo.nextStage[stage];
      if (next >= 0 && !need(BWD, next)) return -(missing + 1);
    }
    return t;
  };

  const publish = (k: number, stage: number, mb: number, end: number) => {
    const s = slot(k, stage, mb);
    ready[s] = end;
    for (let w = waitHead[s]; w >= 0; w = waitNext[w]) {
      waitingOn[w] = -1;
      queue.push(w);
    }
    waitHead[s] = -1;
  };

  while (queue.length > 0) {
    const r = queue.pop()!;
    const ops = schedule.ops[r];
    while (pos[r] < ops.length) {
      const op = ops[pos[r]];
      let t: number;
      if (op.kind === 'FB') {
        const a = inputs(r, 'F', op.forward.stage, op.forward.microbatch);
        const b = a < 0 ? a : inputs(r, 'B', op.backward.stage, op.backward.microbatch);
        t = a < 0 ? a : b < 0 ? b : Math.max(a, b);
      } else t = inputs(r, op.kind, op.stage, op.microbatch);
      if (t < 0) {
        const s = -t - 1;
        waitingOn[r] = s;
        waitNext[r] = waitHead[s];
        waitHead[s] = r;
        break;
      }
      const start = Math.max(rankFree[r], t);
      const end = start + opCost(op, costs);
      rankFree[r] = end;
      out[r].push({ op, start, end });
      pos[r]++;
      if (op.kind === 'FB') {
        publish(FWD, op.forward.stage, op.forward.microbatch, end);
        publish(BWD, op.backward.stage, op.backward.microbatch, end);
      } else if (op.kind === 'F') publish(FWD, op.stage, op.microbatch, end);
      else if (op.kind === 'B') publish(BWD, op.stage, op.microbatch, end);
      else if (op.kind === 'I') {
        publish(BWD, op.stage, op.microbatch, end);
        publish(IDONE, op.stage, op.microbatch, end);
      }
    }
  }

  for (let r = 0; r < P; r++) {
    if (pos[r] < schedule.ops[r].length) throw new ScheduleError(deadlockMessage(schedule, pos, waitingOn, r, S, M));
  }
  return { schedule, costs, ops: out };
}

function deadlockMessage(schedule: Schedule, pos: Int32Array, waitingOn: Int32Array, r: number, S: number, M: number): string {
  const s = waitingOn[r];
  const kind = Math.floor(s / (S * M));
  const stage = Math.floor(s / M) % S;
  const mb = s % M;
  const what = kind === FWD ? `F(s${stage}, mb${mb})` : kind === BWD ? `the backward of (s${stage}, mb${mb})` : `I(s${stage}, mb${mb})`;
  const op: Op = schedule.ops[r][pos[r]];
  return `deadlock: rank ${r} cannot run op #${pos[r]} ${formatOp(op)} because ${what} is never produced before it (the ranks wait on each other)`;
}
