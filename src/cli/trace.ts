/**
 * `pipescope trace import PATH...` (docs/cli.md "trace import", docs/measured.md): per-rank traces of
 * one real training step → recognised schedule, fitted per-stage costs, simulated replay, idle time.
 * PATH is a file (`.json`, `.json.gz`) or a folder whose `.json`/`.json.gz` files are read (JSON
 * that is neither trace format, like meta.json, is skipped there). Each file is refused by its size
 * before it is read. Bad input exits 2 with one line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ImportError, chromeTrace, fileText, makeProject, scheduleSvg, traceJson } from '../interop/index.ts';
import { MAX_TRACE_BYTES, analyzeRun, measuredTimeline, readTraceFiles, traceReport, traceText } from '../measured/index.ts';
import type { TraceAnalysis, TraceFile } from '../measured/index.ts';
import { UsageError } from './errors.ts';
import { oneOf, writeOutput } from './options.ts';

export const TRACE_HELP = `usage: pipescope trace import PATH... [--format json|text|svg|trace] [--out FILE]

Reads the per-rank traces of one training step and says what ran: PyTorch profiler traces
(.json or .json.gz, one per rank, from torch.distributed.pipelining's multi-stage schedules,
which record each action as a "PP:<action>" range) or Megatron PP-timer files
(event_times_PP<P>_VPP<V>_..._pp_rank_<r>_rank_<g>.json). PATH is a file or a folder of them.
The rank comes from the trace's distributedInfo.rank, else from the file name.

Output: the schedule recognised (the built-in schedule whose per-rank op order equals the
measured one, or null with the first differing op), the measured ops (µs from the earliest
compute op), per-stage costs fitted from the measured durations (medians with their spread;
"fitted.costs" is a file for "schedule --costs-file"), the comm latency, the order replayed by
the simulator with those costs, per-rank idle time (waiting on a receive vs no work, in ms),
the critical path and how the ranks' clocks were aligned.

  --format FMT   json (default); text (summary and one line per op); svg (the measured
                 timeline as the app's standalone SVG); trace (Chrome trace JSON, µs)
  --out FILE     write to FILE instead of stdout

A trace without "PP:" ranges (single-stage schedules such as Schedule1F1B record none),
a missing rank, files from different steps, mismatched micro-batch counts, files over
${MAX_TRACE_BYTES / 1e6} MB or malformed JSON exit with code 2 and one line saying which.
`;

const FORMATS = ['json', 'text', 'svg', 'trace'] as const;
const TRACE_NAME = /\.json(\.gz)?$/i;

function sizeOf(path: string): { size: number; dir: boolean } {
  try {
    const s = statSync(path);
    return { size: s.size, dir: s.isDirectory() };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: cannot read (${code === 'ENOENT' ? 'no such file or folder' : (code ?? (e as Error).message)})`);
  }
}

/** The files a PATH stands for: itself, or a folder's .json/.json.gz files in name order. */
function expand(path: string): { path: string; listed: boolean }[] {
  if (!sizeOf(path).dir) return [{ path, listed: false }];
  const names = readdirSync(path)
    .filter((n) => TRACE_NAME.test(n))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (names.length === 0) throw new UsageError(`${path}: the folder has no .json or .json.gz files`);
  return names.map((n) => ({ path: join(path, n), listed: true }));
}

async function readTrace(path: string, listed: boolean): Promise<TraceFile> {
  const { size } = sizeOf(path);
  if (size > MAX_TRACE_BYTES)
    throw new UsageError(
      `${path} is ${(size / 1e6).toFixed(1)} MB; the trace import limit is ${MAX_TRACE_BYTES / 1e6} MB (export one step per file, or trim the trace)`,
    );
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UsageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { name: path, text: await fileText(bytes, path, MAX_TRACE_BYTES), listed };
}

function render(format: (typeof FORMATS)[number], a: TraceAnalysis): string {
  if (format === 'json') return JSON.stringify(traceReport(a)) + '\n';
  if (format === 'text') return traceText(a);
  const timeline = measuredTimeline(a);
  const project = makeProject(timeline.schedule, {}, timeline.costs);
  if (format === 'trace') return traceJson(chromeTrace(timeline, { usPerUnit: 1, project }));
  const name = a.recognized.schedule ?? 'unrecognised schedule';
  return scheduleSvg(timeline, project, {
    title: `Measured step: ${name}, P=${a.run.ranks}, M=${a.run.microbatches}, ${a.run.stages} stages`,
    timeUnit: 'us',
  });
}

export async function runTrace(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(TRACE_HELP);
    if (sub === undefined) throw new UsageError('missing subcommand; expected "trace import PATH..."');
    return;
  }
  if (sub !== 'import') throw new UsageError(`unknown subcommand "${sub}"; expected "trace import PATH..."`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0].replace(/\. To specify.*$/, ''));
  }
  const { values: o, positionals } = parsed;
  if (o.help) {
    process.stdout.write(TRACE_HELP);
    return;
  }
  const format = oneOf('format', o.format, FORMATS, 'json');
  if (positionals.length === 0) throw new UsageError('give at least one trace file or folder: trace import PATH...');
  try {
    const files: TraceFile[] = [];
    for (const p of positionals) for (const f of expand(p)) files.push(await readTrace(f.path, f.listed));
    writeOutput(render(format, analyzeRun(readTraceFiles(files))), o.out);
  } catch (e) {
    if (e instanceof ImportError) throw new UsageError(e.message);
    throw e;
  }
}
