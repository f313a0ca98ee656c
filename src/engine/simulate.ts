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
 * reported with the op each waits for. Reads the schedule's op columns and writes start and end
 * columns (docs/schedules.md §1.6; the returned timeline's `ops` objects are views built on first
 * read). The hot loop creates no closures and allocates nothing per op (bundlers that keep
 * function names wrap every closure creation in a call). Times in the costs' units.
 */
import * as columns from './columns.ts';
import { opCost } from './costs.ts';
import * as dependencies from './dependencies.ts';
import { DeadlockError, ScheduleError, type BlockedRank } from './errors.ts';
import { formatOp } from './format.ts';
import type { OpLocator } from './orderCheck.ts';
import type { Costs, FBOp, Schedule, Timeline } from './types.ts';
import { columnTimeline, scheduleColumns } from './views.ts';

// Module-local aliases: tsx (the CLI) and vitest load imports through getter-backed module
// namespaces, and a getter per call made the loop 5× slower at P=64/M=512; bundles are unaffected.
const { FWD, GRAD, NEED_STRIDE, SLOT_KINDS, arrival, inputTable, outputSlots, rowHalves, slotParts } = dependencies;
const cost = opCost;
const { OP_FB } = columns;

/**
 * Op cost per simple kind code (F 0, B 1, I 2, W 3) and stage, at [code · S + stage], read from
 * `opCost` (costs.ts owns the rule); an FB's cost depends on both its stages and is asked per op.
 */
function costTable(costs: Costs, S: number): Float64Array {
  const table = new Float64Array(4 * S);
  const kinds = ['F', 'B', 'I', 'W'] as const;
  for (let k = 0; k < 4; k++) {
    for (let s = 0; s < S; s++) {
      const c = (table[k * S + s] = cost({ kind: kinds[k], stage: s, microbatch: 0 }, costs));
      // resolveCosts rejects these; a hand-made Costs could still carry one, and times must stay ≥ 0
      if (!(c >= 0)) throw new ScheduleError({ field: kinds[k], message: `cost ${kinds[k]} must be a number ≥ 0, got ${c} on stage ${s}` });
    }
  }
  if (!(costs.comm >= 0)) throw new ScheduleError({ field: 'comm', message: `comm must be a number ≥ 0, got ${costs.comm}` });
  return table;
}

export function simulate(schedule: Schedule, costs: Costs): Timeline {
  const topo = schedule.topology;
  const { stageRank } = topo;
  const cols = scheduleColumns(schedule);
  const { rankStart, kind, stage, bstage } = cols;
  // [seq splits] one slot set per unit mb·K + split (dependencies.ts)
  const K = schedule.seqSplits ?? 1;
  const U = schedule.microbatches * K;
  const P = cols.ranks;
  const S = topo.numStages;
  const comm = costs.comm;
  const slots = SLOT_KINDS * S * U;
  const opCosts = costTable(costs, S);
  // one FB object reused for FB costs (allocation-free; opCost reads only the stages)
  const fbOp: FBOp = { kind: 'FB', forward: { stage: 0, microbatch: 0 }, backward: { stage: 0, microbatch: 0 } };
  const start = new Float64Array(cols.count);
  const end = new Float64Array(cols.count);
  /**
   * Per slot: its end time once produced (≥ 0: costs and comm are never negative); before that
   * -1, or -(2 + r) while rank r heads the list of ranks parked on it. One array, so producing a
   * slot and waking its waiters touch one cache line.
   */
  const ready = new Float64Array(slots).fill(-1);
  const waitNext = new Int32Array(P).fill(-1);
  const waitingOn = new Int32Array(P).fill(-1);
  const pos = Int32Array.from(rankStart.subarray(0, P));
  const rankFree = new Float64Array(P);
  // inputs per (kind, stage): count, then (slot offset, producer rank) pairs: the producer's stage
  // read through stageRank once here rather than per op
  const needs = inputTable(topo);
  for (let e = 0; e < needs.length; e += NEED_STRIDE)
    for (let j = 0; j < needs[e]; j++) needs[e + 2 + 2 * j] = stageRank[needs[e + 2 + 2 * j]];
  const made = new Int32Array(SLOT_KINDS);
  // the current op's halves: kind, stage, unit
  const kinds = new Int8Array(2);
  const stages = new Int32Array(2);
  const units = new Int32Array(2);
  const queue = new Int32Array(P + 1);
  let queued = 0;
  for (let r = P - 1; r >= 0; r--) queue[queued++] = r;
  const S3 = S * SLOT_KINDS;

  while (queued > 0) {
    const r = queue[--queued];
    const last = rankStart[r + 1];
    let i = pos[r];
    let free = rankFree[r];
    for (; i < last; i++) {
      const k = kind[i];
      const halves = rowHalves(cols, i, K, kinds, stages, units);
      // latest input arrival over both halves, or the first missing slot
      let t = 0;
      let missing = -1;
      for (let h = 0; h < halves && missing < 0; h++) {
        const e = (kinds[h] * S + stages[h]) * NEED_STRIDE;
        const unitBase = units[h] * S3;
        const n = needs[e];
        for (let j = 0; j < n; j++) {
          const slot = unitBase + needs[e + 1 + 2 * j];
          const at = ready[slot];
          if (at < 0) {
            missing = slot;
            break;
          }
          const a = arrival(at, needs[e + 2 + 2 * j], r, comm);
          if (a > t) t = a;
        }
      }
      if (missing >= 0) {
        waitingOn[r] = missing;
        const head = ready[missing];
        waitNext[r] = head < -1 ? -head - 2 : -1;
        ready[missing] = -2 - r;
        break;
      }
      const s = free > t ? free : t;
      let d: number;
      if (k === OP_FB) {
        fbOp.forward.stage = stage[i];
        fbOp.backward.stage = bstage[i];
        d = cost(fbOp, costs);
      } else d = opCosts[k * S + stage[i]];
      const e = s + d;
      free = e;
      start[i] = s;
      end[i] = e;
      for (let h = 0; h < halves; h++) {
        const n = outputSlots(S, kinds[h], stages[h], units[h], made);
        for (let j = 0; j < n; j++) {
          const slot = made[j];
          const head = ready[slot];
          ready[slot] = e;
          if (head < -1) {
            for (let w = -head - 2; w >= 0; w = waitNext[w]) {
              waitingOn[w] = -1;
              queue[queued++] = w;
            }
          }
        }
      }
    }
    pos[r] = i;
    rankFree[r] = free;
  }

  const blocked: BlockedRank[] = [];
  for (let r = 0; r < P; r++) if (pos[r] < rankStart[r + 1]) blocked.push({ rank: r, index: pos[r] - rankStart[r], slot: waitingOn[r] });
  if (blocked.length > 0) throw new DeadlockError(deadlockMessage(schedule, blocked), blocked);
  return columnTimeline(schedule, costs, { ops: cols, start, end });
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
