/**
 * PyTorch pipelining CSV: export → import keeps every schedule's per-rank order; the `slots` of
 * every torch golden file (fixtures/golden/torch-pipelining, produced by torch itself) import and
 * simulate to the golden `ops`; illegal files are rejected with the problem in words.
 */
import { describe, expect, it } from 'vitest';
import { SCHEDULE_NAMES, buildSchedule, checkTimeline, resolveCosts, simulate } from '../engine/index.ts';
import { goldenFiles, toGolden, type GoldenOp } from '../engine/testing/golden.ts';
import { ImportError } from './errors.ts';
import { exportTorchCsv, importTorchCsv, parseTorchCsv, scheduleFromTorchCsv, torchAction } from './torchCsv.ts';
import { allConfigs } from './testing/configs.ts';

const costs = resolveCosts();
const reject = (text: string) => {
  try {
    importTorchCsv(text, costs);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as Error).message;
  }
  throw new Error('expected a rejection');
};

describe('export → import round trip', () => {
  const configs = allConfigs();
  it('covers every schedule name', () => {
    expect(new Set(configs.map((c) => c.schedule))).toEqual(new Set(SCHEDULE_NAMES));
  });
  it.each(
    configs.map((c) => [`${c.schedule} P=${c.ranks} M=${c.microbatches}${c.stagesPerRank ? ` v=${c.stagesPerRank}` : ''}`, c] as const),
  )('%s keeps the per-rank order, layout and timeline', (_, params) => {
    const s = buildSchedule(params, costs);
    if (s.seqSplits !== undefined && s.seqSplits > 1) {
      expect(() => exportTorchCsv(s)).toThrow('has no sequence chunks');
      return;
    }
    const csv = exportTorchCsv(s);
    const back = scheduleFromTorchCsv(csv);
    expect(back.name).toBe('custom');
    expect(back.ops).toEqual(s.ops);
    expect(back.topology.stageRank).toEqual(s.topology.stageRank);
    expect(back.topology.prevStage).toEqual(s.topology.prevStage);
    expect(back.topology.nextStage).toEqual(s.topology.nextStage);
    expect(back.topology.modelParts).toBe(s.topology.modelParts);
    expect(back.microbatches).toBe(s.microbatches);
    const t1 = simulate(s, costs);
    const t2 = importTorchCsv(csv, costs).timeline;
    expect(t2.ops.map((r) => r.map((o) => [o.start, o.end]))).toEqual(t1.ops.map((r) => r.map((o) => [o.start, o.end])));
    expect(checkTimeline(t2)).toEqual([]);
  });
});

describe('torch golden files (fixtures/golden/torch-pipelining)', () => {
  const files = goldenFiles('torch-pipelining');
  const slotsCsv = (slots: unknown) => (slots as string[]).join('\n');
  const broken = (file: string) => file.startsWith('1F1B_');

  it(`has ${files.length} files with slots`, () => {
    expect(files.length).toBeGreaterThanOrEqual(129);
    for (const g of files) expect(Array.isArray(g.slots)).toBe(true);
  });

  it.each(files.filter((g) => !broken(g.file)).map((g) => [g.file, g] as const))(
    '%s: slots import and simulate to the golden ops',
    (_, g) => {
      const { schedule, timeline } = importTorchCsv(slotsCsv(g.slots), costs);
      expect(schedule.ops.map((r) => r.map(toGolden))).toEqual(g.ops);
      expect(schedule.topology.rankStages).toEqual(g.rank_stages);
      expect(checkTimeline(timeline)).toEqual([]);
    },
  );

  // torch's own Schedule1F1B.pipeline_order runs micro-batches 1..M on the last rank (golden
  // README; torch's lowering fails on it too). Importing it must say so, and the order the torch
  // runtime really executes (`runtime_ops`) must import.
  it.each(files.filter((g) => broken(g.file)).map((g) => [g.file, g] as const))(
    '%s: the broken torch plan is rejected in words, runtime_ops import',
    (_, g) => {
      const message = reject(slotsCsv(g.slots));
      expect(message).toMatch(
        new RegExp(
          `micro-batch ${g.num_microbatches} appears at row ${g.num_ranks}, cell \\d+ \\(${g.num_ranks - 1}F${g.num_microbatches}\\)`,
        ),
      );
      const runtime = (g.runtime_ops as GoldenOp[][]).map((ops) => ops.map(([k, s, mb]) => `${s}${k}${mb}`).join(',')).join('\n');
      const { schedule } = importTorchCsv(runtime, costs);
      expect(schedule.ops.map((r) => r.map(toGolden))).toEqual(g.runtime_ops);
    },
  );
});

describe('grammar', () => {
  it('reads commas, spaces, quotes, idle cells, CRLF and bookkeeping actions', () => {
    const a = parseTorchCsv('0UNSHARD,0F0,,0F1,.,"0B0",0B1,0REDUCE_GRAD\r\n1RECV_F0,1F0, 1B0 ,1SEND_B0,1F1,1B1\r\n');
    expect(a.ops.map((r) => r.map(torchAction))).toEqual([
      ['0F0', '0F1', '0B0', '0B1'],
      ['1F0', '1B0', '1F1', '1B1'],
    ]);
    expect(a.skipped).toBe(4);
    expect(a.cells[0][2]).toEqual({ row: 1, cell: 6 });
    const b = parseTorchCsv('0F0 0F1 . 0B0 0B1\n1F0 1B0 1F1 1B1\n\n');
    expect(b.ops.map((r) => r.map(torchAction))).toEqual(a.ops.map((r) => r.map(torchAction)));
  });

  it('reads OVERLAP_F_B in either order of its halves and writes it back canonically', () => {
    const { ops } = parseTorchCsv('(3B1;0F3)OVERLAP_F_B,(0F4; 3B2)OVERLAP_F_B');
    expect(ops[0]).toEqual([
      { kind: 'FB', forward: { stage: 0, microbatch: 3 }, backward: { stage: 3, microbatch: 1 } },
      { kind: 'FB', forward: { stage: 0, microbatch: 4 }, backward: { stage: 3, microbatch: 2 } },
    ]);
    expect(torchAction(ops[0][0])).toBe('(0F3;3B1)OVERLAP_F_B');
  });

  it('exports compute_only rows in rank order with DualPipe split stages', () => {
    const s = buildSchedule({ schedule: 'dualpipe', ranks: 2, microbatches: 4 }, costs);
    const csv = exportTorchCsv(s);
    expect(csv.split('\n')).toHaveLength(3);
    expect(csv).toMatch(/^0F0,/);
    const back = scheduleFromTorchCsv(csv);
    expect(back.topology.splitMicrobatches).toBe(true);
    expect(back.topology.modelParts).toBe(2);
  });
});

describe('illegal and malformed files are rejected with the problem in words', () => {
  it.each([
    ['0F0,0X1', /row 1, cell 2: unknown action "0X1"; expected forms like 0F3/],
    ['0F0,F1', /row 1, cell 2: unknown action "F1"/],
    ['0F,0B0', /row 1, cell 1: action "0F" needs a micro-batch number after F/],
    ['0REDUCE_GRAD3,0F0', /REDUCE_GRAD takes no micro-batch/],
    ['(0F0;1F0)OVERLAP_F_B', /OVERLAP_F_B must pair one forward F with one full backward B/],
    ['(0F0;1B0;2B0)OVERLAP_F_B', /OVERLAP_F_B must pair/],
    ['<script>alert(1)</script>', /unknown action "<script>alert\(1\)<\/script>"/],
    ['', /the schedule CSV is empty/],
    ['0F0,0B0\n\n1F0,1B0', /row 2 \(rank 1\) has no F, I, B, W or OVERLAP_F_B action/],
    ['0F0,1F0\n1B0,0B0', /stage 1 appears on rank 0 and rank 1; each stage must live on one rank/],
    ['0F0,0B0\n2F0,2B0', /stage 1 appears in no row/],
    ['0F0,0B0\n1F0', /missing backward \(B or I\) of stage 1 micro-batch 0 \(rank 1\)/],
    ['0F0,0B0,0F0,0B0\n1F0,1B0', /rank 0 op #2 \(F s0 mb0, row 1, cell 3\): F of stage 0 micro-batch 0 appears twice/],
    ['0F0,0W0,0I0\n1F0,1B0', /W of stage 0 micro-batch 0 comes before its I/],
    ['0F0,0B0\n1B0,1F0', /the schedule cannot run: deadlock: rank 0 cannot run op #1 \(row 1, cell 2\)/],
    ['0F0,0B0\n1F0,1B0,1F999999999,1B999999999', /micro-batch 999999999 implies at least 1000000000 micro-batches/],
    ['0F0,0F1,0B0\n1F0,1B0,1F1,1B1', /missing backward \(B or I\) of stage 0 micro-batch 1/],
  ])('%j', (text, message) => {
    const m = reject(text);
    expect(m).toMatch(message);
    expect(m.split('\n')).toHaveLength(1);
  });

  it('labels are quoted text and long cells are shortened', () => {
    const m = reject(`0F0,${'A'.repeat(10_000)}`);
    expect(m.length).toBeLessThan(300);
  });
});
