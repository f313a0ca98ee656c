/**
 * `pipescope simulate --csv FILE` (docs/cli.md): a custom schedule from a PyTorch pipelining action
 * CSV (docs/interop.md §4), checked (every op once, dependencies satisfiable, no deadlock) and
 * simulated; prints the same output as `schedule`, with "schedule": "custom". Any problem with the
 * file exits 2 with one line naming it.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolveCosts } from '../engine/costs.ts';
import { ImportError, checkImportSize, importTorchCsv } from '../interop/index.ts';
import { UsageError } from './errors.ts';
import { oneOf, parseCosts, parseOptions, writeOutput } from './options.ts';
import { FORMATS, formatTimeline } from './schedule.ts';

export const SIMULATE_HELP = `usage: pipescope simulate --csv FILE [--costs F=1,I=1,W=1,B=2,FB=3,comm=0]
                          [--format json|text|svg|trace|csv] [--out FILE]

Reads a custom schedule in PyTorch's pipelining action CSV — one row per rank, cells like 0F3
(forward of stage 0, micro-batch 3), 1I2 (backward for input), 0W2 (backward for weights),
3B1 (full backward), (0F3;7B1)OVERLAP_F_B (overlapped pair); an empty cell or "." is idle;
UNSHARD/RESHARD/REDUCE_GRAD/SEND_*/RECV_* cells are skipped. Stage ids are global; which rank
holds a stage is read from the row it appears in. The order is checked (every op present once,
B/I after F, W after I, no deadlock) and simulated with the costs; output as for "schedule"
with "schedule": "custom".

  --csv FILE      the schedule CSV (torch _dump_csv, torchtitan schedule CSV)
  --costs LIST    op durations as for "schedule" (F, I, W, B, FB, comm)
  --format FMT    json (default), text, svg, trace or csv (the order re-exported)
  --out FILE      write to FILE instead of stdout
`;

function readCsv(file: string): string {
  try {
    checkImportSize(statSync(file).size, `--csv ${file}`);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ImportError) throw new UsageError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--csv ${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)})`);
  }
}

export function runSimulate(argv: string[]): void {
  const o = parseOptions(argv, {
    csv: { type: 'string' },
    costs: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) {
    process.stdout.write(SIMULATE_HELP);
    return;
  }
  if (o.csv === undefined) throw new UsageError('--csv FILE is required');
  const format = oneOf('format', o.format, FORMATS, 'json');
  const costs = resolveCosts(parseCosts(o.costs));
  const text = readCsv(o.csv);
  let timeline;
  try {
    timeline = importTorchCsv(text, costs).timeline;
  } catch (e) {
    if (e instanceof ImportError) throw new UsageError(`--csv ${o.csv}: ${e.message}`);
    throw e;
  }
  writeOutput(formatTimeline(format, timeline, []), o.out);
}
