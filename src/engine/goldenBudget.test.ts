/**
 * Second-round goldens: sail-sg's generators under per-stage costs and memory limits
 * (fixtures/golden/sail-budget: ZBAuto, VAuto, V1F1B, Seq1F1B, 1F1B/ZB1P `_perstage_`), Megatron-Core's
 * interleaved and combined 1F1B (megatron-interleaved), and torch's InterleavedZeroBubble with
 * v ≥ 2 through `interleaved-zb`. Orders op for op; timelines time for time where the file has one.
 */
import { describe, expect, it } from 'vitest';
import { resolveStageCosts, type CostsFile } from './costs.ts';
import { buildSchedule, scheduleTopology } from './schedules/index.ts';
import { gridTimes, vAutoSearch } from './schedules/vAuto.ts';
import { gridToOps } from './schedules/vPatternGrid.ts';
import { simulate } from './simulate.ts';
import { goldenFiles, goldenIndex, toGolden, type GoldenFile } from './testing/golden.ts';
import type { Op, ScheduleParams } from './types.ts';

interface BudgetFile extends Omit<GoldenFile, 'memory_model'> {
  costs_per_stage: { F: number[]; I: number[]; W: number[]; comm: number };
  costs?: { F: number; I: number; W: number; comm: number; B_full: number };
  memory_model?: { f: number[]; b: number[]; w: number[]; limit: number[]; limit_in_f: number };
  num_seq_splits?: number;
  times_own?: [number, number][][];
}

/** Golden encoding; Seq1F1B ops carry the split as a 4th field unless it is 0. */
const dump = (ops: Op[][]) =>
  ops.map((rank) => rank.map((op) => (op.kind !== 'FB' && op.split ? [...toGolden(op), op.split] : toGolden(op))));

function run(params: ScheduleParams, file: CostsFile) {
  const costs = resolveStageCosts(file, scheduleTopology(params));
  const schedule = buildSchedule(params, costs);
  return { schedule, timeline: simulate(schedule, costs) };
}

const times = (t: ReturnType<typeof run>['timeline']) => t.ops.map((rank) => rank.map((o) => [o.start, o.end]));

/** sail's add_time sums in the same order, but the golden rounds to 3 decimals: compare to 1e-9 of scale. */
function expectTimes(got: number[][][], want: [number, number][][]) {
  expect(got.length).toBe(want.length);
  got.forEach((rank, r) => {
    expect(rank.length).toBe(want[r]!.length);
    rank.forEach(([s, e], i) => {
      expect(s).toBeCloseTo(want[r]![i]![0], 9);
      expect(e).toBeCloseTo(want[r]![i]![1], 9);
    });
  });
}

const budget = goldenFiles('sail-budget') as unknown as BudgetFile[];
const base = (g: BudgetFile) => ({ ranks: g.num_ranks, microbatches: g.num_microbatches });

describe('sail-sg zb.py under per-stage costs and memory (ZBAuto, ZB1P_perstage)', () => {
  for (const g of budget.filter((f) => /^(ZBAuto|ZB1P_perstage)$/.test(f.schedule))) {
    it(g.file, () => {
      const c = g.costs_per_stage;
      const m = g.memory_model;
      const { schedule, timeline } = m
        ? run({ schedule: 'zb-auto', ...base(g), memLimit: m.limit }, { ...c, memory: { F: m.f, I: m.b, W: m.w } })
        : run({ schedule: 'zb-auto', ...base(g), memLimit: g.num_ranks }, c); // ZB1P: P forward activations
      expect(dump(schedule.ops)).toEqual(g.ops);
      expectTimes(times(timeline), g.times!);
      expect(Math.max(...timeline.ops.map((r) => r.at(-1)!.end))).toBeCloseTo(g.makespan!, 9);
    });
  }

  it('rejects the configurations sail-sg itself fails on (index.json errors)', () => {
    const errors = goldenIndex<{ errors: { schedule: string; p: number; m: number; k: number; tag: string; error: string }[] }>(
      'sail-budget',
    ).errors;
    const failing = errors.filter((e) => e.schedule === 'ZBAuto');
    expect(failing.length).toBeGreaterThan(0);
    for (const e of failing) {
      const g = budget.find((f) => f.file === `ZBAuto_p${e.p}_m${e.m}_${e.tag}_k1.json`)!;
      const m = g.memory_model!;
      const [stage, mb] = e.error.replace('AssertionError: ', '').split('-');
      expect(() =>
        run(
          { schedule: 'zb-auto', ...base(g), memLimit: m.f.map((f) => e.k * e.p * f) },
          { ...g.costs_per_stage, memory: { F: m.f, I: m.b, W: m.w } },
        ),
      ).toThrow(`the forward of stage ${stage} micro-batch ${mb} is placed before its input is ready`);
    }
  });
});

describe('zb-auto at the first-round points: sail-zb ZB1P / ZB2P (limit P / 2P forward activations)', () => {
  for (const g of goldenFiles('sail-zb').filter((f) => /^ZB[12]P$/.test(f.schedule))) {
    it(g.file, () => {
      const { F, I, W, comm } = g.costs!;
      const { schedule } = run(
        { schedule: 'zb-auto', ...base(g as unknown as BudgetFile), memLimit: g.memory_model!.limit },
        { F, I, W, comm },
      );
      expect(dump(schedule.ops)).toEqual(g.ops);
    });
  }
});

describe('1F1B with per-stage costs (1F1B_perstage: B = I + W per stage)', () => {
  for (const g of budget.filter((f) => f.schedule === '1F1B_perstage')) {
    it(g.file, () => {
      const { schedule, timeline } = run({ schedule: '1f1b', ...base(g) }, g.costs_per_stage);
      expect(dump(schedule.ops)).toEqual(g.ops);
      expectTimes(times(timeline), g.times!);
    });
  }
});

describe('sail-sg v1f1b.py (V1F1B: 1F1B on the V placement)', () => {
  for (const g of budget.filter((f) => f.schedule === 'V1F1B')) {
    it(g.file, () => {
      // v1f1b takes one cost per kind (the median stage's, `costs`); sail prices its full backward
      // at (cost_b + cost_w)[stage] — list concatenation, so cost_b alone
      const c = g.costs!;
      const { schedule, timeline } = run({ schedule: '1f1b-v', ...base(g) }, { ...c, B: c.I });
      expect(schedule.topology.rankStages).toEqual(g.rank_stages);
      expect(dump(schedule.ops)).toEqual(g.ops);
      expectTimes(times(timeline), g.times!);
    });
  }
});

describe('sail-sg seq1f1b.py (Seq1F1B: sequence splits)', () => {
  for (const g of budget.filter((f) => f.schedule === 'Seq1F1B')) {
    it(g.file, () => {
      const { schedule, timeline } = run({ schedule: 'seq1f1b', ...base(g), seqSplits: g.num_seq_splits }, g.costs_per_stage);
      expect(dump(schedule.ops)).toEqual(g.ops);
      expect(timeline.ops.flat()).toHaveLength(2 * g.num_ranks * g.num_microbatches * g.num_seq_splits!);
    });
  }
});

describe('sail-sg v_auto_schedule.py (VAuto: building-block search under a memory limit)', () => {
  for (const g of budget.filter((f) => f.schedule === 'VAuto')) {
    it(g.file, () => {
      // the registry's v-auto is gridToOps of this search (one search per file: it takes seconds)
      const k = g.memory_model!.limit_in_f;
      const c = g.costs!;
      const grid = vAutoSearch(g.num_ranks, g.num_microbatches, c, k);
      const ops = gridToOps(grid, 'I');
      expect(dump(ops)).toEqual(g.ops);
      // its own transform_schedule timing of the winning grid
      const ends = gridTimes(grid, c);
      const own = ops.map((rank, r) =>
        rank.map((op, i) => [ends[r]![i]! - (op.kind === 'F' ? c.F : op.kind === 'W' ? c.W : c.I), ends[r]![i]!]),
      );
      expectTimes(own, g.times_own!);
    });
  }

  it('runs through the registry on the V layout', () => {
    const g = budget.find((f) => f.file === 'VAuto_p4_m8_k4.json')!;
    const { schedule } = run({ schedule: 'v-auto', ...base(g), memLimit: 4 }, g.costs!);
    expect(schedule.topology.rankStages).toEqual(g.rank_stages);
    expect(dump(schedule.ops)).toEqual(g.ops);
  });

  it('rejects limits no building block fits, with the reason (index.json errors)', () => {
    const errors = goldenIndex<{ errors: { schedule: string; p: number; m: number; k: number }[] }>('sail-budget').errors;
    const failing = errors.filter((e) => e.schedule === 'VAuto');
    expect(failing.length).toBeGreaterThan(0);
    for (const e of failing) {
      expect(() => buildSchedule({ schedule: 'v-auto', ranks: e.p, microbatches: e.m, memLimit: e.k })).toThrow(
        `keeps within ${e.k} forward activations per rank`,
      );
    }
    // and names a limit that fits: the golden p4 m8 runs at 4
    expect(() => buildSchedule({ schedule: 'v-auto', ranks: 4, microbatches: 8, memLimit: 3 })).toThrow('; 4 fits');
  });
});

describe('sail-sg zbv.py PipelineGraph at its default limit 2P (ZBVBudget) through zb-v-auto', () => {
  for (const g of budget.filter((f) => f.schedule === 'ZBVBudget')) {
    it(g.file, () => {
      // zbv.py takes one cost per kind: the median stage's (`costs`)
      const { schedule, timeline } = run({ schedule: 'zb-v-auto', ...base(g) }, g.costs!);
      expect(dump(schedule.ops)).toEqual(g.ops);
      expectTimes(times(timeline), g.times!);
    });
  }
});

interface MegatronFile extends GoldenFile {
  microbatch_group_size_per_vp_stage: number;
  overlap_moe_expert_parallel_comm: boolean;
}

describe('Megatron-Core interleaved 1F1B and combined 1F1B (megatron-interleaved)', () => {
  for (const g of goldenFiles('megatron-interleaved') as MegatronFile[]) {
    it(g.file, () => {
      const s = buildSchedule({
        schedule: 'interleaved-1f1b-megatron',
        ranks: g.num_ranks,
        microbatches: g.num_microbatches,
        stagesPerRank: g.stages_per_rank,
        groupSize: g.microbatch_group_size_per_vp_stage,
        epOverlap: g.overlap_moe_expert_parallel_comm,
      });
      expect(s.topology.rankStages).toEqual(g.rank_stages);
      expect(dump(s.ops)).toEqual(g.ops);
    });
  }
});

describe('torch ScheduleInterleavedZeroBubble through interleaved-zb', () => {
  for (const g of goldenFiles('torch-pipelining').filter((f) => f.schedule === 'InterleavedZeroBubble')) {
    it(g.file, () => {
      const s = buildSchedule({
        schedule: 'interleaved-zb',
        ranks: g.num_ranks,
        microbatches: g.num_microbatches,
        stagesPerRank: g.stages_per_rank,
      });
      expect(s.topology.rankStages).toEqual(g.rank_stages);
      expect(dump(s.ops)).toEqual(g.ops);
    });
  }
});
