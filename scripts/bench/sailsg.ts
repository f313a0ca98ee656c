/**
 * pipescope's engine against sail-sg's own Python on the same work: the automatic ZB-V
 * (zb-v-auto) at P=8/M=32, P=16/M=64 and P=32/M=128, unit costs, comm 0. sail-sg side: its
 * generator (`zbv.PipelineGraph.create_schedule`) plus its list scheduler (`passes.add_time`),
 * run by sailsg_zbv.py. pipescope side: `buildSchedule` → `simulate` → `computeMetrics` through
 * the public API (generator, timeline and metrics: more work than the Python side does). Both
 * are medians of 9 runs after warm-up, wall time, in one process each, one after the other.
 * The CPU-time speed-up (medians of each side's process CPU time) is printed beside it: on a
 * shared machine the two wall times meet different loads, CPU time much less so.
 *
 * The Python runs only when it can: SAIL_SG_DIR names a checkout of
 * sail-sg/zero-bubble-pipeline-parallelism and python3 is on PATH. Then both sides are measured
 * in this run, and the engine's order and times are checked against Python's op for op.
 * Otherwise the sail-sg numbers are the ones recorded here (sailsg-recorded.json: the commit of
 * each file read, the machine, the date) and are marked so; pipescope is always measured now.
 * SAIL_SG_RECORD=1 with SAIL_SG_DIR rewrites that file from the run (its `files` are copied: say
 * there which commit of each file the checkout holds).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchedule, computeMetrics, resolveCosts, simulate, timelineColumns, type Timeline } from '../../src/engine/index.ts';
import { median, medianOf, printTable } from '../benchUtil.ts';
import { record } from './lib/results.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CONFIGS: [number, number][] = [
  [8, 32],
  [16, 64],
  [32, 128],
];
const RUNS = 9;

interface PythonRun {
  P: number;
  M: number;
  generatorMs: number[];
  listSchedulerMs: number[];
  /** process CPU time of generator + add_time per run */
  cpuMs: number[];
  ops: [string, number, number][][];
  times: [number, number][][];
}

interface Recorded {
  source: string;
  files: Record<string, string>;
  machine: string;
  date: string;
  runs: { P: number; M: number; generatorMs: number; listSchedulerMs: number; totalMs: number }[];
}

/** sail-sg's side in this run, or null (with the reason) when it cannot run here. */
function runPython(): { runs: PythonRun[] } | { skipped: string } {
  const dir = process.env.SAIL_SG_DIR;
  if (!dir) return { skipped: 'SAIL_SG_DIR is not set' };
  const py = spawnSync('python3', [join(here, 'sailsg_zbv.py'), JSON.stringify(CONFIGS), String(RUNS)], {
    encoding: 'utf8',
    env: { ...process.env, SAIL_SG_DIR: dir },
    maxBuffer: 1 << 28,
  });
  if (py.error) return { skipped: `python3 did not start (${py.error.message})` };
  if (py.status !== 0) return { skipped: `sailsg_zbv.py failed: ${py.stderr.trim().split('\n').at(-1)}` };
  return {
    runs: py.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as PythonRun),
  };
}

/** Where the engine's order or times first differ from Python's, or null. */
function difference(t: Timeline, py: PythonRun): string | null {
  const { ops, start, end } = timelineColumns(t);
  for (let r = 0; r < py.ops.length; r++) {
    const want = py.ops[r];
    const got = t.schedule.ops[r];
    if (got.length !== want.length) return `rank ${r} has ${got.length} ops, Python ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const o = got[i];
      const [kind, stage, mb] = want[i];
      if (o.kind !== kind || o.kind === 'FB' || o.stage !== stage || o.microbatch !== mb) return `rank ${r} op #${i}`;
      const k = ops.rankStart[r] + i;
      if (start[k] !== py.times[r][i][0] || end[k] !== py.times[r][i][1]) return `rank ${r} op #${i} time`;
    }
  }
  return null;
}

export async function bench(): Promise<void> {
  const costs = resolveCosts({ F: 1, I: 1, W: 1, comm: 0 });
  const python = runPython();
  const recorded = JSON.parse(readFileSync(join(here, 'sailsg-recorded.json'), 'utf8')) as Recorded;
  const live = 'runs' in python;
  console.log(
    live
      ? `sail-sg measured in this run (SAIL_SG_DIR=${process.env.SAIL_SG_DIR}); load average ${loadavg()[0].toFixed(1)}`
      : `sail-sg not run here (${python.skipped}): its numbers are the recorded ones of ${recorded.date}, ${recorded.source} (${recorded.machine}); set SAIL_SG_DIR to a checkout to measure both`,
  );
  const rows: string[][] = [
    [
      'zb-v-auto',
      'ops',
      'pipescope ms',
      'sail-sg generator ms',
      'sail-sg add_time ms',
      'sail-sg ms',
      'speed-up',
      'CPU-time speed-up',
      'same order+times',
    ],
  ];
  for (const [P, M] of CONFIGS) {
    const params = { schedule: 'zb-v-auto' as const, ranks: P, microbatches: M };
    const { median: ours, cpu: oursCpu } = medianOf(() => computeMetrics(simulate(buildSchedule(params, costs), costs)), RUNS, 5);
    const t = simulate(buildSchedule(params, costs), costs);
    let gen: number;
    let sched: number;
    let same = 'not checked';
    let cpuSpeedup = '—';
    if (live) {
      const py = python.runs.find((x) => x.P === P && x.M === M)!;
      gen = median(py.generatorMs);
      sched = median(py.listSchedulerMs);
      cpuSpeedup = `${(median(py.cpuMs) / oursCpu).toFixed(0)}×`;
      if (P === 32) record('sailsg.zbvAuto.p32m128.cpuSpeedup', median(py.cpuMs) / oursCpu);
      const diff = difference(t, py);
      same = diff === null ? 'yes' : `NO: ${diff}`;
    } else {
      const r = recorded.runs.find((x) => x.P === P && x.M === M)!;
      gen = r.generatorMs;
      sched = r.listSchedulerMs;
    }
    const theirs = gen + sched;
    const speedup = theirs / ours;
    record(`sailsg.zbvAuto.p${P}m${M}.speedup${live ? '' : 'Recorded'}`, speedup);
    rows.push([
      `P=${P} M=${M}`,
      String(timelineColumns(t).ops.count),
      ours.toFixed(2),
      gen.toFixed(0),
      sched.toFixed(0),
      `${theirs.toFixed(0)}${live ? '' : ' (recorded)'}`,
      `${speedup.toFixed(0)}×`,
      cpuSpeedup,
      same,
    ]);
    if (P === 32)
      console.log(
        `zb-v-auto P=32 M=128: pipescope ${ours.toFixed(2)} ms vs sail-sg ${theirs.toFixed(0)} ms${live ? '' : ' (recorded)'} = ${speedup.toFixed(0)}×`,
      );
  }
  printTable(rows);
  if (live && process.env.SAIL_SG_RECORD === '1') {
    const runs = python.runs.map((py) => {
      const generatorMs = Number(median(py.generatorMs).toFixed(1));
      const listSchedulerMs = Number(median(py.listSchedulerMs).toFixed(1));
      return { P: py.P, M: py.M, generatorMs, listSchedulerMs, totalMs: Number((generatorMs + listSchedulerMs).toFixed(1)) };
    });
    const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()[0].toFixed(1)}, ${process.version}`;
    const out: Recorded = { ...recorded, machine, date: new Date().toISOString().slice(0, 10), runs };
    writeFileSync(join(here, 'sailsg-recorded.json'), `${JSON.stringify(out, null, 2)}\n`);
    console.log('recorded sail-sg medians in scripts/bench/sailsg-recorded.json');
  }
}
