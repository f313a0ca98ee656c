/**
 * Text output of `pipescope model --schedule` and `--fits` (docs/cli.md `model`): the step of one
 * schedule with every rank's memory, and the "which schedule fits" table. Times in ms or s, memory in
 * GB (10⁹ B, as HBM is sold), throughput in tokens/s per GPU.
 */
import type { FitRow, ScheduleRun } from '../model/index.ts';

const GB = 1e9;
const gb = (x: number) => (x / GB).toFixed(1);

export function stepText(run: ScheduleRun): string {
  const s = run.step;
  const lines = [
    `schedule ${run.params.schedule}: P=${run.params.ranks}, M=${run.params.microbatches}, ${run.layout.topology.numStages / run.params.ranks} stage(s) per rank`,
    `layout (${run.layout.source}): ${run.layout.text}`,
    `  ${run.layout.note}`,
    `step ${(s.timeMs / 1e3).toFixed(3)} s = pipeline ${(s.makespanMs / 1e3).toFixed(3)} s + data-parallel sync up to ${s.dataParallelMs.toFixed(1)} ms + optimizer up to ${s.optimizerMs.toFixed(1)} ms`,
    `throughput ${s.tokensPerSecondPerGpu.toFixed(0)} tokens/s per GPU (${s.tokensPerStep.toLocaleString('en-US')} tokens per step on ${s.gpus} GPUs), MFU ${(100 * s.mfu).toFixed(1)}% of ${s.peakTflops} TFLOP/s`,
    `memory per rank in GB (HBM ${gb(s.hbmBytes)}):`,
    '  rank  static  activations  transient   peak',
  ];
  s.peakBytesPerRank.forEach((p, r) => {
    const over = p > s.hbmBytes ? `  over by ${gb(p - s.hbmBytes)}` : '';
    lines.push(
      `  ${String(r).padStart(4)} ${gb(s.staticBytesPerRank[r]).padStart(7)} ${gb(s.activationBytesPerRank[r]).padStart(12)} ${gb(s.transientBytesPerRank[r]).padStart(10)} ${gb(p).padStart(6)}${over}`,
    );
  });
  for (const n of run.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

export function fitsText(rows: readonly FitRow[], hbmBytes: number, microbatches: number): string {
  const lines = [
    `which schedule fits (M=${microbatches}, HBM ${gb(hbmBytes)} GB), by step time:`,
    '  schedule                   step s  tokens/s/GPU    MFU  peak GB  fits',
  ];
  for (const r of rows) {
    if (!r.valid) {
      lines.push(`  ${r.schedule.padEnd(26)} does not run: ${r.reason}`);
      continue;
    }
    const fit = r.fits ? 'yes' : `over by ${gb(r.overHbmBytes!)} GB`;
    lines.push(
      `  ${r.schedule.padEnd(26)} ${(r.stepMs! / 1e3).toFixed(3).padStart(6)} ${r.tokensPerSecondPerGpu!.toFixed(0).padStart(13)} ${(100 * r.mfu!).toFixed(1).padStart(5)}% ${gb(r.peakBytes!).padStart(8)}  ${fit}`,
    );
  }
  const best = rows.find((r) => r.valid && r.fits);
  lines.push(best ? `best that fits: ${best.schedule}` : 'no schedule fits in HBM');
  return lines.join('\n') + '\n';
}
