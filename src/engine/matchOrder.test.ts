/**
 * matchBuiltIn: an engine order is found as itself (or an earlier name building the same order),
 * a changed one gets the closest candidate and the first op that departs, and an order no
 * schedule places its stages like has no candidate.
 */
import { describe, expect, it } from 'vitest';
import { resolveCosts } from './costs.ts';
import { matchBuiltIn, sameOp } from './matchOrder.ts';
import { buildSchedule } from './schedules/index.ts';
import { chainTopology } from './topology.ts';
import type { Schedule, ScheduleParams } from './types.ts';

const costs = resolveCosts();
const custom = (s: Schedule): Schedule => ({ ...s, name: 'custom' });

describe('matchBuiltIn', () => {
  it.each<ScheduleParams>([
    { schedule: '1f1b', ranks: 4, microbatches: 8 },
    { schedule: 'interleaved-1f1b', ranks: 4, microbatches: 8, stagesPerRank: 2 },
    { schedule: 'zb-v', ranks: 4, microbatches: 8 },
    { schedule: 'dualpipe', ranks: 4, microbatches: 8 },
    { schedule: 'seq1f1b', ranks: 4, microbatches: 4, seqSplits: 3 },
  ])('finds %o from its own order', (p) => {
    const s = buildSchedule(p, costs);
    const { match, closest } = matchBuiltIn(custom(s), costs);
    expect(closest).toBeNull();
    expect(match!.ops).toEqual(s.ops);
  });

  it('names the closest candidate and the first op that departs', () => {
    const s = buildSchedule({ schedule: 'zb-h1', ranks: 4, microbatches: 8 }, costs);
    const ops = s.ops.map((r) => [...r]);
    // swap two ops of rank 2 at positions 5 and 6
    [ops[2][5], ops[2][6]] = [ops[2][6], ops[2][5]];
    const { match, closest, total } = matchBuiltIn({ ...custom(s), ops }, costs);
    expect(match).toBeNull();
    expect(closest!.schedule.name).toBe('zb-h1');
    expect(closest!.first).toMatchObject({ rank: 2, index: 5 });
    expect(sameOp(closest!.first.expected!, ops[2][6])).toBe(true);
    expect(closest!.agreeing).toBe(total - (ops[2].length - 5));
  });

  it('no schedule places the stages like this: no candidate', () => {
    const s = buildSchedule({ schedule: '1f1b', ranks: 2, microbatches: 2 }, costs);
    // stage 0 on rank 1 and stage 1 on rank 0: the ops moved with their stages
    const swapped: Schedule = { ...custom(s), topology: chainTopology([1, 0], 2), ops: [s.ops[1], s.ops[0]] };
    expect(matchBuiltIn(swapped, costs)).toMatchObject({ match: null, closest: null });
  });
});
