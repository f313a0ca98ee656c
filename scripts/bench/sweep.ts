/**
 * Sweep benchmark (docs/explore.md §5): `pipescope sweep` over the 768-configuration grid — six
 * schedules (gpipe, 1f1b, interleaved-1f1b, zb-h1, zb-v, dualpipe) × P 4..32 step 4 × M 16..256
 * step 16 — against one single-configuration `pipescope schedule` call, both as whole CLI processes
 * (hyperfine-style: repeated runs, median and best wall time), with --jobs 1 and 2; and the sweep
 * core alone in this process (configurations per second, no startup). The target: the sweep within
 * 2× the single call's wall time, which is mostly Node and TypeScript loading.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluatePoint, sweepPoints, uniformCosts, type SweepAxes } from '../../src/pipeline/sweep.ts';
import { median, printTable } from '../benchUtil.ts';
import { record } from './lib/results.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'pipescope.mjs');
export const GRID = ['--schedules', 'gpipe,1f1b,interleaved-1f1b,zb-h1,zb-v,dualpipe', '--ranks', '4:32:4', '--microbatches', '16:256:16'];
const AXES: SweepAxes = {
  schedules: ['gpipe', '1f1b', 'interleaved-1f1b', 'zb-h1', 'zb-v', 'dualpipe'],
  ranks: [4, 8, 12, 16, 20, 24, 28, 32],
  microbatches: Array.from({ length: 16 }, (_, i) => 16 * (i + 1)),
  stagesPerRank: null,
  memLimit: null,
};
const RUNS = Number(process.env.PIPESCOPE_BENCH_RUNS ?? 7);

/** GNU time reports the child's CPU seconds (user + system): load on a shared machine inflates wall time, not these. */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Run {
  wallMs: number;
  /** user + system CPU time of the process and its threads, ms (NaN without GNU time) */
  cpuMs: number;
}

/** Runs of `node bin/pipescope.mjs ...args`, after one warm-up run (tsx's transform cache). */
function cli(args: string[]): Run[] {
  const once = (): Run => {
    const argv = [process.execPath, BIN, ...args];
    const t0 = performance.now();
    const r = TIME
      ? spawnSync(TIME, ['-f', 'CPU %U %S', ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 })
      : spawnSync(argv[0], argv.slice(1), { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    const wallMs = performance.now() - t0;
    if (r.status !== 0) throw new Error(`pipescope ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
    return { wallMs, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
  };
  once();
  return Array.from({ length: RUNS }, once);
}

export async function bench(): Promise<void> {
  const points = sweepPoints(AXES);
  const source = uniformCosts({});
  const core: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    for (const p of points) evaluatePoint(p, source);
    core.push(performance.now() - t0);
  }
  const coreBest = Math.min(...core);
  record('sweep.core.configsPerS', (points.length / coreBest) * 1000);

  const single = cli(['schedule', '--schedule', '1f1b', '--ranks', '8', '--microbatches', '32']);
  const jobs1 = cli(['sweep', ...GRID, '--jobs', '1']);
  const jobs2 = cli(['sweep', ...GRID, '--jobs', '2']);
  const wall = (rs: Run[]) => median(rs.map((r) => r.wallMs));
  const cpu = (rs: Run[]) => median(rs.map((r) => r.cpuMs));
  const rows: string[][] = [
    ['run', 'configs', 'wall median ms', 'wall best ms', 'CPU median ms', 'configs/s (wall)', '× single (wall)', '× single (CPU)'],
  ];
  const row = (name: string, n: number, rs: Run[]) => {
    const m = wall(rs);
    rows.push([
      name,
      String(n),
      m.toFixed(0),
      Math.min(...rs.map((r) => r.wallMs)).toFixed(0),
      cpu(rs).toFixed(0),
      n > 1 ? ((n / m) * 1000).toFixed(0) : '-',
      (m / wall(single)).toFixed(2),
      (cpu(rs) / cpu(single)).toFixed(2),
    ]);
  };
  row('pipescope schedule (one config)', 1, single);
  row('pipescope sweep --jobs 1', points.length, jobs1);
  row('pipescope sweep --jobs 2', points.length, jobs2);
  const core1 = ((points.length / coreBest) * 1000).toFixed(0);
  rows.push(['sweep core in-process (best of 3)', String(points.length), coreBest.toFixed(0), coreBest.toFixed(0), '-', core1, '-', '-']);
  record('sweep.cli.singleMs', wall(single));
  record('sweep.cli.jobs1.configsPerS', (points.length / wall(jobs1)) * 1000);
  record('sweep.cli.jobs2.configsPerS', (points.length / wall(jobs2)) * 1000);
  record('sweep.cli.ratio', Math.min(wall(jobs1), wall(jobs2)) / wall(single));
  const load = (await import('node:os')).loadavg()[0].toFixed(1);
  console.log(`${RUNS} runs each after a warm-up; whole processes, wall and CPU (user + system) time; load average ${load}`);
  printTable(rows);
}
