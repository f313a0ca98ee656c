/** `pipescope schedule`: one schedule's op order, timeline and metrics (docs/cli.md). */
import { resolveCosts } from '../engine/costs.ts';
import { buildReport, timelineText } from '../engine/report.ts';
import { buildSchedule } from '../engine/schedules/index.ts';
import { simulate } from '../engine/simulate.ts';
import { SCHEDULE_NAMES, type ScheduleName, type Timeline } from '../engine/types.ts';
import { isScheduleName, referenceNotes, validateParams } from '../engine/validate.ts';
import { chromeTrace, exportTorchCsv, makeProject, scheduleSvg, traceJson } from '../interop/index.ts';
import { UsageError } from './errors.ts';
import { oneOf, parseCosts, parseOptions, wholeNumberOption, writeOutput } from './options.ts';

export const SCHEDULE_HELP = `usage: pipescope schedule --schedule NAME --ranks P --microbatches M
                          [--stages-per-rank V] [--costs F=1,I=1,W=1,B=2,FB=3,comm=0]
                          [--format json|text|svg|trace|csv] [--out FILE]

Computes the per-rank op order of a pipeline schedule exactly as its reference implementation
runs it, simulates it with the given op costs and prints timeline and metrics.

  --schedule NAME        ${SCHEDULE_NAMES.join(', ')}
  --ranks P              pipeline ranks (devices)
  --microbatches M       micro-batches per step (DualPipe: both directions together)
  --stages-per-rank V    local stages per rank for interleaved-1f1b and looped-bfs (default 2)
  --costs LIST           op durations: F forward, I backward for input, W backward for weights,
                         B full backward (default I+W), FB overlapped F&B (default F+B),
                         comm latency on every cross-rank dependency (default 0)
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
modelParts = number of stages, except DualPipe (P parts; its two directions share weights).
Invalid combinations exit with code 2 and the reason (e.g. DualPipe needs an even number of ranks).
`;

export const FORMATS = ['json', 'text', 'svg', 'trace', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** The command's output in one format; `simulate` prints the same for a custom schedule. */
export function formatTimeline(format: Format, timeline: Timeline, notes: string[]): string {
  if (format === 'text') return timelineText(timeline);
  if (format === 'csv') return exportTorchCsv(timeline.schedule);
  if (format === 'json') return JSON.stringify(buildReport(timeline, notes)) + '\n';
  // the same project object the app builds for these parameters, so the files are identical
  const project = makeProject(timeline.schedule, {}, timeline.costs);
  return format === 'svg' ? scheduleSvg(timeline, project) : traceJson(chromeTrace(timeline, { project }));
}

export function runSchedule(argv: string[]): void {
  const o = parseOptions(argv, {
    schedule: { type: 'string' },
    ranks: { type: 'string' },
    microbatches: { type: 'string' },
    'stages-per-rank': { type: 'string' },
    costs: { type: 'string' },
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
  const params = validateParams({
    schedule: o.schedule as ScheduleName,
    ranks: wholeNumberOption('ranks', o.ranks),
    microbatches: wholeNumberOption('microbatches', o.microbatches),
    stagesPerRank: o['stages-per-rank'] === undefined ? undefined : wholeNumberOption('stages-per-rank', o['stages-per-rank']),
  });
  const costs = resolveCosts(parseCosts(o.costs));
  const timeline = simulate(buildSchedule(params, costs), costs);
  writeOutput(formatTimeline(format, timeline, referenceNotes(params)), o.out);
}
