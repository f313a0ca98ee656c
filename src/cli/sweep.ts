/**
 * `pipescope sweep`: one row per combination of schedules × ranks × micro-batches × stages per rank
 * × memory limit (docs/cli.md `sweep`, docs/explore.md). Rows come from the pure sweep core
 * (src/pipeline/sweep.ts: the `schedule` command's own validation, costs, simulation and metrics),
 * evaluated in this thread or, with `--jobs N`, in N worker threads (sweepPool.ts). Rows are
 * printed in combination order whatever the number of jobs.
 *
 * Startup matters (a sweep of hundreds of small configurations takes about as long as loading the
 * CLI): this module loads only the engine and the sweep core; the model planner and the worker
 * pool are imported when asked for.
 */
import { readFileSync } from 'node:fs';
import type { CostsFile } from '../engine/costs.ts';
import { LIMITS, isScheduleName } from '../engine/validate.ts';
import { SCHEDULE_NAMES, type ScheduleName } from '../engine/types.ts';
import { costSourceOf, evaluatePoint, sweepPoints, sweepSize, type SweepRow, type SweepSourceSpec } from '../pipeline/sweep.ts';
import { parseList, type ListRule } from '../pipeline/sweepLists.ts';
import { sweepCsv, sweepJson } from '../pipeline/sweepTable.ts';
import { UsageError } from './errors.ts';
import { oneOf, parseCosts, parseOptions, wholeNumberOption, writeOutput } from './options.ts';

export const SWEEP_HELP = `usage: pipescope sweep --schedules LIST --ranks LIST --microbatches LIST [--stages-per-rank LIST]
                       [--costs F=1,I=1,W=1,... | --costs-file FILE.json] [--mem-limit LIST]
                       [--config FILE.json|PRESET [--hardware NAME] [--mfu X]]
                       [--jobs N] [--format csv|json] [--out FILE]

Runs every combination of the lists and prints one row each: whether it runs (the engine's reason
when not) and what "pipescope schedule" prints for it.

  LIST                   comma list of values or inclusive ranges a:b:step (a:b steps by 1),
                         e.g. --ranks 4:32:4 --microbatches 16,32,64:256:64
  --schedules LIST       schedule names: ${SCHEDULE_NAMES.join(', ')}
  --ranks LIST           pipeline ranks P
  --microbatches LIST    micro-batches per step M
  --stages-per-rank LIST stages per rank v; crossed with every schedule (a schedule that runs a fixed
                         number rejects the others: a row with its reason); default each schedule's own
  --costs, --costs-file  op costs as for "pipescope schedule" (a costs file is resolved on each
                         combination's stages; a list that fits no stage count rejects that row)
  --mem-limit LIST       memory limits for zb-auto and v-auto (as "schedule --mem-limit", one value
                         per row; other schedules reject it); default each schedule's own
  --config FILE|PRESET   a model (as "pipescope model --config"): per-stage costs in µs and memory in
                         bytes from the planner for each P and v, and four more columns
  --hardware NAME        GPU preset for --config (default h100)
  --mfu X                achieved fraction of the dense peak while computing (default 0.5)
  --jobs N               worker threads (default 1)
  --format FMT           csv (default) or json (an array of row objects)
  --out FILE             write to FILE instead of stdout

Columns: schedule, ranks, microbatches, stagesPerRank (as run), memLimit (empty: the schedule's
default), valid, reason, makespan (cost units; µs with --config), bubbleRatio (max bubble /
makespan), peakActivations (largest over ranks; model parts as in "schedule --help", or the costs
file's memory unit, bytes with --config); with --config also stepTimeMs, tokensPerSecondPerGpu,
mfu (0..1) and peakBytes (weights, gradients, optimizer state and activations of the most loaded
rank). Invalid combinations are rows with valid=false; invalid options exit with code 2.
`;

/** Most rows one sweep may have. */
export const MAX_SWEEP_POINTS = 200_000;
const MAX_JOBS = 64;
const FORMATS = ['csv', 'json'] as const;

const RULES: Record<'ranks' | 'microbatches' | 'stages-per-rank' | 'mem-limit', ListRule> = {
  ranks: { integer: true, min: 1, max: LIMITS.ranks },
  microbatches: { integer: true, min: 1, max: LIMITS.microbatches },
  'stages-per-rank': { integer: true, min: 1, max: LIMITS.stagesPerRank },
  'mem-limit': { integer: false, min: Number.MIN_VALUE, max: Number.MAX_SAFE_INTEGER },
};

function list(name: keyof typeof RULES, raw: string | undefined): number[] {
  if (raw === undefined) throw new UsageError(`--${name} is required`);
  const r = parseList(raw, RULES[name], `--${name}`);
  if (!r.ok) throw new UsageError(r.message);
  return r.values;
}

function scheduleList(raw: string | undefined): ScheduleName[] {
  if (raw === undefined) throw new UsageError('--schedules is required');
  const names = raw.split(',').map((x) => x.trim());
  const bad = names.find((n) => !isScheduleName(n));
  if (bad !== undefined)
    throw new UsageError(
      `--schedules: ${bad === '' ? 'empty name' : `unknown schedule "${bad}"`}; expected names from ${SCHEDULE_NAMES.join(', ')}`,
    );
  return [...new Set(names as ScheduleName[])];
}

function readJson(option: string, path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--${option} ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--${option} ${path}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

async function sourceSpec(o: Record<string, string | boolean | undefined>): Promise<SweepSourceSpec> {
  const given = (k: string) => o[k] !== undefined;
  if (given('costs') && given('costs-file')) throw new UsageError('--costs and --costs-file are alternatives; give one');
  if (given('config') && (given('costs') || given('costs-file')))
    throw new UsageError('--config gives the costs from the model; leave out --costs and --costs-file');
  if (!given('config')) {
    for (const k of ['hardware', 'mfu']) if (given(k)) throw new UsageError(`--${k} applies only with --config`);
    if (given('costs-file')) return { kind: 'file', file: readJson('costs-file', o['costs-file'] as string) as CostsFile };
    return { kind: 'costs', costs: parseCosts(o.costs as string | undefined) };
  }
  // the `model` command's reading of --config, --hardware and --mfu
  const model = await import('./model.ts');
  const { gpuPreset } = await import('../model/hardware.ts');
  const hardware = gpuPreset((o.hardware as string | undefined) ?? model.DEFAULT_HARDWARE).id;
  const mfu = model.parseMfu(o.mfu as string | undefined);
  const config = model.loadConfig(o.config as string);
  for (const w of config.warnings) process.stderr.write(`pipescope sweep: warning: ${w}\n`);
  return { kind: 'model', model: { args: config.args, hardware, mfu } };
}

export async function runSweep(argv: string[]): Promise<void> {
  const o = parseOptions(argv, {
    schedules: { type: 'string' },
    ranks: { type: 'string' },
    microbatches: { type: 'string' },
    'stages-per-rank': { type: 'string' },
    costs: { type: 'string' },
    'costs-file': { type: 'string' },
    'mem-limit': { type: 'string' },
    config: { type: 'string' },
    hardware: { type: 'string' },
    mfu: { type: 'string' },
    jobs: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) {
    writeOutput(SWEEP_HELP, o.out);
    return;
  }
  const axes = {
    schedules: scheduleList(o.schedules),
    ranks: list('ranks', o.ranks),
    microbatches: list('microbatches', o.microbatches),
    stagesPerRank: o['stages-per-rank'] === undefined ? null : list('stages-per-rank', o['stages-per-rank']),
    memLimit: o['mem-limit'] === undefined ? null : list('mem-limit', o['mem-limit']),
  };
  const format = oneOf('format', o.format, FORMATS, 'csv');
  const jobs = wholeNumberOption('jobs', o.jobs, 1);
  if (jobs < 1 || jobs > MAX_JOBS) throw new UsageError(`--jobs must be from 1 to ${MAX_JOBS}; got ${jobs}`);
  const size = sweepSize(axes);
  if (size > MAX_SWEEP_POINTS)
    throw new UsageError(
      `the lists give ${size.toLocaleString('en-US')} combinations; at most ${MAX_SWEEP_POINTS.toLocaleString('en-US')} per sweep`,
    );
  const spec = await sourceSpec(o);
  // built here too: bad costs (or a bad model) are an invalid option, not a row per combination
  const source = await costSourceOf(spec);
  const points = sweepPoints(axes);
  let rows: SweepRow[];
  if (jobs === 1) rows = points.map((p) => evaluatePoint(p, source));
  else rows = await (await import('./sweepPool.ts')).runPool(points, source, spec, jobs);
  const withModel = spec.kind === 'model';
  writeOutput(format === 'csv' ? sweepCsv(rows, withModel) : sweepJson(rows, withModel), o.out);
}
