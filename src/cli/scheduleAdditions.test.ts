/**
 * The second-round `schedule` options (docs/cli.md "Additions"): --costs-file, --mem-limit,
 * --seq-splits, --group-size, --ep-overlap and the new schedule names, driven as external tests
 * drive them and compared with the goldens; invalid input exits 2 with one line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenFiles, goldenIndex } from '../engine/testing/golden.ts';
import { main } from './main.ts';
import { captureOutput } from './testing/capture.ts';

const out = captureOutput();
const dir = mkdtempSync(join(tmpdir(), 'pipescope-costs-'));
let files = 0;
const costsFile = (content: unknown) => {
  const path = join(dir, `c${files++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

interface ReportOpJson {
  kind: string;
  stage?: number;
  microbatch?: number;
  split?: number;
  forward?: { stage: number; microbatch: number };
  backward?: { stage: number; microbatch: number };
  start: number;
  end: number;
}
interface Report {
  timeline: { rank: number; ops: ReportOpJson[] }[];
  metrics: { peakActivations: number[]; makespan: number };
  rankStages: number[][];
}

/** The report's ops in golden encoding (Seq1F1B: split as a 4th field unless 0). */
const golden = (r: Report) =>
  r.timeline.map((t) =>
    t.ops.map((o) =>
      o.kind === 'FB'
        ? ['FB', o.forward!.stage, o.forward!.microbatch, o.backward!.stage, o.backward!.microbatch]
        : o.split
          ? [o.kind, o.stage, o.microbatch, o.split]
          : [o.kind, o.stage, o.microbatch],
    ),
  );

const fresh = () => {
  out.stdout = '';
  out.stderr = '';
};

async function schedule(...argv: string[]): Promise<Report> {
  fresh();
  const code = await main(['schedule', ...argv]);
  if (code !== 0) throw new Error(`exit ${code}: ${out.stderr}`);
  return JSON.parse(out.stdout) as Report;
}

async function rejected(...argv: string[]): Promise<string> {
  fresh();
  expect(await main(['schedule', ...argv])).toBe(2);
  expect(out.stdout).toBe('');
  expect(out.stderr.trim().split('\n')).toHaveLength(1);
  return out.stderr;
}

const budget = goldenFiles('sail-budget') as unknown as {
  file: string;
  schedule: string;
  num_ranks: number;
  num_microbatches: number;
  ops: unknown[][];
  times?: [number, number][][];
  costs_per_stage: { F: number[]; I: number[]; W: number[]; comm: number };
  costs?: { F: number; I: number; W: number; comm: number };
  memory_model?: { f: number[]; b: number[]; w: number[]; limit: number[]; limit_in_f: number };
  num_seq_splits?: number;
}[];
const pick = (file: string) => budget.find((g) => g.file === file)!;
const PM = (g: { num_ranks: number; num_microbatches: number }) => ['--ranks', `${g.num_ranks}`, '--microbatches', `${g.num_microbatches}`];

describe('pipescope schedule: per-stage costs and memory limits', () => {
  it('zb-auto with --costs-file (per-stage costs and memory) and a per-rank --mem-limit reproduces zb.py and add_time', async () => {
    const g = pick('ZBAuto_p4_m8_uneven_k1.5.json');
    const m = g.memory_model!;
    const file = costsFile({ ...g.costs_per_stage, memory: { F: m.f, I: m.b, W: m.w } });
    const r = await schedule('--schedule', 'zb-auto', ...PM(g), '--costs-file', file, '--mem-limit', m.limit.join(','));
    expect(golden(r)).toEqual(g.ops);
    r.timeline.forEach((t, rank) =>
      t.ops.forEach((o, i) => {
        expect(o.start).toBeCloseTo(g.times![rank]![i]![0], 9);
        expect(o.end).toBeCloseTo(g.times![rank]![i]![1], 9);
      }),
    );
    // peaks in the memory model's unit never exceed the limit
    r.metrics.peakActivations.forEach((peak, rank) => expect(peak).toBeLessThanOrEqual(m.limit[rank]!));
  });

  it('zb-auto defaults to 2·P·memory.F (ZB2P) and takes one limit for every rank', async () => {
    const g = pick('ZB1P_perstage_p4_m8_uneven.json');
    const file = costsFile(g.costs_per_stage);
    expect(golden(await schedule('--schedule', 'zb-auto', ...PM(g), '--costs-file', file, '--mem-limit', '4'))).toEqual(g.ops);
    const zb2 = await schedule('--schedule', 'zb-auto', ...PM(g), '--costs-file', file);
    expect(golden(zb2)).toEqual(golden(await schedule('--schedule', 'zb-h2', ...PM(g), '--costs-file', file)));
  });

  it('1f1b with a costs file times each op by its stage (1F1B_perstage)', async () => {
    const g = pick('1F1B_perstage_p4_m8_uneven.json');
    const r = await schedule('--schedule', '1f1b', ...PM(g), '--costs-file', costsFile(g.costs_per_stage));
    expect(golden(r)).toEqual(g.ops);
    expect(r.metrics.makespan).toBeCloseTo(109.533, 9);
  });

  it('v-auto with --mem-limit, 1f1b-v with per-rank cost lists', async () => {
    const v = pick('VAuto_p4_m8_k6.json');
    const c = v.costs!;
    const r = await schedule('--schedule', 'v-auto', ...PM(v), '--costs', `F=${c.F},I=${c.I},W=${c.W}`, '--mem-limit', '6');
    expect(golden(r)).toEqual(v.ops);
    expect(Math.max(...r.metrics.peakActivations)).toBeLessThanOrEqual(6);
    // per-rank lists: the reference takes the median stage's costs, as the golden was generated
    const same = await schedule('--schedule', 'v-auto', ...PM(v), '--costs-file', costsFile(v.costs_per_stage), '--mem-limit', '6');
    expect(golden(same)).toEqual(v.ops);
    const g = pick('V1F1B_p4_m8.json');
    const v1 = await schedule('--schedule', '1f1b-v', ...PM(g), '--costs-file', costsFile({ ...g.costs, B: g.costs!.I }));
    expect(v1.rankStages).toEqual([
      [0, 7],
      [1, 6],
      [2, 5],
      [3, 4],
    ]);
    expect(golden(v1)).toEqual(g.ops);
  });

  it('seq1f1b ops carry their split', async () => {
    const g = pick('Seq1F1B_p4_m8_sq4.json');
    const r = await schedule('--schedule', 'seq1f1b', ...PM(g), '--seq-splits', '4');
    expect(golden(r)).toEqual(g.ops);
    expect(r.timeline[0]!.ops[1]).toMatchObject({ kind: 'F', stage: 0, microbatch: 0, split: 1 });
    expect(r.timeline[0]!.ops[0]).toMatchObject({ split: 0 });
    // one chunk's activation is 1/N of a micro-batch's
    expect(r.metrics.peakActivations[3]).toBe(1);
  });
});

describe('pipescope schedule: Megatron interleaved and torch interleaved zero bubble', () => {
  for (const g of goldenFiles('megatron-interleaved') as unknown as {
    file: string;
    num_ranks: number;
    num_microbatches: number;
    stages_per_rank: number;
    microbatch_group_size_per_vp_stage: number;
    overlap_moe_expert_parallel_comm: boolean;
    ops: unknown[][];
  }[]) {
    it(g.file, async () => {
      const argv = [
        '--schedule',
        'interleaved-1f1b-megatron',
        ...PM(g),
        '--stages-per-rank',
        `${g.stages_per_rank}`,
        '--group-size',
        `${g.microbatch_group_size_per_vp_stage}`,
      ];
      if (g.overlap_moe_expert_parallel_comm) argv.push('--ep-overlap');
      expect(golden(await schedule(...argv))).toEqual(g.ops);
    });
  }

  it('interleaved-zb with --stages-per-rank 2 is torch InterleavedZeroBubble v=2; v=1 is zb-h1', async () => {
    const g = goldenFiles('torch-pipelining').find((f) => f.file === 'InterleavedZeroBubble_p4_m8_v2.json')!;
    expect(golden(await schedule('--schedule', 'interleaved-zb', ...PM(g), '--stages-per-rank', '2'))).toEqual(g.ops);
    const v1 = await schedule('--schedule', 'interleaved-zb', '--ranks', '4', '--microbatches', '8', '--stages-per-rank', '1');
    expect(golden(v1)).toEqual(golden(await schedule('--schedule', 'zb-h1', '--ranks', '4', '--microbatches', '8')));
  });
});

describe('pipescope schedule: rejections exit 2 with the reason', () => {
  it('configs the references reject', async () => {
    expect(await rejected('--schedule', 'interleaved-1f1b-megatron', '--ranks', '4', '--microbatches', '10', '--group-size', '4')).toMatch(
      /remainder of M=10 divided by the group size N=4/,
    );
    expect(await rejected('--schedule', 'interleaved-1f1b-megatron', '--ranks', '4', '--microbatches', '3')).toMatch(
      /range in \[PP=4, M=3\]/,
    );
    const noFit = goldenIndex<{ errors: { schedule: string; p: number; m: number; k: number }[] }>('sail-budget').errors.find(
      (e) => e.schedule === 'VAuto',
    )!;
    expect(
      await rejected('--schedule', 'v-auto', '--ranks', `${noFit.p}`, '--microbatches', `${noFit.m}`, '--mem-limit', `${noFit.k}`),
    ).toMatch(/no V-shape schedule .* keeps within/);
    const g = pick('ZBAuto_p6_m12_uneven_k1.json');
    const m = g.memory_model!;
    const file = costsFile({ ...g.costs_per_stage, memory: { F: m.f, I: m.b, W: m.w } });
    expect(
      await rejected('--schedule', 'zb-auto', ...PM(g), '--costs-file', file, '--mem-limit', m.f.map((f) => 12 * f).join(',')),
    ).toMatch(/zb\.py cannot schedule .*stage 1 micro-batch 6/);
    expect(await rejected('--schedule', 'interleaved-zb', '--ranks', '4', '--microbatches', '9')).toMatch(/2 must divide M=9/);
  });

  it('bad options and bad costs files', async () => {
    expect(await rejected('--schedule', '1f1b', '--ranks', '2', '--microbatches', '2', '--seq-splits', '2')).toMatch(
      /seq-splits applies only to seq1f1b/,
    );
    expect(await rejected('--schedule', 'v-auto', '--ranks', '2', '--microbatches', '4', '--mem-limit', '2,3')).toMatch(/not a list/);
    expect(await rejected('--schedule', 'v-auto', '--ranks', '2', '--microbatches', '4', '--mem-limit', '2.5')).toMatch(/whole number/);
    expect(await rejected('--schedule', 'v-auto', '--ranks', '1', '--microbatches', '4')).toMatch(/at least 2 ranks/);
    expect(await rejected('--schedule', 'v-auto', '--ranks', '32', '--microbatches', '64')).toMatch(/would take minutes/);
    expect(await rejected('--schedule', 'zb-auto', '--ranks', '2', '--microbatches', '4', '--mem-limit', 'lots')).toMatch(/--mem-limit/);
    expect(await rejected('--schedule', 'zb-auto', '--ranks', '2', '--microbatches', '4', '--mem-limit', '0.5')).toMatch(
      /at least one forward/,
    );
    const ok = costsFile({ F: 1 });
    expect(await rejected('--schedule', '1f1b', '--ranks', '2', '--microbatches', '2', '--costs', 'F=1', '--costs-file', ok)).toMatch(
      /alternatives/,
    );
    expect(await rejected('--schedule', '1f1b', '--ranks', '2', '--microbatches', '2', '--costs-file', join(dir, 'missing.json'))).toMatch(
      /cannot read/,
    );
    expect(await rejected('--schedule', '1f1b', '--ranks', '2', '--microbatches', '2', '--costs-file', costsFile('{"F": [1,'))).toMatch(
      /not valid JSON/,
    );
    expect(
      await rejected('--schedule', 'zb-v', '--ranks', '2', '--microbatches', '4', '--costs-file', costsFile({ F: [1, 2, 3] })),
    ).toMatch(/F must list 4 \(one per stage\) or 2 \(one per rank\) entries; got 3/);
    expect(await rejected('--schedule', '1f1b', '--ranks', '2', '--microbatches', '2', '--costs-file', costsFile({ F: [1, -1] }))).toMatch(
      /F\[1\] must not be negative/,
    );
    expect(
      await rejected(
        '--schedule',
        'zb-auto',
        '--ranks',
        '2',
        '--microbatches',
        '2',
        '--costs-file',
        costsFile({ memory: { F: 2, I: -1, W: -2 } }),
      ),
    ).toMatch(/F \+ I \+ W must be 0/);
    expect(await rejected('--schedule', '1f1b', '--ranks', '2', '--microbatches', '2', '--costs-file', costsFile({ X: 1 }))).toMatch(
      /unknown key "X"/,
    );
  });
});
