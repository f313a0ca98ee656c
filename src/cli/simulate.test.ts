/**
 * `simulate --csv` and the export formats of `schedule` against the CLI contract (docs/cli.md): the
 * custom schedule prints what `schedule` prints (with "schedule": "custom"), every format
 * round-trips, bad files exit 2 with one line naming the problem.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFromSvg } from '../interop/index.ts';
import { main } from './main.ts';
import { captureOutput } from './testing/capture.ts';

const out = captureOutput();

const dir = mkdtempSync(join(tmpdir(), 'pipescope-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const run = async (...argv: string[]) => {
  out.stdout = '';
  out.stderr = '';
  return main(argv);
};

describe('schedule export formats', () => {
  it('csv → simulate --csv gives the same timeline and metrics as the named schedule', async () => {
    const args = ['--schedule', 'dualpipe', '--ranks', '4', '--microbatches', '10', '--costs', 'F=1,I=1,W=1,comm=0.25'];
    expect(await run('schedule', ...args)).toBe(0);
    const named = JSON.parse(out.stdout);
    expect(await run('schedule', ...args, '--format', 'csv')).toBe(0);
    const csv = file('dualpipe.csv', out.stdout);
    expect(await run('simulate', '--csv', csv, '--costs', 'F=1,I=1,W=1,comm=0.25')).toBe(0);
    const custom = JSON.parse(out.stdout);
    expect(custom.schedule).toBe('custom');
    expect(custom.timeline).toEqual(named.timeline);
    expect(custom.rankStages).toEqual(named.rankStages);
    expect({ ...custom.metrics, closedFormBubble: null }).toEqual({ ...named.metrics, closedFormBubble: null });
    expect(custom.notes).toEqual([]);
  });

  it('trace is Chrome trace JSON with the project in otherData', async () => {
    expect(await run('schedule', '--schedule', 'zb-v', '--ranks', '2', '--microbatches', '4', '--format', 'trace')).toBe(0);
    const trace = JSON.parse(out.stdout);
    expect(trace.traceEvents.filter((e: { ph: string; cat?: string }) => e.ph === 'X' && e.cat === 'compute')).toHaveLength(48);
    expect(trace.otherData.project.params).toEqual({ schedule: 'zb-v', ranks: 2, microbatches: 4, stagesPerRank: 2 });
  });

  it('svg carries the parameters and --out writes the same bytes', async () => {
    expect(await run('schedule', '--schedule', 'gpipe', '--ranks', '2', '--microbatches', '3', '--format', 'svg')).toBe(0);
    const printed = out.stdout;
    expect(projectFromSvg(printed).params).toEqual({ schedule: 'gpipe', ranks: 2, microbatches: 3, stagesPerRank: 1 });
    const outFile = join(dir, 'g.svg');
    expect(await run('schedule', '--schedule', 'gpipe', '--ranks', '2', '--microbatches', '3', '--format', 'svg', '--out', outFile)).toBe(
      0,
    );
    expect(readFileSync(outFile, 'utf8')).toBe(printed);
  });

  it('simulate prints every format for an overlapped (OVERLAP_F_B) schedule', async () => {
    const csv = file(
      'fb.csv',
      '0F0,0F1,0F2,3F0,3I0,3W0,3F1,(0F3;3B1)OVERLAP_F_B,(3F2;0B0)OVERLAP_F_B,3B2,(3F3;0B1)OVERLAP_F_B,3B3,0I2,0W2,0I3,0W3\n1F0,2F0,1F1,2F1,1F2,2B0,(2F2;1B0)OVERLAP_F_B,(1F3;2B1)OVERLAP_F_B,(2F3;1B1)OVERLAP_F_B,2B2,1B2,2I3,1I3,2W3,1W3\n',
    );
    expect(await run('simulate', '--csv', csv, '--format', 'text')).toBe(0);
    expect(out.stdout.split('\n')[7]).toMatch(/^r0 FB s0 mb3 \| s3 mb1 /);
    expect(await run('simulate', '--csv', csv, '--format', 'csv')).toBe(0);
    expect(out.stdout).toBe(readFileSync(csv, 'utf8'));
    expect(await run('simulate', '--csv', csv, '--format', 'svg')).toBe(0);
    expect(projectFromSvg(out.stdout).params.schedule).toBe('custom');
    expect(await run('simulate', '--csv', csv, '--format', 'trace')).toBe(0);
    expect(JSON.parse(out.stdout).otherData.schedule).toBe('custom');
  });
});

describe('simulate rejects bad input with one line and exit code 2', () => {
  const big = join(dir, 'big.csv');
  writeFileSync(big, Buffer.alloc(50_000_000, 0x2c));
  it.each([
    [[], /--csv FILE is required/],
    [['--csv', join(dir, 'missing.csv')], /--csv .*missing\.csv: cannot read the file \(no such file\)/],
    [['--csv', file('x.csv', '0F0,0X1\n')], /--csv .*x\.csv: row 1, cell 2: unknown action "0X1"/],
    [['--csv', file('d.csv', '0F0,0B0\n1B0,1F0\n')], /the schedule cannot run: deadlock: rank 0 cannot run op #1 \(row 1, cell 2\)/],
    [['--csv', file('m.csv', '0F0,0B0\n1F0\n')], /the schedule is not legal: missing backward \(B or I\) of stage 1 micro-batch 0/],
    [['--csv', file('s.csv', '<script>alert(1)</script>\n')], /unknown action "<script>alert\(1\)<\/script>"/],
    [['--csv', big], /big\.csv is 50\.0 MB; the import limit is 32\.0 MB/],
    [['--csv', file('ok.csv', '0F0,0B0\n'), '--format', 'pdf'], /--format must be one of json, text, svg, trace, csv/],
    [['--csv', file('ok2.csv', '0F0,0B0\n'), '--costs', 'F=-1'], /--costs F must not be negative/],
  ])('%j', async (argv, message) => {
    expect(await run('simulate', ...argv)).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stdout).toBe('');
  });

  it('--help describes the grammar', async () => {
    expect(await run('simulate', '--help')).toBe(0);
    expect(out.stdout).toMatch(/OVERLAP_F_B/);
  });

  it('the real process exits 2 on a bad file and 0 on a good one', () => {
    const cli = (args: string[]) => spawnSync('npx', ['tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
    const bad = cli(['simulate', '--csv', file('bad.csv', '0F0,0Q0\n')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^pipescope simulate: --csv .*bad\.csv: row 1, cell 2: unknown action "0Q0"/);
    const ok = cli(['simulate', '--csv', file('good.csv', '0F0,0B0\n1F0,1B0\n')]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).schedule).toBe('custom');
  });
});
