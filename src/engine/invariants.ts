/**
 * Timeline invariants for tests and dev asserts: the order is legal (orderCheck), ops on one rank
 * never overlap and follow the order, each op lasts its cost, and every dependency — plus the comm
 * latency across ranks — ends before its consumer starts (docs/schedules.md §1.2-1.3).
 */
import { opCost } from './costs.ts';
import { checkOrder } from './orderCheck.ts';
import type { SimpleOp, Timeline } from './types.ts';

const EPS = 1e-9;

export function checkTimeline(t: Timeline): string[] {
  const problems: string[] = [];
  const order = checkOrder(t.schedule);
  if (order) return [order];
  const { stageRank, prevStage, nextStage } = t.schedule.topology;
  const end = new Map<string, { end: number; rank: number }>();
  const key = (k: string, s: number, mb: number, split = 0) => `${k}${s}:${mb}:${split}`;
  t.ops.forEach((ops, r) => {
    let free = 0;
    ops.forEach(({ op, start, end: e }, i) => {
      if (start < free - EPS) problems.push(`rank ${r} op #${i} starts at ${start} before the previous op ends at ${free}`);
      if (Math.abs(e - start - opCost(op, t.costs)) > EPS)
        problems.push(`rank ${r} op #${i} lasts ${e - start}, cost ${opCost(op, t.costs)}`);
      free = e;
      const parts: SimpleOp[] =
        op.kind === 'FB'
          ? [
              { kind: 'F', ...op.forward },
              { kind: 'B', ...op.backward },
            ]
          : [op];
      for (const p of parts) {
        const k = p.kind === 'I' ? 'B' : p.kind;
        end.set(key(k, p.stage, p.microbatch, p.split), { end: e, rank: r });
        if (p.kind === 'I') end.set(key('I', p.stage, p.microbatch, p.split), { end: e, rank: r });
      }
    });
  });
  t.ops.forEach((ops, r) =>
    ops.forEach(({ op, start }, i) => {
      const parts: SimpleOp[] =
        op.kind === 'FB'
          ? [
              { kind: 'F', ...op.forward },
              { kind: 'B', ...op.backward },
            ]
          : [op];
      const deps: [string, number, number, number | undefined][] = [];
      for (const p of parts) {
        if (p.kind === 'F' && prevStage[p.stage] >= 0) deps.push(['F', prevStage[p.stage], p.microbatch, p.split]);
        if (p.kind === 'B' || p.kind === 'I') {
          deps.push(['F', p.stage, p.microbatch, p.split]);
          if (nextStage[p.stage] >= 0) deps.push(['B', nextStage[p.stage], p.microbatch, p.split]);
        }
        if (p.kind === 'W') deps.push(['I', p.stage, p.microbatch, p.split]);
      }
      for (const [k, s, mb, split] of deps) {
        const d = end.get(key(k, s, mb, split))!;
        const arrive = d.end + (stageRank[s] === r ? 0 : t.costs.comm);
        if (start < arrive - EPS) problems.push(`rank ${r} op #${i} starts at ${start} before ${k}(s${s}, mb${mb}) arrives at ${arrive}`);
      }
    }),
  );
  return problems;
}
