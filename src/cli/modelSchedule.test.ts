/**
 * `pipescope model --schedule` and `--fits` against docs/cli.md: the output adds `schedule` (the
 * schedule command's JSON) and `step`; running `schedule --costs-file` on the costs and params the
 * model reports gives the same `schedule` object, byte for byte; `--fits` ranks every schedule.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { captureOutput } from './testing/capture.ts';

const out = captureOutput();
const dir = mkdtempSync(join(tmpdir(), 'pipescope-model-schedule-'));
let n = 0;
function file(content: unknown): string {
  const path = join(dir, `f${n++}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON is read field by field
const json = () => JSON.parse(out.stdout) as Record<string, any>;

const small = {
  num_layers: 8,
  hidden_size: 512,
  num_attention_heads: 8,
  padded_vocab_size: 8192,
  seq_length: 1024,
  micro_batch_size: 1,
  swiglu: true,
  untie_embeddings_and_output_weights: true,
  pipeline_model_parallel_size: 4,
  data_parallel_size: 2,
  use_distributed_optimizer: true,
  num_experts: 8,
  expert_model_parallel_size: 2,
  moe_ffn_hidden_size: 256,
};

/** The schedule command's argv for the params the model reports it ran. */
function scheduleArgv(params: Record<string, unknown>, costsPath: string): string[] {
  const argv = [
    'schedule',
    '--schedule',
    String(params.schedule),
    '--ranks',
    String(params.ranks),
    '--microbatches',
    String(params.microbatches),
  ];
  if (params.stagesPerRank !== undefined) argv.push('--stages-per-rank', String(params.stagesPerRank));
  if (params.seqSplits !== undefined) argv.push('--seq-splits', String(params.seqSplits));
  if (params.memLimit !== undefined) argv.push('--mem-limit', ([] as number[]).concat(params.memLimit as number).join(','));
  return [...argv, '--costs-file', costsPath];
}

describe('pipescope model --schedule', () => {
  it('adds the schedule report and the step', async () => {
    expect(await main(['model', '--config', file(small), '--schedule', '1f1b', '--microbatches', '8'])).toBe(0);
    const r = json();
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['parameters', 'megatron', 'layout', 'stages', 'costs', 'schedule', 'step']));
    expect(r.schedule).toMatchObject({ schedule: '1f1b', ranks: 4, microbatches: 8, stagesPerRank: 1 });
    expect(r.schedule.timeline).toHaveLength(4);
    expect(Object.keys(r.step)).toEqual(expect.arrayContaining(['timeMs', 'tokensPerSecondPerGpu', 'mfu', 'peakBytesPerRank']));
    expect(r.step.peakBytesPerRank).toHaveLength(4);
    // the pipeline's makespan (µs) is the schedule's; the step adds the data-parallel sync and the optimizer
    expect(r.step.makespanMs).toBeCloseTo(r.schedule.metrics.makespan / 1e3, 9);
    expect(r.step.timeMs).toBeGreaterThan(r.step.makespanMs);
    // the same global batch as Megatron's FLOPs
    expect(r.step.flopsPerStep).toBe(r.megatron.flopsPerIteration);
    expect(r.step.mfu).toBeCloseTo(r.step.flopsPerStep / ((r.step.timeMs / 1e3) * 8 * 989.5e12), 12);
    r.step.peakBytesPerRank.forEach((p: number, k: number) => expect(p).toBeGreaterThanOrEqual(r.step.staticBytesPerRank[k]));
    expect(r.scheduleInput.layoutSource).toBe('even');
  });

  it.each([
    ['1f1b', []],
    ['zb-h1', []],
    ['zb-h2', []],
    ['interleaved-1f1b', ['--stages-per-rank', '2']],
    ['zb-v', []],
    ['v-half', []],
    ['dualpipe', []],
    ['dualpipev', []],
    ['seq1f1b', []],
    ['zb-auto', []],
  ])('%s: `schedule --costs-file` with the reported costs and params prints the same schedule', async (schedule, extra) => {
    expect(await main(['model', '--config', file(small), '--schedule', schedule, '--microbatches', '8', ...extra])).toBe(0);
    const r = json();
    const costs = file(r.scheduleInput.costs);
    out.stdout = '';
    expect(await main(scheduleArgv(r.scheduleInput.params, costs))).toBe(0);
    expect(json()).toEqual(r.schedule);
  });

  it('DeepSeek-V3 on DualPipe: merged layout, embedding and head on ranks 0 and 15, step and memory per rank', async () => {
    expect(await main(['model', '--config', 'deepseek-v3', '--hardware', 'h800', '--schedule', 'dualpipe', '--microbatches', '32'])).toBe(
      0,
    );
    const r = json();
    expect(r.scheduleInput.layoutSource).toBe('merged');
    expect(r.scheduleInput.rankStages[0]).toEqual([0, 31]);
    expect(r.scheduleInput.costs.FB).toHaveLength(32);
    const s = r.step;
    expect(s.gpus).toBe(2048);
    expect(s.tokensPerStep).toBe(32 * 128 * 4096);
    expect(s.staticBytesPerRank[0]).toBeGreaterThan(s.staticBytesPerRank[1]);
    expect(s.hbmBytes).toBe(80e9);
    expect(s.fits).toBe(s.overHbmBytes <= 0);
  });

  it('--format text prints the step and the memory of every rank', async () => {
    expect(await main(['model', '--config', file(small), '--schedule', 'zb-v', '--microbatches', '8', '--format', 'text'])).toBe(0);
    expect(out.stdout).toMatch(/^schedule zb-v: P=4, M=8, 2 stage\(s\) per rank$/m);
    expect(out.stdout).toMatch(/^step \d+\.\d{3} s = pipeline \d+\.\d{3} s \+ data-parallel sync up to/m);
    expect(out.stdout).toMatch(/^throughput \d+ tokens\/s per GPU/m);
    expect(out.stdout.match(/^ {5}\d +\d+\.\d +\d+\.\d +\d+\.\d +\d+\.\d/gm)).toHaveLength(4);
  });
});

describe('pipescope model --fits', () => {
  it('ranks every schedule by step time; each valid row equals `model --schedule` for it', async () => {
    expect(await main(['model', '--config', file(small), '--fits', '--microbatches', '8'])).toBe(0);
    const f = json().fits;
    expect(f.hbmBytes).toBe(80e9);
    expect(f.rows).toHaveLength(18);
    const valid = f.rows.filter((r: { valid: boolean }) => r.valid);
    for (let k = 1; k < valid.length; k++) expect(valid[k].stepMs).toBeGreaterThanOrEqual(valid[k - 1].stepMs);
    expect(f.best).toBe(valid.find((r: { fits: boolean }) => r.fits).schedule);
    const zbv = f.rows.find((r: { schedule: string }) => r.schedule === 'zb-v');
    out.stdout = '';
    expect(await main(['model', '--config', file(small), '--schedule', 'zb-v', '--microbatches', '8'])).toBe(0);
    expect(json().step.timeMs).toBe(zbv.stepMs);
    expect(json().step.peakBytesPerRank).toEqual(zbv.peakBytesPerRank);
  });

  it('says why a schedule does not run, and prints a table', async () => {
    expect(await main(['model', '--config', file(small), '--fits', '--microbatches', '6', '--format', 'text'])).toBe(0);
    expect(out.stdout).toMatch(/^which schedule fits \(M=6, HBM 80\.0 GB\), by step time:$/m);
    expect(out.stdout).toMatch(/^ {2}dualpipe +does not run: DualPipe needs at least 2P = 8 micro-batches for P=4 ranks; got 6$/m);
    expect(out.stdout).toMatch(/^best that fits: /m);
  });
});
