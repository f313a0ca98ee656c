/**
 * The `schedule` command against the CLI contract (docs/cli.md): JSON shape, text lines, one-line
 * errors with exit code 2. Mostly in-process through main(); one real process checks the wiring.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { goldenFiles, toGolden } from '../engine/testing/golden.ts';
import { main } from './main.ts';
import { captureOutput } from './testing/capture.ts';

const out = captureOutput();

const run = (...argv: string[]) => main(argv);

describe('pipescope schedule', () => {
  it('prints the contract JSON, comparable entry by entry with a golden order', async () => {
    expect(await run('schedule', '--schedule', 'dualpipe', '--ranks', '8', '--microbatches', '20')).toBe(0);
    const r = JSON.parse(out.stdout);
    expect(r).toMatchObject({
      schedule: 'dualpipe',
      ranks: 8,
      microbatches: 20,
      stagesPerRank: 2,
      costs: { F: 1, I: 1, W: 1, B: 2, FB: 3, comm: 0 },
    });
    expect(r.rankStages[0]).toEqual([0, 15]);
    const golden = goldenFiles('deepseek-dualpipe').find((g) => g.file === 'DualPipe_p8_m20.json')!;
    const ops = r.timeline.map((t: { ops: Record<string, unknown>[] }) =>
      t.ops.map((o) =>
        o.kind === 'FB'
          ? toGolden({ kind: 'FB', forward: o.forward as never, backward: o.backward as never })
          : toGolden({ kind: o.kind as 'F', stage: o.stage as number, microbatch: o.microbatch as number }),
      ),
    );
    expect(ops).toEqual(golden.ops);
    expect(r.metrics.makespan).toBe(66);
    expect(r.metrics.bubble).toHaveLength(8);
    expect(r.metrics.peakActivations).toEqual(Array(8).fill(9));
    expect(r.metrics.paramsPerRank).toEqual(Array(8).fill(2));
    expect(r.metrics.closedFormBubble.value).toBe(6);
    // an extra field: idle GPU-time over the whole step, 1 − 8·60 / (8·66)
    expect(r.metrics.idleRatio).toBeCloseTo(1 - 480 / 528, 12);
  });

  it('prints one line per op in text format and honours --costs', async () => {
    expect(
      await run('schedule', '--schedule', '1f1b', '--ranks', '2', '--microbatches', '2', '--costs', 'F=1,B=2,comm=0.5', '--format', 'text'),
    ).toBe(0);
    expect(out.stdout).toBe(
      [
        'r0 F s0 mb0 0.0-1.0',
        'r0 F s0 mb1 1.0-2.0',
        'r0 B s0 mb0 5.0-7.0',
        'r0 B s0 mb1 8.0-10.0',
        'r1 F s1 mb0 1.5-2.5',
        'r1 B s1 mb0 2.5-4.5',
        'r1 F s1 mb1 4.5-5.5',
        'r1 B s1 mb1 5.5-7.5',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [['--schedule', 'nope', '--ranks', '4', '--microbatches', '8'], /--schedule: unknown schedule "nope"/],
    [['--schedule', '1f1b', '--ranks', '0', '--microbatches', '8'], /ranks must be at least 1; got 0/],
    [['--schedule', '1f1b', '--ranks', '4', '--microbatches', '-3'], /microbatches must be at least 1; got -3/],
    [['--schedule', '1f1b', '--ranks', '4', '--microbatches', '8', '--costs', 'F=abc'], /--costs F must be a finite number; got "abc"/],
    [['--schedule', '1f1b', '--ranks', 'four', '--microbatches', '8'], /--ranks must be a whole number; got "four"/],
    [['--schedule', 'dualpipe', '--ranks', '7', '--microbatches', '20'], /DualPipe needs an even number of ranks; got 7/],
    [['--schedule', '1f1b', '--ranks', '4', '--microbatches', '8', '--format', 'pdf'], /--format must be one of/],
    [['--schedule', '1f1b', '--ranks', '4', '--microbatches', '8', '--bogus'], /Unknown option '--bogus'/],
    [['--ranks', '4', '--microbatches', '8'], /--schedule is required/],
  ])('rejects %j with one line and exit code 2', async (argv, message) => {
    expect(await run('schedule', ...argv)).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stdout).toBe('');
  });

  it('--help states the units', async () => {
    expect(await run('schedule', '--help')).toBe(0);
    expect(out.stdout).toMatch(/peakActivations and paramsPerRank count model parts/);
  });
});

describe('the real process', () => {
  it('exits 2 with one line on stderr for invalid input, 0 with JSON otherwise', () => {
    const cli = (args: string[]) => spawnSync('npx', ['tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
    const bad = cli(['schedule', '--schedule', 'dualpipe', '--ranks', '8', '--microbatches', '10']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('pipescope schedule: DualPipe needs at least 2P = 16 micro-batches for P=8 ranks; got 10\n');
    const ok = cli(['schedule', '--schedule', 'zb-v', '--ranks', '2', '--microbatches', '4']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).metrics.bubble).toEqual([0, 0]);
  });
});
