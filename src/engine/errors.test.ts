/**
 * Rejections are data: every rule names the field to change and, where one exists, a value that
 * passes; following the suggestions always reaches parameters that run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costsIssue, resolveCosts, resolveStageCosts } from './costs.ts';
import { ScheduleError } from './errors.ts';
import { buildSchedule, costDrivenIssue } from './schedules/index.ts';
import { simulate } from './simulate.ts';
import { linearTopology, vTopology } from './topology.ts';
import { SCHEDULE_NAMES, type ScheduleParams } from './types.ts';
import { paramsIssue, validateParams } from './validate.ts';

function thrown(f: () => unknown): ScheduleError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScheduleError);
    return e as ScheduleError;
  }
  throw new Error('no ScheduleError');
}

describe('ScheduleError carries field, message and suggestion', () => {
  it.each([
    [{ schedule: 'dualpipe', ranks: 7, microbatches: 20 }, 'ranks', 'DualPipe needs an even number of ranks; got 7', 8],
    [{ schedule: 'dualpipe', ranks: 9, microbatches: 18 }, 'ranks', 'DualPipe needs an even number of ranks; got 9', 8],
    [
      { schedule: 'dualpipe', ranks: 8, microbatches: 10 },
      'microbatches',
      'DualPipe needs at least 2P = 16 micro-batches for P=8 ranks; got 10',
      16,
    ],
    [
      { schedule: 'dualpipe', ranks: 8, microbatches: 21 },
      'microbatches',
      'DualPipe needs an even number of micro-batches (half go each way); got 21',
      22,
    ],
    [
      { schedule: 'dualpipev', ranks: 4, microbatches: 6 },
      'microbatches',
      'DualPipeV needs at least 2P = 8 micro-batches (one per stage) for P=4 ranks; got 6',
      8,
    ],
    [
      { schedule: 'interleaved-1f1b', ranks: 2, microbatches: 7 },
      'microbatches',
      'interleaved-1f1b runs micro-batches in 3 rounds of equal size, so 3 must divide M=7 (torch rule; try M=6 or 8)',
      8,
    ],
    [{ schedule: '1f1b', ranks: 0, microbatches: 4 }, 'ranks', 'ranks must be at least 1; got 0', 1],
    [{ schedule: '1f1b', ranks: 2.5, microbatches: 4 }, 'ranks', 'ranks must be a whole number; got 2.5', 3],
    [{ schedule: '1f1b', ranks: 4, microbatches: 70000 }, 'microbatches', 'microbatches must be at most 65536; got 70000', 65536],
    [{ schedule: 'zb-v', ranks: 4, microbatches: 8, stagesPerRank: 3 }, 'stagesPerRank', expect.stringMatching(/^zb-v runs 2 stage/), 2],
    [{ schedule: 'gpipe', ranks: 1024, microbatches: 1000 }, 'microbatches', expect.stringMatching(/ops; the limit is 2,000,000$/), 651],
  ] as const)('%o → %s', (params, field, message, suggestion) => {
    const e = thrown(() => validateParams(params as ScheduleParams));
    expect(e.issue).toEqual({ field, message, suggestion });
    expect(e.message).toEqual(message);
  });

  it('an unknown schedule names the field without a suggestion', () => {
    expect(paramsIssue({ schedule: 'nope' as never, ranks: 2, microbatches: 2 })).toEqual({
      field: 'schedule',
      message: expect.stringMatching(/^unknown schedule "nope"/),
    });
  });

  it('costs: the bad cost is the field', () => {
    expect(costsIssue({ I: -2 })).toEqual({ field: 'I', message: 'cost I must not be negative; got -2', suggestion: 2 });
    expect(costsIssue({ F: 0, I: 0, W: 0 })).toEqual({ field: 'F', message: 'at least one op cost must be positive', suggestion: 1 });
    expect(costDrivenIssue('v-min', resolveCosts({ I: 0 }))).toMatchObject({ field: 'I', suggestion: 1 });
    expect(thrown(() => buildSchedule({ schedule: 'zb-h2', ranks: 2, microbatches: 4 }, resolveCosts({ W: 0 }))).field).toBe('W');
  });

  it('a deadlock is an issue of the op order', () => {
    const s = { ...buildSchedule({ schedule: '1f1b', ranks: 2, microbatches: 1 }), topology: linearTopology(2) };
    s.ops = [s.ops[0], [...s.ops[1]].reverse()];
    expect(thrown(() => simulate(s, resolveCosts())).field).toBe('schedule');
  });

  it('following the suggestions reaches parameters that run, within a few steps', () => {
    const params = fc.record({
      schedule: fc.constantFrom(...SCHEDULE_NAMES),
      ranks: fc.integer({ min: -2, max: 40 }),
      microbatches: fc.integer({ min: -2, max: 200 }),
      stagesPerRank: fc.option(fc.integer({ min: 0, max: 70 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(params, (p0) => {
        let p: ScheduleParams = p0;
        for (let step = 0; step < 8; step++) {
          const issue = paramsIssue(p);
          if (!issue) return;
          expect(issue.suggestion, issue.message).toBeDefined();
          p = { ...p, [issue.field]: issue.suggestion };
        }
        expect(paramsIssue(p)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('the options of the second-round schedules: field and a value that passes', () => {
    const issue = (p: ScheduleParams) => paramsIssue(p);
    // an option the schedule does not take names that option
    expect(issue({ schedule: '1f1b', ranks: 2, microbatches: 4, seqSplits: 2 })).toEqual({
      field: 'seqSplits',
      message: 'seq-splits applies only to seq1f1b, not 1f1b',
    });
    expect(issue({ schedule: 'seq1f1b', ranks: 2, microbatches: 4, seqSplits: 0 })).toMatchObject({ field: 'seqSplits', suggestion: 1 });
    // Megatron's group size: a given N is the field; the default N = P follows P, so M is
    expect(issue({ schedule: 'interleaved-1f1b-megatron', ranks: 4, microbatches: 10, groupSize: 4 })).toMatchObject({
      field: 'groupSize',
      message: expect.stringMatching(/remainder of M=10 divided by the group size N=4/),
      suggestion: 5,
    });
    expect(issue({ schedule: 'interleaved-1f1b-megatron', ranks: 4, microbatches: 10 })).toMatchObject({
      field: 'microbatches',
      suggestion: 12,
    });
    expect(issue({ schedule: 'interleaved-1f1b-megatron', ranks: 4, microbatches: 12 })).toBeNull();
    expect(issue({ schedule: 'v-auto', ranks: 1, microbatches: 4 })).toMatchObject({ field: 'ranks', suggestion: 2 });
    const vAuto = issue({ schedule: 'v-auto', ranks: 16, microbatches: 400 })!;
    expect(vAuto.field).toBe('microbatches');
    expect(issue({ schedule: 'v-auto', ranks: 16, microbatches: vAuto.suggestion! })).toBeNull();
    expect(issue({ schedule: 'v-auto', ranks: 64, microbatches: 128 })).toMatchObject({ field: 'ranks' });
    expect(issue({ schedule: 'zb-auto', ranks: 4, microbatches: 8, memLimit: [1, 2] })).toMatchObject({ field: 'memLimit' });
    expect(issue({ schedule: 'v-auto', ranks: 4, microbatches: 8, memLimit: [1, 2] })).toMatchObject({ field: 'memLimit', suggestion: 8 });
  });

  it('generators and costs files: the limit, the costs or the file is the field', () => {
    const c = resolveCosts();
    const small = thrown(() => buildSchedule({ schedule: 'zb-auto', ranks: 4, microbatches: 8, memLimit: 0.5 }, c));
    expect(small.issue).toMatchObject({ field: 'memLimit', suggestion: 1 });
    expect(thrown(() => buildSchedule({ schedule: 'v-auto', ranks: 4, microbatches: 8, memLimit: 2 }, c)).field).toBe('memLimit');
    const perStage = resolveStageCosts({ W: [1, 1, 0, 1] }, linearTopology(4));
    expect(costDrivenIssue('zb-auto', perStage)).toEqual({
      field: 'perStage',
      message: 'zb-auto is generated from the op costs and needs F, I and W > 0 on every stage; got W=0 on stage 2',
    });
    expect(thrown(() => resolveStageCosts({ F: [1, 2, 3] }, vTopology(2))).issue).toEqual({
      field: 'perStage',
      message: 'costs file F must list 4 (one per stage) or 2 (one per rank) entries; got 3',
    });
    expect(thrown(() => resolveStageCosts({ memory: { F: 2, I: -1, W: -2 } }, linearTopology(2))).field).toBe('memory');
    expect(thrown(() => resolveStageCosts({ comm: -1 }, linearTopology(2))).issue).toMatchObject({ field: 'comm', suggestion: 1 });
  });
});
