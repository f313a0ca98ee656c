/**
 * Timeline invariants for tests and dev asserts: the order is legal (orderCheck), ops on one rank
 * never overlap and follow the order, each op lasts its cost, and every dependency — plus the comm
 * latency across ranks — ends before its consumer starts (the dependencies of dependencies.ts;
 * docs/schedules.md §1.2-1.3).
 */
import { opCost } from './costs.ts';
import { FWD, GRAD, arrival, edgesOf, type Edge } from './dependencies.ts';
import { checkOrder } from './orderCheck.ts';
import type { Timeline } from './types.ts';

const EPS = 1e-9;

const split = (e: Edge) => (e.split > 0 ? ` split ${e.split}` : '');

export function checkTimeline(t: Timeline): string[] {
  const problems: string[] = [];
  const order = checkOrder(t.schedule);
  if (order) return [order];
  t.ops.forEach((ops, r) => {
    let free = 0;
    ops.forEach(({ op, start, end: e }, i) => {
      if (start < free - EPS) problems.push(`rank ${r} op #${i} starts at ${start} before the previous op ends at ${free}`);
      if (Math.abs(e - start - opCost(op, t.costs)) > EPS)
        problems.push(`rank ${r} op #${i} lasts ${e - start}, cost ${opCost(op, t.costs)}`);
      free = e;
    });
  });
  for (const d of edgesOf(t.schedule)) {
    const from = t.ops[d.fromRank][d.fromIndex];
    const i = d.toIndex;
    const { start } = t.ops[d.toRank][i];
    const arrive = arrival(from.end, d.fromRank, d.toRank, t.costs.comm);
    const what = d.slot === FWD ? 'F' : d.slot === GRAD ? 'B' : 'I';
    if (start < arrive - EPS)
      problems.push(
        `rank ${d.toRank} op #${i} starts at ${start} before ${what}(s${d.stage}, mb${d.microbatch}${split(d)}) arrives at ${arrive}`,
      );
  }
  return problems;
}
