/**
 * `pipescope model` against the CLI contract (docs/cli.md `model`): Megatron's numbers and
 * layouts equal the goldens, the JSON carries the contract fields, invalid input exits 2 with one
 * line naming the field. In-process through main(); one real process checks the wiring.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { captureOutput } from './testing/capture.ts';

const out = captureOutput();
const dir = mkdtempSync(join(tmpdir(), 'pipescope-model-'));
const GOLDEN = fileURLToPath(new URL('../../fixtures/golden/megatron-estimates/', import.meta.url));
let n = 0;

function file(content: unknown): string {
  const path = join(dir, `config${n++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const run = (...argv: string[]) => main(['model', ...argv]);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON is read field by field
const json = () => JSON.parse(out.stdout) as Record<string, any>;

const small = {
  num_layers: 4,
  hidden_size: 256,
  num_attention_heads: 4,
  padded_vocab_size: 1024,
  seq_length: 512,
  micro_batch_size: 1,
  pipeline_model_parallel_size: 2,
};

describe('pipescope model: Megatron-LM goldens', () => {
  const goldens = readdirSync(GOLDEN).filter((f) => f !== 'index.json');
  it.each(goldens)('%s: megatron.* and layout equal Megatron-LM d98e8a6', async (name) => {
    const g = JSON.parse(readFileSync(join(GOLDEN, name), 'utf8'));
    expect(await run('--config', file(g.args), '--microbatches', String(g.num_microbatches))).toBe(0);
    const r = json();
    expect(r.megatron.weightAndOptimizerBytes).toBe(g.weight_and_optimizer_bytes_first_stage);
    expect(r.megatron.activationBytes).toBe(g.activation_bytes_first_stage);
    expect(r.megatron.flopsPerIteration).toBe(g.flops_per_iteration_per_global_batch);
    if (g.layout) {
      expect(r.layout).toEqual(g.layout.parsed);
      // The golden ran Megatron's estimator with V unset although the layout has two: say so.
      expect(out.stderr).toMatch(/the layout has 2 virtual stages per rank but virtual_pipeline_model_parallel_size is not set/);
    }
    expect(r.stages).toHaveLength(r.layout.length * r.layout[0].length);
  });
});

describe('pipescope model', () => {
  it('prints the contract fields for a preset', async () => {
    expect(await run('--config', 'deepseek-v3', '--hardware', 'h800', '--mfu', '0.4')).toBe(0);
    const r = json();
    expect(Math.abs(r.parameters.total / 685e9 - 1)).toBeLessThan(0.001);
    expect(Math.round(r.parameters.active / 1e9)).toBe(37);
    expect(Object.keys(r.megatron)).toEqual(expect.arrayContaining(['weightAndOptimizerBytes', 'activationBytes', 'flopsPerIteration']));
    expect(r.megatron.microbatches).toBe(16); // default: pipeline_model_parallel_size
    expect(r.layout[0]).toEqual([
      ['embedding', 'decoder', 'decoder', 'decoder'],
      ['decoder', 'decoder'],
    ]);
    const s0 = r.stages[0];
    expect(s0).toMatchObject({ rank: 0, chunk: 0, layers: { embedding: 1, decoder: 3 } });
    expect(Object.keys(s0.costs)).toEqual(['F', 'I', 'W']);
    expect(s0.weightAndOptimizerBytes).toBeGreaterThan(0);
    expect(s0.activationBytesPerMicrobatch).toBeGreaterThan(0);
    expect(r.stages[16]).toMatchObject({ rank: 0, chunk: 1 });
    expect(r.costs.F).toHaveLength(32);
    expect(r.units.time).toBe('µs per micro-batch');
    expect(r.hardware).toEqual({ id: 'h800', name: 'H800 SXM', mfu: 0.4, precision: 'fp8' });
    expect(out.stderr).toBe(''); // the preset spells out what a Megatron run derives (V from the layout, no SP at TP 1)
  });

  it('--layout overrides the config; --microbatches sets the global batch', async () => {
    expect(await run('--config', file(small), '--layout', 'Ettt|tL', '--microbatches', '6')).toBe(0);
    const r = json();
    expect(r.layout).toEqual([[['embedding', 'decoder', 'decoder', 'decoder']], [['decoder', 'loss']]]);
    expect(r.megatron.globalBatchSize).toBe(6);
    expect(r.layoutString).toBe('Et*3|tL');
  });

  it('reads a Hugging Face config.json and warns about unknown Megatron keys', async () => {
    const hf = {
      model_type: 'llama',
      hidden_size: 512,
      intermediate_size: 1376,
      num_hidden_layers: 4,
      num_attention_heads: 8,
      num_key_value_heads: 2,
      vocab_size: 1000,
      tie_word_embeddings: false,
    };
    expect(await run('--config', file({ ...hf, pipeline_model_parallel_size: 2, micro_batch_size: 2, seq_length: 256 }))).toBe(0);
    expect(json().parameters.total).toBeGreaterThan(0);
    expect(await run('--config', file({ ...small, learning_rate: 1 }))).toBe(0);
    expect(out.stderr).toMatch(/warning: ignored unknown key "learning_rate"/);
  });

  it('--format text and --out', async () => {
    const path = join(dir, 'plan.txt');
    expect(await run('--config', 'llama3.1-8b', '--format', 'text', '--out', path)).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^parameters: total 8\.03B/);
    expect(text).toMatch(/layout \(even\): Et\*8\|t\*8\|t\*8\|t\*8L/);
    expect(text.trim().split('\n')).toHaveLength(5 + 4);
  });

  it('--help lists presets, GPUs and units', async () => {
    expect(await run('--help')).toBe(0);
    expect(out.stdout).toMatch(/deepseek-v3, llama3\.1-8b/);
    expect(out.stdout).toMatch(/h800, h100, h200, b200, mi300x/);
    expect(out.stdout).toMatch(/in µs per micro-batch/);
  });

  it.each([
    [
      ['--config', 'llama3.1-8b', '--layout', 'Et*3|t|t|tL'],
      /pipeline_model_parallel_layout: has 6 decoder layers \(t\) but num_layers is 32/,
    ],
    [
      ['--config', 'llama3.1-8b', '--layout', 'Et*8|t*8|t*8|t*8Q'],
      /pipeline_model_parallel_layout: column 17 of "Et\*8\|t\*8\|t\*8\|t\*8Q": invalid layer character "Q"/,
    ],
    [['--config', 'gpt-5'], /config: unknown preset "gpt-5"/],
    [['--config', 'llama3.1-8b', '--hardware', 'tpu-v5'], /hardware: unknown GPU "tpu-v5"/],
    [['--config', 'llama3.1-8b', '--mfu', '1.5'], /--mfu must be a number above 0 and at most 1; got "1.5"/],
    [['--config', 'llama3.1-8b', '--microbatches', '0'], /--microbatches must be at least 1; got 0/],
    [['--config', 'llama3.1-8b', '--format', 'svg'], /--format must be one of json, text/],
    [['--config', 'llama3.1-8b', '--schedule', '1f1x'], /--schedule: unknown schedule "1f1x"; expected one of gpipe, 1f1b/],
    [['--config', 'llama3.1-8b', '--schedule', 'dualpipe'], /DualPipe needs at least 2P = 8 micro-batches for P=4 ranks; got 4/],
    [['--config', 'llama3.1-8b', '--stages-per-rank', '2'], /--stages-per-rank applies with --schedule/],
    [['--microbatches', '4'], /--config is required/],
  ])('rejects %j with one line and exit code 2', async (argv, message) => {
    expect(await run(...argv)).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stdout).toBe('');
  });

  it.each([
    [{ ...small, hidden_size: -256 }, /^pipescope model: hidden_size: must be at least 1; got -256$/],
    [{ ...small, num_layers: 'four' }, /^pipescope model: num_layers: must be a whole number; got "four"$/],
    [
      { ...small, pipeline_model_parallel_layout: 'Et|tL' },
      /^pipescope model: pipeline_model_parallel_layout: has 2 decoder layers \(t\) but num_layers is 4$/,
    ],
    ['{"num_layers": 4,', /^pipescope model: --config .*: not valid JSON/],
    // the parser's message quotes the text, newline and all: still one line
    ['not json\nat all\n', /^pipescope model: --config .*: not valid JSON \(Unexpected token .*"not json at all ?" is not valid JSON\)$/],
    // JSON reads a literal too large for a double as Infinity, which JSON would write back as null
    [
      JSON.stringify(small).replace(/}$/, ', "seq_length": 1e400}'),
      /^pipescope model: seq_length: must be a whole number; got Infinity \(out of range\)$/,
    ],
    [[1, 2], /^pipescope model: config: must be a JSON object/],
  ])('rejects the config %j naming the field', async (config, message) => {
    expect(await run('--config', file(config))).toBe(2);
    expect(out.stderr.trim()).toMatch(message);
    expect(out.stdout).toBe('');
  });

  it('as a real process: exit 2 and one line for a bad config, 0 and JSON otherwise', () => {
    const cli = (args: string[]) => spawnSync('npx', ['tsx', 'src/cli/main.ts', 'model', ...args], { encoding: 'utf8' });
    const bad = cli(['--config', file({ ...small, seq_length: 'long' })]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('pipescope model: seq_length: must be a whole number; got "long"\n');
    const ok = cli(['--config', 'mixtral-8x22b', '--hardware', 'mi300x']);
    expect(ok.status).toBe(0);
    expect(Math.round(JSON.parse(ok.stdout).parameters.total / 1e9)).toBe(141);
  });
});
