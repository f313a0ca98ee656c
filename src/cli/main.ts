/**
 * `pipescope <command>`: entry point of the command line (docs/cli.md). User errors print one line on
 * stderr and exit 2; anything unexpected exits 1, still without a stack trace unless
 * PIPESCOPE_DEBUG is set.
 */
import { ScheduleError } from '../engine/errors.ts';
import { UsageError } from './errors.ts';

const HELP = `usage: pipescope <command> [options]

commands:
  schedule   op order, timeline and metrics of a pipeline schedule
  simulate   simulate a custom schedule from a PyTorch pipelining action CSV
  overlap    one overlapped forward+backward pair on compute and comm streams
  fp8        FP8 cast, quantize and GEMM emulation
  model      parameters, Megatron-LM estimates and per-stage costs of a model configuration
  trace      import per-rank profiler traces of a real step: schedule, fitted costs, idle time
  sweep      every combination of schedules, ranks, micro-batches, stages and memory limits as rows

Run "pipescope <command> --help" for the options of a command.
`;

type Command = (argv: string[]) => void | Promise<void>;

const lazy =
  (load: () => Promise<Command>): Command =>
  async (argv) =>
    (await load())(argv);

const COMMANDS: Record<string, Command> = {
  // every command loads its own modules: a sweep does not pay for the exporters `schedule` needs
  schedule: lazy(async () => (await import('./schedule.ts')).runSchedule),
  overlap: lazy(async () => (await import('./overlap.ts')).runOverlap),
  simulate: lazy(async () => (await import('./simulate.ts')).runSimulate),
  fp8: lazy(async () => (await import('./fp8.ts')).runFp8),
  model: lazy(async () => (await import('./model.ts')).runModel),
  trace: lazy(async () => (await import('./trace.ts')).runTrace),
  sweep: lazy(async () => (await import('./sweep.ts')).runSweep),
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  try {
    if (!run) throw new UsageError(`unknown command "${command}"; expected one of ${Object.keys(COMMANDS).join(', ')}`);
    await run(rest);
    return 0;
  } catch (e) {
    const invalid = e instanceof UsageError || e instanceof ScheduleError || (e instanceof Error && /InputError$/.test(e.name));
    process.stderr.write(`pipescope ${command}: ${(e as Error).message ?? String(e)}\n`);
    if (process.env.PIPESCOPE_DEBUG) console.error(e);
    return invalid ? 2 : 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('src/cli/main.ts')) {
  process.exitCode = await main(process.argv.slice(2));
}
