/** `pipescope schedule`: one schedule's op order, timeline and metrics (docs/cli.md). */
import { readFileSync } from 'node:fs';
import { resolveCosts, type CostsFile } from '../engine/costs.ts';
import { runWithCostsFile } from '../engine/costsFileRun.ts';
import { buildReport, timelineText } from '../engine/report.ts';
import { buildSchedule } from '../engine/schedules/index.ts';
import { simulate } from '../engine/simulate.ts';
import { SCHEDULE_NAMES, type ScheduleName, type Timeline } from '../engine/types.ts';
import { isScheduleName, referenceNotes, validateParams } from '../engine/validate.ts';
import { chromeTrace, exportTorchCsv, makeProject, scheduleSvg, traceJson } from '../interop/index.ts';
import { UsageError } from './errors.ts';
import { oneOf, parseCosts, parseOptions, wholeNumberOption, writeOutput } from './options.ts';

export const SCHEDULE_HELP = `usage: pipescope schedule --schedule NAME --ranks P --microbatches M
                          [--stages-per-rank V] [--costs F=1,I=1,W=1,B=2,FB=3,comm=0 | --costs-file FILE.json]
                          [--mem-limit X] [--seq-splits N] [--group-size N] [--ep-overlap]
                          [--format json|text|svg|trace|csv] [--out FILE]

Computes the per-rank op order of a pipeline schedule exactly as its reference implementation
runs it, simulates it with the given op costs and prints timeline and metrics.

  --schedule NAME        ${SCHEDULE_NAMES.join(', ')}
  --ranks P              pipeline ranks (devices)
  --microbatches M       micro-batches per step (DualPipe: both directions together)
  --stages-per-rank V    local stages per rank for interleaved-1f1b, looped-bfs, interleaved-zb and
                         interleaved-1f1b-megatron (default 2)
  --costs LIST           op durations: F forward, I backward for input, W backward for weights,
                         B full backward (default I+W), FB overlapped F&B (default F+B),
                         comm latency on every cross-rank dependency (default 0)
  --costs-file FILE      per-stage costs instead of --costs: {"F": [...], "I": [...], "W": [...],
                         "B": [...], "FB": [...], "comm": c, "memory": {"F": [...], "I": [...], "W": [...]}};
                         a list has one entry per global stage or per rank, a number means every stage;
                         B defaults to I+W and FB to F+B stage by stage; memory is the activation an op
                         allocates (F) or frees (I, W; F+I+W = 0 per stage), default F=1, I=0, W=-1
  --mem-limit X          zb-auto: memory limit in the units of memory, one number or a comma list per
                         rank (default 2·P·memory.F of the rank's stage); v-auto: whole forward
                         activations per rank (default 2P)
  --seq-splits N         seq1f1b: sequence chunks per micro-batch (default 2); costs are per chunk op
  --group-size N         interleaved-1f1b-megatron: micro-batches per virtual-stage group (default P)
  --ep-overlap           interleaved-1f1b-megatron: Megatron's combined 1F1B (EP all-to-all overlap)
  --format FMT           json (default); text (one line per op: "r3 F s3 mb7 12.0-13.0");
                         svg (the standalone figure the app exports, parameters in <metadata>);
                         trace (Chrome trace JSON for Perfetto/chrome://tracing, 1 cost unit = 1 ms);
                         csv (PyTorch pipelining compute_only action CSV, runnable in torchtitan)
  --out FILE             write to FILE instead of stdout

Metrics: bubble[r] = rank r's idle time between its first start and its last end;
bubbleRatio = max bubble / makespan; idleRatio = idle GPU-time of the step,
1 − Σ busy / (P × makespan), which also counts a rank's idle time before its first op and after
its last (ZB-H2 has bubbleRatio 0 but the same idleRatio as ZB-H1 at equal makespan).
Units: times are in the units of --costs. peakActivations and paramsPerRank count model parts:
one micro-batch's activations through (or the weights of) 1/modelParts of the model, where
modelParts = number of stages, except DualPipe (P parts; its two directions share weights); with a
costs file's memory, peakActivations is in its unit; a seq1f1b chunk counts 1/N.
Invalid combinations exit with code 2 and the reason (e.g. DualPipe needs an even number of ranks).
`;

export const FORMATS = ['json', 'text', 'svg', 'trace', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * The command's output in one format; `simulate` prints the same for a custom schedule. The SVG
 * marks the ops that push their rank past `memLimits` (per rank), as the app's export does.
 */
export function formatTimeline(format: Format, timeline: Timeline, notes: string[], memLimits?: readonly number[]): string {
  if (format === 'text') return timelineText(timeline);
  if (format === 'csv') return exportTorchCsv(timeline.schedule);
  if (format === 'json') return JSON.stringify(buildReport(timeline, notes)) + '\n';
  // the same project object the app builds for these parameters, so the files are identical
  const project = makeProject(timeline.schedule, {}, timeline.costs);
  return format === 'svg' ? scheduleSvg(timeline, project, memLimits ? { memLimits } : {}) : traceJson(chromeTrace(timeline, { project }));
}

export function runSchedule(argv: string[]): void {
  const o = parseOptions(argv, {
    schedule: { type: 'string' },
    ranks: { type: 'string' },
    microbatches: { type: 'string' },
    'stages-per-rank': { type: 'string' },
    costs: { type: 'string' },
    'costs-file': { type: 'string' },
    'mem-limit': { type: 'string' },
    'seq-splits': { type: 'string' },
    'group-size': { type: 'string' },
    'ep-overlap': { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) {
    process.stdout.write(SCHEDULE_HELP);
    return;
  }
  if (o.schedule === undefined) throw new UsageError('--schedule is required');
  if (!isScheduleName(o.schedule))
    throw new UsageError(`--schedule: unknown schedule "${o.schedule}"; expected one of ${SCHEDULE_NAMES.join(', ')}`);
  const format = oneOf('format', o.format, FORMATS, 'json');
  const optional = (name: 'stages-per-rank' | 'seq-splits' | 'group-size') =>
    o[name] === undefined ? undefined : wholeNumberOption(name, o[name]);
  const params = validateParams({
    schedule: o.schedule as ScheduleName,
    ranks: wholeNumberOption('ranks', o.ranks),
    microbatches: wholeNumberOption('microbatches', o.microbatches),
    stagesPerRank: optional('stages-per-rank'),
    seqSplits: optional('seq-splits'),
    groupSize: optional('group-size'),
    epOverlap: o['ep-overlap'] || undefined,
    memLimit: parseMemLimit(o['mem-limit']),
  });
  if (o.costs !== undefined && o['costs-file'] !== undefined) throw new UsageError('--costs and --costs-file are alternatives; give one');
  const limit = params.memLimit;
  const memLimits = limit === undefined ? undefined : Array.isArray(limit) ? limit : Array<number>(params.ranks).fill(limit);
  if (o['costs-file'] !== undefined) {
    const { timeline, notes } = runWithCostsFile(params, readCostsFile(o['costs-file']));
    writeOutput(formatTimeline(format, timeline, notes, memLimits), o.out);
    return;
  }
  const costs = resolveCosts(parseCosts(o.costs));
  const schedule = buildSchedule(params, costs);
  const timeline = simulate(schedule, costs);
  writeOutput(formatTimeline(format, timeline, [...referenceNotes(params), ...(schedule.notes ?? [])], memLimits), o.out);
}

/** `--mem-limit 12` or a comma list per rank `--mem-limit 204,816,816,408`. */
function parseMemLimit(raw: string | undefined): number | number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((x) => x.trim());
  const values = parts.map((x) => (x === '' ? NaN : Number(x)));
  const bad = parts.find((_, i) => !Number.isFinite(values[i]));
  if (bad !== undefined) throw new UsageError(`--mem-limit must be a number or a comma list of numbers (one per rank); got "${raw}"`);
  return values.length === 1 ? values[0] : values;
}

function readCostsFile(path: string): CostsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--costs-file ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text) as CostsFile;
  } catch (e) {
    throw new UsageError(`--costs-file ${path}: not valid JSON (${(e as Error).message})`);
  }
}
