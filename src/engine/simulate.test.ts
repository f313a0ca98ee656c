/** Hand-computed timelines, rejected configs and deadlock detection. */
import { describe, expect, it } from 'vitest';
import { resolveCosts } from './costs.ts';
import { ScheduleError } from './errors.ts';
import { checkOrder } from './orderCheck.ts';
import { buildSchedule } from './schedules/index.ts';
import { simulate } from './simulate.ts';
import { linearTopology } from './topology.ts';
import type { Op, Schedule } from './types.ts';
import { goldenIndex } from './testing/golden.ts';

const custom = (ranks: number, microbatches: number, ops: Op[][]): Schedule => ({
  name: 'custom',
  ranks,
  microbatches,
  stagesPerRank: 1,
  topology: linearTopology(ranks),
  ops,
});
const F = (stage: number, microbatch: number): Op => ({ kind: 'F', stage, microbatch });
const B = (stage: number, microbatch: number): Op => ({ kind: 'B', stage, microbatch });

describe('simulate', () => {
  it('1F1B P=2 M=2 with comm latency, by hand', () => {
    const c = resolveCosts({ F: 1, B: 2, comm: 0.5 });
    const t = simulate(buildSchedule({ schedule: '1f1b', ranks: 2, microbatches: 2 }), c);
    // rank 0: F0 [0,1]; F1 [1,2]; B0 waits for rank 1's B0 [1.5+0... ]
    // rank 1: F0 starts 1+0.5=1.5 ends 2.5; B0 2.5-4.5; F1 arrives 2.5 → starts 4.5 ends 5.5; B1 5.5-7.5
    expect(t.ops[1].map((o) => [o.start, o.end])).toEqual([
      [1.5, 2.5],
      [2.5, 4.5],
      [4.5, 5.5],
      [5.5, 7.5],
    ]);
    // rank 0: F0 0-1, F1 1-2, B0 at 4.5+0.5=5 → 5-7, B1 at 7.5+0.5=8 → 8-10
    expect(t.ops[0].map((o) => [o.start, o.end])).toEqual([
      [0, 1],
      [1, 2],
      [5, 7],
      [8, 10],
    ]);
  });

  it('an FB op waits for both halves and publishes both outputs at its end', () => {
    const c = resolveCosts({ F: 1, B: 2, FB: 2.5 });
    const t = simulate(buildSchedule({ schedule: 'dualpipev', ranks: 1, microbatches: 2 }), c);
    const fb = t.ops[0].find((o) => o.op.kind === 'FB')!;
    expect(fb.end - fb.start).toBe(2.5);
  });

  it('detects a deadlocking custom order instead of looping', () => {
    // rank 1 wants B(1,0) before it ran F(1,0): nothing can ever unblock it.
    const s = custom(2, 1, [
      [F(0, 0), B(0, 0)],
      [B(1, 0), F(1, 0)],
    ]);
    expect(checkOrder(s)).toBeNull();
    expect(() => simulate(s, resolveCosts())).toThrow(/^deadlock: .*rank 1 cannot run op #0 B s1 mb0: it waits for F\(s1, mb0\)/);
  });

  it('detects a cross-rank cycle', () => {
    // rank 0 waits for the gradient of mb1 before forwarding mb1; rank 1 needs that forward first.
    const s = custom(2, 2, [
      [F(0, 0), B(0, 1), F(0, 1), B(0, 0)],
      [F(1, 0), F(1, 1), B(1, 0), B(1, 1)],
    ]);
    expect(() => simulate(s, resolveCosts())).toThrow(ScheduleError);
  });

  it('reports missing and duplicated ops in words', () => {
    expect(checkOrder(custom(2, 1, [[F(0, 0), B(0, 0)], [F(1, 0)]]))).toBe('missing backward (B or I) of stage 1 micro-batch 0 (rank 1)');
    expect(checkOrder(custom(1, 1, [[F(0, 0), F(0, 0), B(0, 0)]]))).toMatch(/F of stage 0 micro-batch 0 appears twice/);
    expect(checkOrder(custom(2, 1, [[F(0, 0), B(0, 0), F(1, 0)], [B(1, 0)]]))).toMatch(/stage 1 is held by rank 1, not rank 0/);
  });
});

describe('validation with the reference rules', () => {
  const build = (schedule: string, ranks: number, microbatches: number, stagesPerRank?: number) => () =>
    buildSchedule({ schedule: schedule as never, ranks, microbatches, stagesPerRank });

  it('rejects with specific reasons', () => {
    expect(build('dualpipe', 7, 20)).toThrow('DualPipe needs an even number of ranks; got 7');
    expect(build('dualpipe', 8, 10)).toThrow('DualPipe needs at least 2P = 16 micro-batches for P=8 ranks; got 10');
    expect(build('dualpipe', 4, 9)).toThrow(/even number of micro-batches/);
    expect(build('dualpipev', 4, 7)).toThrow(/DualPipeV needs at least 2P = 8/);
    expect(build('1f1b', 0, 4)).toThrow('ranks must be at least 1; got 0');
    expect(build('1f1b', 4, NaN)).toThrow('microbatches must be a whole number; got NaN');
    expect(build('1f1b', 4, 2.5)).toThrow(/whole number/);
    expect(build('interleaved-1f1b', 4, 10, 2)).not.toThrow(); // torch: rounds 2 × 5
    expect(build('interleaved-1f1b', 4, 11, 2)).toThrow(/2 must divide M=11/);
    expect(build('1f1b', 1024, 65536)).toThrow(/the limit is 2,000,000/);
    expect(build('zb-v', 4, 8, 3)).toThrow(/zb-v runs 2 stage\(s\) per rank/);
    expect(build('nope', 4, 8)).toThrow(/unknown schedule "nope"/);
    expect(() => resolveCosts({ F: -1 })).toThrow('cost F must not be negative; got -1');
    expect(() => resolveCosts({ comm: NaN })).toThrow(/comm must be a finite number/);
  });

  it('accepts and rejects exactly the DualPipe/DualPipeV configs the references did', () => {
    type Entry = { schedule: string; num_ranks?: number; num_microbatches?: number; p?: number; m?: number; error?: string };
    const dualpipe = goldenIndex<Entry[]>('deepseek-dualpipe');
    const torch = goldenIndex<{ files: Entry[]; errors: Entry[] }>('torch-pipelining');
    const cases = [
      ...dualpipe.map((e) => ({
        name: e.schedule === 'DualPipe' ? 'dualpipe' : 'dualpipev',
        P: e.num_ranks!,
        M: e.num_microbatches!,
        ok: !e.error,
      })),
      ...[...torch.files.map((e) => ({ ...e, ok: true })), ...torch.errors.map((e) => ({ ...e, ok: false }))]
        .filter((e) => e.schedule === 'DualPipeV')
        .map((e) => ({ name: 'dualpipev', P: e.p!, M: e.m!, ok: e.ok })),
    ];
    expect(cases.length).toBeGreaterThan(35);
    for (const c of cases) {
      if (c.ok) expect(build(c.name, c.P, c.M), `${c.name} p${c.P} m${c.M}`).not.toThrow();
      else expect(build(c.name, c.P, c.M), `${c.name} p${c.P} m${c.M}`).toThrow(ScheduleError);
    }
  });
});
