/**
 * `pipescope trace import` against the CLI contract (docs/cli.md "trace import"): the JSON fields,
 * folders and .json.gz files, the other formats, and one stderr line with exit code 2 for bad input.
 */
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFromSvg } from '../interop/index.ts';
import { main } from './main.ts';
import { captureOutput } from './testing/capture.ts';

const out = captureOutput();
const RUNTIME = 'fixtures/golden/torch-runtime';
const I1F1B = `${RUNTIME}/Interleaved1F1B_p4_m8_v2`;
const dir = mkdtempSync(join(tmpdir(), 'pipescope-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (...argv: string[]) => {
  out.stdout = '';
  out.stderr = '';
  return main(['trace', ...argv]);
};

async function invalid(...argv: string[]): Promise<string> {
  expect(await run(...argv)).toBe(2);
  expect(out.stderr.trim().split('\n')).toHaveLength(1);
  expect(out.stderr).toMatch(/^pipescope trace: /);
  return out.stderr.trim();
}

describe('trace import', () => {
  it('prints the contract JSON for a folder of per-rank traces', async () => {
    expect(await run('import', I1F1B)).toBe(0);
    const r = JSON.parse(out.stdout);
    expect(r).toMatchObject({
      ranks: 4,
      microbatches: 8,
      stages: 8,
      rankStages: [
        [0, 4],
        [1, 5],
        [2, 6],
        [3, 7],
      ],
      recognized: { schedule: 'interleaved-1f1b', stagesPerRank: 2, matches: true },
    });
    expect(r.measured).toHaveLength(4);
    expect(r.measured[0].rank).toBe(0);
    expect(r.measured[0].ops[0]).toEqual({
      kind: 'F',
      stage: 0,
      microbatch: 0,
      start: expect.any(Number),
      end: expect.any(Number),
      wait: 0,
    });
    expect(r.measured[1].comm[0]).toMatchObject({ kind: 'UNSHARD', stage: 1, microbatch: null });
    expect(r.measured[1].comm.find((c: { kind: string }) => c.kind === 'RECV_F')).toMatchObject({
      stage: 1,
      microbatch: 0,
      arrived: expect.any(Number),
    });
    expect(r.measuredMakespan).toBeGreaterThan(100_000);
    expect(Object.keys(r.fitted.costs).sort()).toEqual(['B', 'F', 'comm']);
    expect(r.fitted.costs.F).toHaveLength(8);
    expect(r.simulated.makespan / r.measuredMakespan).toBeGreaterThan(0.5);
    expect(r.idle.map((i: { rank: number }) => i.rank)).toEqual([0, 1, 2, 3]);
    expect(r.idle[0]).toMatchObject({ waitingMs: expect.any(Number), bubbleMs: expect.any(Number) });
    expect(r.notes[0]).toMatch(/skipped 1 JSON file\(s\) that are not traces: .*meta\.json/);
  });

  it('reads .json.gz files and gives the same step', async () => {
    const gz = join(dir, 'gz');
    mkdirSync(gz);
    for (const r of [0, 1, 2, 3]) {
      const name = `rank${r}.pt.trace.json`;
      if (r === 2) writeFileSync(join(gz, `${name}.gz`), gzipSync(readFileSync(join(I1F1B, name))));
      else copyFileSync(join(I1F1B, name), join(gz, name));
    }
    expect(await run('import', gz)).toBe(0);
    const fromGz = JSON.parse(out.stdout);
    expect(await run('import', ...[0, 1, 2, 3].map((r) => join(I1F1B, `rank${r}.pt.trace.json`)))).toBe(0);
    const plain = JSON.parse(out.stdout);
    expect(fromGz.files[2]).toMatch(/rank2\.pt\.trace\.json\.gz$/);
    expect({ ...fromGz, files: [] }).toEqual({ ...plain, files: [] });
  });

  it('text, svg and trace formats, and --out', async () => {
    expect(await run('import', I1F1B, '--format', 'text')).toBe(0);
    expect(out.stdout).toMatch(/^torch-profiler: 4 ranks, 8 stages, 8 micro-batches/);
    expect(out.stdout).toMatch(/\nschedule: interleaved-1f1b \(stages per rank 2\)\n/);
    expect(out.stdout).toMatch(/\nr3 F s3 mb0 \d+\.\d-\d+\.\d wait \d+\.\d\n/);
    expect(await run('import', I1F1B, '--format', 'svg')).toBe(0);
    expect(out.stdout).toMatch(/^<\?xml/);
    expect(out.stdout.match(/<g class="op[ "][^>]*data-kind=/g)).toHaveLength(128);
    expect(projectFromSvg(out.stdout).params).toMatchObject({ schedule: 'interleaved-1f1b', ranks: 4, microbatches: 8, stagesPerRank: 2 });
    const file = join(dir, 'trace.json');
    expect(await run('import', I1F1B, '--format', 'trace', '--out', file)).toBe(0);
    expect(out.stdout).toBe('');
    const trace = JSON.parse(readFileSync(file, 'utf8'));
    const compute = trace.traceEvents.filter((e: { ph: string; cat?: string }) => e.ph === 'X' && e.cat === 'compute');
    expect(compute).toHaveLength(128);
  });

  it('a trace without PP: ranges exits 2 with the sentence', async () => {
    const m = await invalid('import', `${RUNTIME}/1F1B_p4_m8`);
    expect(m).toMatch(/has no "PP:" ranges: looked for user_annotation ranges named PP:<action>/);
    expect(m).toMatch(/Schedule1F1B/);
  });

  it('bad input exits 2 with one line', async () => {
    expect(await invalid('import', join(I1F1B, 'rank0.pt.trace.json'), join(I1F1B, 'rank1.pt.trace.json'))).toMatch(
      /ranks 2, 3 are missing: the files hold ranks 0, 1 of world size 4/,
    );
    expect(await invalid('import', join(dir, 'nope'))).toMatch(/nope: cannot read \(no such file or folder\)$/);
    expect(await invalid('import')).toMatch(/give at least one trace file or folder/);
    expect(await invalid('export', I1F1B)).toMatch(/unknown subcommand "export"/);
    expect(await invalid('import', I1F1B, '--format', 'csv')).toMatch(/--format must be one of json, text, svg, trace/);
    const broken = join(dir, 'rank0.json');
    writeFileSync(broken, '{"traceEvents": [');
    expect(await invalid('import', broken)).toMatch(/rank0\.json is not valid JSON \(it may be truncated\)/);
    writeFileSync(join(dir, 'bad.json.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    expect(await invalid('import', join(dir, 'bad.json.gz'))).toMatch(/starts like gzip but is not valid gzip data/);
  });

  it('a 2 GB file is refused by its size before it is read', async () => {
    const big = join(dir, 'rank0.pt.trace.json');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 2 ** 31); // sparse: no disk space used, and reading it would take seconds
    closeSync(fd);
    const started = Date.now();
    expect(await invalid('import', big)).toMatch(/rank0\.pt\.trace\.json is 2147\.5 MB; the trace import limit is 256 MB/);
    expect(Date.now() - started).toBeLessThan(2000);
    rmSync(big);
  });

  it('--help', async () => {
    expect(await run('import', '--help')).toBe(0);
    expect(out.stdout).toMatch(/^usage: pipescope trace import PATH\.\.\./);
    expect(await run('--help')).toBe(0);
  });
});
