/** `pipescope overlap` (docs/cli.md): called in-process, output captured through --out temp files. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.ts';
import { runOverlap } from './overlap.ts';

const dir = mkdtempSync(join(tmpdir(), 'pipescope-overlap-'));
let n = 0;

async function run(args: string[]): Promise<Record<string, unknown>> {
  const out = join(dir, `out${n++}.json`);
  await runOverlap([...args, '--out', out]);
  return JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const LAYER = {
  'attn(F)': 4599,
  'mlp(F)': 4641,
  'attn(B)': 9540,
  'mlp(B)': 5363,
  'attn(W)': 2396,
  'mlp(W)': 5073,
  'dispatch(F)': 6738,
  'combine(F)': 8696,
  'dispatch(B)': 7558,
  'combine(B)': 5784,
};

async function rejects(args: string[], msg: RegExp): Promise<void> {
  const p = runOverlap([...args, '--out', join(dir, 'never.json')]);
  await expect(p).rejects.toBeInstanceOf(UsageError);
  await expect(p).rejects.toThrow(msg);
}

describe('overlap command', () => {
  it('default preset: the measured H800 pair, 4 layers, 20 SMs', async () => {
    const r = await run([]);
    expect(r.preset).toBe('deepseek-v3-h800-measured');
    expect(r.layers).toBe(4);
    expect(r.commSms).toBe(20);
    const span = r.span as number;
    expect(Math.abs(span - 129012) / 129012).toBeLessThan(0.02);
    const streams = r.streams as Record<string, { piece: string; layer: number; start: number; end: number }[]>;
    expect(streams.compute).toHaveLength(24);
    expect(streams.comm).toHaveLength(16);
    expect(Object.keys(streams.compute[0]).sort()).toEqual(['end', 'layer', 'piece', 'start']);
    expect(r.exposedComm).toBeCloseTo(span - (r.computeBusy as number), 6);
    expect((r.exposedComm as number) / span).toBeLessThan(0.02);
    expect(r.sweep).toBeUndefined();
  });

  it('--pieces: durations as given, span from 0, no PP', async () => {
    // One layer: compute attn(F) 4599 → dispatch(F) ... Hand replay of the one-layer DAG:
    // comm: combine(B) 0–5784; compute: attn(F) 0–4599, mlp(B) 5784–11147, mlp(W) 11147–16220;
    // comm: dispatch(F) 5784–12522, dispatch(B) 12522–20080; compute: mlp(F) 16220–20861;
    // comm: combine(F) 20861–29557; compute: attn(B) 20861–30401, attn(W) 30401–32797.
    const r = await run(['--pieces', file('one.json', JSON.stringify({ layers: [LAYER] }))]);
    expect(r.span).toBe(32797);
    expect(r.computeBusy).toBe(4599 + 4641 + 9540 + 5363 + 2396 + 5073);
    expect(r.commBusy).toBe(6738 + 8696 + 7558 + 5784);
    expect((r.streams as Record<string, unknown>).pp).toBeUndefined();
    const comm = (r.streams as Record<string, { piece: string; start: number; end: number }[]>).comm;
    expect(comm.map((p) => [p.piece, p.start, p.end])).toEqual([
      ['combine(B)', 0, 5784],
      ['dispatch(F)', 5784, 12522],
      ['dispatch(B)', 12522, 20080],
      ['combine(F)', 20861, 29557],
    ]);
  });

  it('--pieces with "pp" adds a pp stream', async () => {
    const r = await run(['--pieces', file('pp.json', JSON.stringify({ layers: [LAYER], pp: { 'send(F)': 100, 'send(B)': 100000 } }))]);
    // send(F) after combine(F) 29557 → 29657; send(B) after attn(B) 30401 → 130401.
    expect(r.span).toBe(130401);
    expect((r.streams as Record<string, unknown[]>).pp).toHaveLength(2);
  });

  it('--sweep lists every split and the best one', async () => {
    const r = await run(['--sweep', '--preset', 'deepseek-v3-h800-derived']);
    const sweep = r.sweep as { commSms: number; span: number }[];
    expect(sweep).toHaveLength(131);
    const best = sweep.reduce((a, b) => (b.span < a.span ? b : a));
    expect(r.bestCommSms).toBe(best.commSms);
    expect(best.commSms).toBeGreaterThan(1);
    expect(best.commSms).toBeLessThan(131);
  });

  it('--comm-sms 4 exposes communication; --layers and --sms change the model', async () => {
    const r4 = await run(['--comm-sms', '4']);
    expect((r4.exposedComm as number) / (r4.span as number)).toBeGreaterThan(0.3);
    const r2 = await run(['--layers', '2']);
    expect((r2.streams as Record<string, unknown[]>).compute).toHaveLength(12);
    const base = await run([]);
    const big = await run(['--sms', '264']);
    expect(big.sms).toBe(264);
    // Compute runs on 244 instead of 112 SMs: each compute piece takes 112/244 of its time.
    expect(big.computeBusy as number).toBeCloseTo(((base.computeBusy as number) * 112) / 244, 6);
    expect(big.span as number).toBeLessThan(base.span as number);
  });

  it('--format svg draws both streams as a standalone figure; --format trace keeps every piece', async () => {
    const json = await run([]);
    const svgPath = join(dir, 'pair.svg');
    await runOverlap(['--format', 'svg', '--out', svgPath]);
    const svg = readFileSync(svgPath, 'utf8');
    expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/href="http|xlink:href="http/);
    expect(svg).toMatch(/model compute/);
    const tracePath = join(dir, 'pair.trace.json');
    await runOverlap(['--format', 'trace', '--out', tracePath]);
    const trace = JSON.parse(readFileSync(tracePath, 'utf8')) as {
      traceEvents: { ph: string; dur?: number }[];
      otherData: Record<string, unknown>;
    };
    const slices = trace.traceEvents.filter((e) => e.ph === 'X');
    const streams = json.streams as Record<string, unknown[]>;
    expect(slices).toHaveLength(Object.values(streams).reduce((n, s) => n + s.length, 0));
    expect(trace.otherData).toMatchObject({ preset: 'deepseek-v3-h800-measured', commSms: 20, span: json.span });
  });

  it('--help', async () => {
    const out = join(dir, 'help.txt');
    await runOverlap(['--help', '--out', out]);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/usage: pipescope overlap/);
    expect(text).toMatch(/deepseek-v3-h100-derived/);
  });

  it('rejects bad input with one line naming the option', async () => {
    await rejects(['--comm-sms', '132'], /^--comm-sms: comm SMs must be less than the GPU's 132 SMs; got 132$/);
    await rejects(['--comm-sms', '0'], /--comm-sms: comm SMs must be at least 1/);
    await rejects(['--comm-sms', 'x'], /--comm-sms must be a whole number/);
    await rejects(['--sms', '16'], /--sms 16 leaves no SMs for compute beside the default 20 comm SMs/);
    await rejects(['--sms', '1'], /--sms must be at least 2/);
    await rejects(['--sms', '40', '--comm-sms', '40'], /--comm-sms: comm SMs must be less than the GPU's 40 SMs/);
    await rejects(['--preset', 'tpu'], /--preset: unknown preset "tpu"/);
    await rejects(['--layers', '0'], /--layers: layers per stage must be an integer from 1/);
    await rejects(['--format', 'png'], /--format must be one of json, svg, trace/);
    await rejects(['--bogus'], /bogus/);
    await rejects(['--pieces', join(dir, 'missing.json')], /--pieces .*missing\.json: cannot read the file \(no such file\)/);
    await rejects(['--pieces', file('empty.json', '')], /--pieces .*: pieces file is empty/);
    await rejects(['--pieces', file('bad.json', '{"layers": [')], /--pieces .*: pieces file is not valid JSON/);
    await rejects(['--pieces', file('nolayers.json', '{"layers": []}')], /"layers" is empty/);
    await rejects(
      ['--pieces', file('neg.json', JSON.stringify({ layers: [{ ...LAYER, 'mlp(F)': -3 }] }))],
      /layers\[0\]\["mlp\(F\)"\] must not be negative; got -3/,
    );
    await rejects(
      ['--pieces', file('one2.json', JSON.stringify({ layers: [LAYER] })), '--layers', '4'],
      /--layers 4 conflicts with --pieces/,
    );
  });
});
