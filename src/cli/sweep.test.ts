/**
 * `pipescope sweep` driven as docs/cli.md specifies: lists and ranges, one row per combination,
 * invalid combinations as rows with the engine's reason, bad options exit 2 with one line. Sampled
 * rows are compared with single `pipescope schedule` runs of the same combination (the same
 * command, in-process), with uniform costs, a costs file, memory limits and a model; `--jobs 2`
 * (worker threads) prints exactly what one thread prints.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { captureOutput } from './testing/capture.ts';

const out = captureOutput();
const dir = mkdtempSync(join(tmpdir(), 'pipescope-sweep-'));
let files = 0;
const file = (content: unknown) => {
  const path = join(dir, `f${files++}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

async function run(command: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  out.stdout = '';
  out.stderr = '';
  const code = await main([command, ...argv]);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

type Row = Record<string, string>;
function csvRows(text: string): Row[] {
  const [head, ...lines] = text.trimEnd().split('\n');
  const cols = head.split(',');
  return lines.map((line) => {
    // the reason is the one quoted cell
    const cells: string[] = [];
    for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
      cells.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
      if (m[2] === '') break;
    }
    return Object.fromEntries(cols.map((c, i) => [c, cells[i]]));
  });
}

interface Report {
  stagesPerRank: number;
  metrics: { makespan: number; bubbleRatio: number; peakActivations: number[] };
}
async function single(...argv: string[]): Promise<Report> {
  const r = await run('schedule', ...argv);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Report;
}

/** Each valid row's numbers printed by `schedule` for the same combination (extra: its cost options). */
async function expectRowsMatchSchedule(rows: Row[], extra: string[]) {
  for (const row of rows.filter((r) => r.valid === 'true')) {
    const argv = ['--schedule', row.schedule, '--ranks', row.ranks, '--microbatches', row.microbatches, ...extra];
    if (['interleaved-1f1b', 'looped-bfs', 'interleaved-zb'].includes(row.schedule)) argv.push('--stages-per-rank', row.stagesPerRank);
    if (row.memLimit !== '') argv.push('--mem-limit', row.memLimit);
    const r = await single(...argv);
    expect(Number(row.makespan), argv.join(' ')).toBe(r.metrics.makespan);
    expect(Number(row.bubbleRatio)).toBe(r.metrics.bubbleRatio);
    expect(Number(row.peakActivations)).toBe(Math.max(...r.metrics.peakActivations));
    expect(Number(row.stagesPerRank)).toBe(r.stagesPerRank);
  }
}

describe('pipescope sweep', () => {
  it('one row per combination, in order; valid rows equal single schedule runs', async () => {
    const r = await run(
      'sweep',
      '--schedules',
      '1f1b,interleaved-1f1b,zb-v,dualpipe',
      '--ranks',
      '2:6:2',
      '--microbatches',
      '6,12',
      '--costs',
      'F=1,I=1.5,W=0.75,comm=0.1',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const rows = csvRows(r.stdout);
    expect(rows).toHaveLength(4 * 3 * 2);
    expect(rows.map((x) => `${x.schedule}/${x.ranks}/${x.microbatches}`).slice(0, 3)).toEqual(['1f1b/2/6', '1f1b/2/12', '1f1b/4/6']);
    const invalid = rows.filter((x) => x.valid === 'false');
    // DualPipe needs M >= 2P; interleaved-1f1b's equal rounds
    expect(invalid.map((x) => `${x.schedule}/${x.ranks}/${x.microbatches}`)).toEqual(['dualpipe/4/6', 'dualpipe/6/6']);
    expect(invalid[0].reason).toBe('DualPipe needs at least 2P = 8 micro-batches for P=4 ranks; got 6');
    expect(invalid.every((x) => x.makespan === '' && x.peakActivations === '')).toBe(true);
    await expectRowsMatchSchedule(rows, ['--costs', 'F=1,I=1.5,W=0.75,comm=0.1']);
  });

  it('the benchmark grid (6 schedules × P 4..32 step 4 × M 16..256 step 16): 768 rows, sampled rows equal schedule', async () => {
    const schedules = ['gpipe', '1f1b', 'interleaved-1f1b', 'zb-h1', 'zb-v', 'dualpipe'];
    const r = await run('sweep', '--schedules', schedules.join(','), '--ranks', '4:32:4', '--microbatches', '16:256:16');
    expect(r.code).toBe(0);
    const rows = csvRows(r.stdout);
    expect(rows).toHaveLength(6 * 8 * 16);
    expect([...new Set(rows.map((x) => x.schedule))]).toEqual(schedules);
    // every 29th row (29 is prime to the 16 M values and 8 P values, so the sample walks through both) and the largest of each schedule
    const sample = rows.filter((x, i) => i % 29 === 0 || (x.ranks === '32' && x.microbatches === '256'));
    expect(sample.filter((x) => x.valid === 'true').length).toBeGreaterThan(30);
    await expectRowsMatchSchedule(sample, []);
  }, 120_000);

  it('crosses stages per rank and memory limits with every schedule; the ones that do not take them are rows with the reason', async () => {
    const r = await run(
      'sweep',
      '--schedules',
      'interleaved-1f1b,1f1b,zb-auto',
      '--ranks',
      '4',
      '--microbatches',
      '8',
      '--stages-per-rank',
      '1:3',
      '--mem-limit',
      '4,8',
    );
    const rows = csvRows(r.stdout);
    expect(rows).toHaveLength(3 * 3 * 2);
    expect(
      rows
        .filter((x) => x.schedule === 'interleaved-1f1b')
        .every((x) => x.reason === 'mem-limit applies only to zb-auto and v-auto, not interleaved-1f1b'),
    ).toBe(true);
    const zb = rows.filter((x) => x.schedule === 'zb-auto' && x.stagesPerRank === '1');
    expect(zb.map((x) => [x.memLimit, x.valid])).toEqual([
      ['4', 'true'],
      ['8', 'true'],
    ]);
    expect(Number(zb[0].peakActivations)).toBeLessThanOrEqual(4);
    await expectRowsMatchSchedule(rows, []);
  });

  it('--costs-file is resolved on each combination; a list that fits no stage count rejects that row', async () => {
    const costs = file({ F: [1, 1.2, 1.4, 1.6], I: 1, W: 0.5, memory: { F: [4, 3, 2, 1] } });
    const r = await run(
      'sweep',
      '--schedules',
      '1f1b,zb-h1,interleaved-1f1b',
      '--ranks',
      '2,4',
      '--microbatches',
      '8',
      '--costs-file',
      costs,
    );
    const rows = csvRows(r.stdout);
    // 1f1b and zb-h1 run P stages (F lists 4: per stage at P = 4); interleaved-1f1b 2P (per stage at P = 2, per rank at P = 4)
    expect(rows.map((x) => x.valid)).toEqual(['false', 'true', 'false', 'true', 'true', 'true']);
    expect(rows[0].reason).toBe('costs file F must list 2 entries; got 4');
    await expectRowsMatchSchedule(rows, ['--costs-file', costs]);
  });

  it('--jobs 2 prints exactly what one thread prints; --format json has the same rows', async () => {
    const argv = ['--schedules', 'gpipe,zb-h2,dualpipev,interleaved-1f1b', '--ranks', '2:8:2', '--microbatches', '8:32:8'];
    const one = await run('sweep', ...argv);
    const two = await run('sweep', ...argv, '--jobs', '2');
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const json = await run('sweep', ...argv, '--format', 'json', '--jobs', '2');
    const objects = JSON.parse(json.stdout) as Record<string, unknown>[];
    const rows = csvRows(one.stdout);
    expect(objects).toHaveLength(rows.length);
    objects.forEach((o, i) => {
      expect(String(o.makespan ?? '')).toBe(rows[i].makespan);
      expect(o.valid).toBe(rows[i].valid === 'true');
      expect(o.reason ?? '').toBe(rows[i].reason);
    });
  }, 60_000);

  it('v-auto runs in the sweep (its search takes the time, not the sweep)', async () => {
    const r = await run('sweep', '--schedules', 'v-auto', '--ranks', '4', '--microbatches', '8', '--mem-limit', '5:8', '--jobs', '2');
    const rows = csvRows(r.stdout);
    expect(rows).toHaveLength(4);
    await expectRowsMatchSchedule(rows, []);
  }, 60_000);

  it('with a model: costs from the planner, equal to schedule --costs-file with the model command costs, and the step columns', async () => {
    const model = await run('model', '--config', 'llama3.1-70b', '--hardware', 'h800');
    expect(model.code).toBe(0);
    const costs = file((JSON.parse(model.stdout) as { costs: unknown }).costs);
    // the preset's own PP 4 with 5 virtual stages: the sweep's layout for interleaved v = 5
    const r = await run(
      'sweep',
      '--config',
      'llama3.1-70b',
      '--hardware',
      'h800',
      '--schedules',
      'interleaved-1f1b',
      '--ranks',
      '4',
      '--microbatches',
      '8,16',
      '--stages-per-rank',
      '5',
    );
    expect(r.code).toBe(0);
    const rows = csvRows(r.stdout);
    expect(Object.keys(rows[0]).slice(-4)).toEqual(['stepTimeMs', 'tokensPerSecondPerGpu', 'mfu', 'peakBytes']);
    await expectRowsMatchSchedule(rows, ['--costs-file', costs]);
    for (const row of rows) {
      expect(Number(row.stepTimeMs)).toBeCloseTo(Number(row.makespan) / 1000, 9);
      // TP 8 × PP 4 GPUs run M × 1 × 4096 tokens per step
      expect(Number(row.tokensPerSecondPerGpu)).toBeCloseTo((Number(row.microbatches) * 4096) / (Number(row.stepTimeMs) / 1000) / 32, 6);
      expect(Number(row.mfu)).toBeGreaterThan(0.2);
      expect(Number(row.mfu)).toBeLessThan(0.5);
      expect(Number(row.peakBytes)).toBeGreaterThan(Number(row.peakActivations));
    }
    // more micro-batches: the bubble's share shrinks, so throughput per GPU rises
    expect(Number(rows[1].tokensPerSecondPerGpu)).toBeGreaterThan(Number(rows[0].tokensPerSecondPerGpu));
  }, 60_000);

  it('with a model, combinations the planner cannot lay out are rows with its reason', async () => {
    // DeepSeek-V3's layout string is 16 ranks × 2 chunks: only zb-v on 16 ranks fits it
    const r = await run('sweep', '--config', 'deepseek-v3', '--schedules', 'zb-v,1f1b', '--ranks', '8,16', '--microbatches', '32');
    const rows = csvRows(r.stdout);
    expect(rows.map((x) => x.valid)).toEqual(['false', 'true', 'false', 'false']);
    expect(rows[2].reason).toBe('pipeline_model_parallel_layout: has 32 stages; 1f1b on 8 ranks runs 8 model chunks (1 per rank)');
    expect(rows[0].stepTimeMs).toBe('');
  }, 60_000);

  it('bad option syntax exits 2 with one line', async () => {
    const cases: [string[], string][] = [
      [['--ranks', '4', '--microbatches', '8'], '--schedules is required'],
      [['--schedules', '1f1b,nope', '--ranks', '4', '--microbatches', '8'], 'unknown schedule "nope"'],
      [['--schedules', '1f1b', '--ranks', '4:2', '--microbatches', '8'], '--ranks: the range "4:2" runs backwards (2 < 4)'],
      [['--schedules', '1f1b', '--ranks', '4', '--microbatches', '8,x'], '--microbatches: "x" is not a whole number or a range a:b:step'],
      [['--schedules', '1f1b', '--ranks', '4', '--microbatches', '8', '--jobs', '0'], '--jobs must be from 1 to 64; got 0'],
      [['--schedules', '1f1b', '--ranks', '4', '--microbatches', '8', '--format', 'svg'], '--format must be one of csv, json; got "svg"'],
      [['--schedules', '1f1b', '--ranks', '4', '--microbatches', '8', '--costs', 'F=-1'], '--costs F must not be negative; got -1'],
      [['--schedules', '1f1b', '--ranks', '4', '--microbatches', '8', '--costs', 'F=1', '--costs-file', 'x.json'], 'alternatives'],
      [['--schedules', '1f1b', '--ranks', '4', '--microbatches', '8', '--hardware', 'h100'], '--hardware applies only with --config'],
      [['--schedules', '1f1b', '--ranks', '4', '--microbatches', '8', '--config', 'nope-model'], 'unknown preset "nope-model"'],
      [['--schedules', '1f1b', '--ranks', '1:1000', '--microbatches', '1:1000'], 'at most 200,000 per sweep'],
      [['--schedules', '1f1b', '--ranks', '4', '--microbatches', '8', '--bogus'], "Unknown option '--bogus'"],
    ];
    for (const [argv, msg] of cases) {
      const r = await run('sweep', ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(msg);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('--help names every option and the columns', async () => {
    const r = await run('sweep', '--help');
    expect(r.code).toBe(0);
    for (const opt of [
      '--schedules',
      '--ranks',
      '--microbatches',
      '--stages-per-rank',
      '--costs-file',
      '--mem-limit',
      '--config',
      '--hardware',
      '--jobs',
      '--format',
      '--out',
    ])
      expect(r.stdout).toContain(opt);
    expect(r.stdout).toContain('stepTimeMs, tokensPerSecondPerGpu');
  });
});
