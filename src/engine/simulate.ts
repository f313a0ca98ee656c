/**
 * Dependency-driven timeline (docs/schedules.md §1.3, = sail-sg `passes.add_time`): each rank runs its
 * ops in order on one compute stream; an op starts when its rank is free and every input has
 * arrived. What an op needs and makes, and when an input arrives, are the dependency model's
 * (dependencies.ts); an FB op waits for both halves' inputs and publishes both outputs at its end
 * (the conservative reading).
 *
 * Seq1F1B ops carry a sequence split: every dependency stays within one (micro-batch, split), so
 * the slots are per unit mb·K + split (K = `schedule.seqSplits`; dependencies.ts).
 *
 * Linear in the number of ops: ranks advance greedily; a rank blocked on a missing input parks on
 * that input and is woken when it is produced. Ranks left parked at the end form a deadlock,
 * reported with the op each waits for. The hot loop creates no closures and allocates nothing per
 * op (bundlers that keep function names wrap every closure creation in a call).
 */
import { opCost } from './costs.ts';
import * as dependencies from './dependencies.ts';
import { DeadlockError, type BlockedRank } from './errors.ts';
import { formatOp } from './format.ts';
import type { OpLocator } from './orderCheck.ts';
import type { Costs, Schedule, TimedOp, Timeline } from './types.ts';

// Module-local aliases: tsx (the CLI) and vitest load imports through getter-backed module
// namespaces, and a getter per call made the loop 5× slower at P=64/M=512; bundles are unaffected.
const { FWD, GRAD, MAX_NEEDS, SLOT_KINDS, arrival, inputSlots, outputSlots, readHalves, slotParts } = dependencies;
const cost = opCost;

export function simulate(schedule: Schedule, costs: Costs): Timeline {
  const topo = schedule.topology;
  const { stageRank } = topo;
  // [seq splits] one slot set per unit mb·K + split (dependencies.ts)
  const K = schedule.seqSplits ?? 1;
  const U = schedule.microbatches * K;
  const P = schedule.ops.length;
  const S = topo.numStages;
  const comm = costs.comm;
  const slots = SLOT_KINDS * S * U;
  /** end time of each produced slot, NaN until produced */
  const ready = new Float64Array(slots).fill(NaN);
  const waitHead = new Int32Array(slots).fill(-1);
  const waitNext = new Int32Array(P).fill(-1);
  const waitingOn = new Int32Array(P).fill(-1);
  const pos = new Int32Array(P);
  const rankFree = new Float64Array(P);
  const needs = new Int32Array(2 * MAX_NEEDS);
  const made = new Int32Array(SLOT_KINDS);
  // the current op's halves: kind, stage, unit
  const kinds = new Int8Array(2);
  const stages = new Int32Array(2);
  const units = new Int32Array(2);
  const out: TimedOp[][] = schedule.ops.map((ops) => new Array<TimedOp>(ops.length));
  const queue: number[] = [];
  for (let r = P - 1; r >= 0; r--) queue.push(r);

  while (queue.length > 0) {
    const r = queue.pop()!;
    const ops = schedule.ops[r];
    while (pos[r] < ops.length) {
      const op = ops[pos[r]];
      const halves = readHalves(op, K, kinds, stages, units);
      // latest input arrival over both halves, or the first missing slot
      let t = 0;
      let missing = -1;
      for (let h = 0; h < halves && missing < 0; h++) {
        const n = inputSlots(topo, kinds[h], stages[h], units[h], needs);
        for (let j = 0; j < n; j++) {
          const at = ready[needs[2 * j]];
          if (Number.isNaN(at)) {
            missing = needs[2 * j];
            break;
          }
          const a = arrival(at, stageRank[needs[2 * j + 1]], r, comm);
          if (a > t) t = a;
        }
      }
      if (missing >= 0) {
        waitingOn[r] = missing;
        waitNext[r] = waitHead[missing];
        waitHead[missing] = r;
        break;
      }
      const start = rankFree[r] > t ? rankFree[r] : t;
      const end = start + cost(op, costs);
      rankFree[r] = end;
      out[r][pos[r]++] = { op, start, end };
      for (let h = 0; h < halves; h++) {
        const n = outputSlots(S, kinds[h], stages[h], units[h], made);
        for (let j = 0; j < n; j++) {
          const slot = made[j];
          ready[slot] = end;
          for (let w = waitHead[slot]; w >= 0; w = waitNext[w]) {
            waitingOn[w] = -1;
            queue.push(w);
          }
          waitHead[slot] = -1;
        }
      }
    }
  }

  const blocked: BlockedRank[] = [];
  for (let r = 0; r < P; r++) if (pos[r] < schedule.ops[r].length) blocked.push({ rank: r, index: pos[r], slot: waitingOn[r] });
  if (blocked.length > 0) throw new DeadlockError(deadlockMessage(schedule, blocked), blocked);
  return { schedule, costs, ops: out };
}

/**
 * One sentence for a deadlock: the first four blocked ranks, each with its op and the input it waits
 * for. `locate` adds the caller's position of each op (an importer's "row 1, cell 2").
 */
export function deadlockMessage(schedule: Schedule, blocked: readonly BlockedRank[], locate?: OpLocator): string {
  const S = schedule.topology.numStages;
  const K = schedule.seqSplits ?? 1;
  const shown = blocked.slice(0, 4).map(({ rank: r, index: at, slot }) => {
    const { kind, stage, microbatch, split } = slotParts(S, slot, K);
    const mb = K > 1 ? `mb${microbatch} split ${split}` : `mb${microbatch}`;
    const what = kind === FWD ? `F(s${stage}, ${mb})` : kind === GRAD ? `the backward of (s${stage}, ${mb})` : `I(s${stage}, ${mb})`;
    const place = locate?.(r, at);
    return `rank ${r} cannot run op #${at}${place ? ` (${place})` : ''} ${formatOp(schedule.ops[r][at])}: it waits for ${what}, which is never produced`;
  });
  const more = blocked.length > 4 ? `; and ${blocked.length - 4} more rank(s)` : '';
  return `deadlock: ${shown.join('; ')}${more}`;
}
