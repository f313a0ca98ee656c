/**
 * `pipescope fp8 cast|quantize|gemm` (docs/cli.md) on temp files against the golden FP8 data, and
 * rejection of bad input with UsageError (exit 2) naming the option.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from './errors.ts';
import { runFp8 } from './fp8.ts';

const GOLDEN = new URL('../../fixtures/golden/fp8/', import.meta.url);
const golden = <T>(file: string): T => JSON.parse(readFileSync(new URL(file, GOLDEN), 'utf8')) as T;
const b64 = (s: string): Buffer => Buffer.from(s, 'base64');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const dir = mkdtempSync(join(tmpdir(), 'pipescope-fp8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data?: Uint8Array): string => {
  const p = join(dir, name);
  if (data) writeFileSync(p, data);
  return p;
};

let stdout = '';
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

async function usageError(argv: string[]): Promise<string> {
  try {
    await runFp8(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).exitCode).toBe(2);
    const msg = (e as Error).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error(`no UsageError for ${argv.join(' ')}`);
}

describe('fp8 cast', () => {
  const c = golden<{ inputs_f32_b64: string; codes_b64: Record<string, Record<string, string>> }>('casts.json');
  const input = file('casts.f32', b64(c.inputs_f32_b64));
  it.each([
    ['e4m3', 'saturate', 'e4m3fn', 'cuda_cvt_rn_satfinite'],
    ['e4m3', 'nonsaturate', 'e4m3fn', 'torch_cpu'],
    ['e5m2', 'saturate', 'e5m2', 'cuda_cvt_rn_satfinite'],
    ['e5m2', 'nonsaturate', 'e5m2', 'torch_cpu'],
  ])('--format %s --overflow %s matches %s/%s', async (fmt, mode, gfmt, impl) => {
    const out = file(`casts-${fmt}-${mode}.u8`);
    await runFp8(['cast', '--format', fmt, '--overflow', mode, '--in', input, '--out', out]);
    expect(new Uint8Array(readFileSync(out))).toEqual(new Uint8Array(b64(c.codes_b64[gfmt]![impl]!)));
  });
  it('saturates by default', async () => {
    const out = file('casts-default.u8');
    await runFp8(['cast', '--format', 'e4m3', '--in', input, '--out', out]);
    expect(new Uint8Array(readFileSync(out))).toEqual(new Uint8Array(b64(c.codes_b64.e4m3fn!.cuda_cvt_rn_satfinite!)));
  });
});

interface QuantGolden {
  shape: [number, number];
  input_f32_b64: string;
  methods: Record<
    string,
    {
      scales_f32_b64?: string;
      scales_e8m0_b64?: string;
      codes_sha256: string;
      dequant_f32_sha256: string;
      metrics: Record<string, number | string>;
    }
  >;
}

describe('fp8 quantize', () => {
  const g = golden<QuantGolden>('quant_lognormal_136x288.json');
  const input = file('lognormal.f32', b64(g.input_f32_b64));
  it.each(Object.keys(g.methods))('%s: codes, scales, dequant and metrics JSON', async (method) => {
    const gm = g.methods[method]!;
    const codes = file(`${method}.codes.u8`);
    const scales = file(`${method}.scales.f32`);
    const deq = file(`${method}.dequant.f32`);
    await runFp8([
      'quantize',
      '--method',
      method,
      '--shape',
      `${g.shape[0]}x${g.shape[1]}`,
      '--in',
      input,
      '--codes-out',
      codes,
      '--scales-out',
      scales,
      '--dequant-out',
      deq,
    ]);
    expect(sha(readFileSync(codes))).toBe(gm.codes_sha256);
    expect(sha(readFileSync(deq))).toBe(gm.dequant_f32_sha256);
    const s = readFileSync(scales);
    if (gm.scales_f32_b64) expect(s.equals(b64(gm.scales_f32_b64))).toBe(true);
    else {
      // MX: float32 scales are 2^(e−127) of the golden E8M0 bytes; a .u8 file gets the bytes.
      const e = b64(gm.scales_e8m0_b64!);
      const f = new Float32Array(s.buffer, s.byteOffset, s.length / 4);
      expect(Array.from(f)).toEqual(Array.from(e, (v) => Math.fround(2 ** (v - 127))));
      const e8 = file(`${method}.scales.u8`);
      await runFp8(['quantize', '--method', method, '--shape', `${g.shape[0]}x${g.shape[1]}`, '--in', input, '--scales-out', e8]);
      expect(readFileSync(e8).equals(e)).toBe(true);
    }
    const metrics = JSON.parse(
      stdout
        .trim()
        .split(/\n(?=\{)/)
        .pop()!,
    ) as Record<string, number | string>;
    expect(Object.keys(metrics).sort()).toEqual(Object.keys(gm.metrics).sort());
    for (const [k, want] of Object.entries(gm.metrics)) {
      const got = metrics[k]!;
      if (typeof want === 'string') expect(got).toBe(want);
      else expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-9 * Math.abs(want));
    }
  });
});

interface AccumCase {
  K: number;
  A_format: string;
  B_format: string;
  A_codes_b64: string;
  B_codes_b64: string;
  outputs_f32_b64: Record<string, string>;
}

describe('fp8 gemm', () => {
  const data = golden<{ data: Record<string, AccumCase> }>('accum_h200_subset.json').data;
  const cases: [string, string, string[]][] = [
    ['gauss', 'cublas_fast', ['--promote', 'never']],
    ['gauss', 'cublas_default', []],
    ['uniform', 'triton_promote_32', ['--promote', '32']],
    ['wide', 'cublas_default', ['--promote', '128']],
    ['gauss_e4m3_x_e5m2', 'cublas_fast', ['--promote', 'never', '--b-format', 'e5m2']],
  ];
  it.each(cases)('%s %s bit for bit', async (name, kernel, extra) => {
    const c = data[name]!;
    const a = file(`${name}.a.u8`, b64(c.A_codes_b64));
    const b = file(`${name}.b.u8`, b64(c.B_codes_b64));
    const out = file(`${name}.${kernel}.f32`);
    await runFp8([
      'gemm',
      '--a',
      a,
      '--b',
      b,
      '--k',
      String(c.K),
      '--a-format',
      c.A_format === 'e5m2' ? 'e5m2' : 'e4m3',
      ...extra,
      '--out',
      out,
    ]);
    expect(readFileSync(out).equals(b64(c.outputs_f32_b64[kernel]!))).toBe(true);
  });
});

describe('help and usage errors', () => {
  it('prints help for fp8 and each subcommand', async () => {
    for (const argv of [['--help'], ['cast', '--help'], ['quantize', '--help'], ['gemm', '-h']]) {
      stdout = '';
      await runFp8(argv);
      expect(stdout).toMatch(/^usage: pipescope fp8/);
    }
  });
  it('rejects invalid input with one line naming the option', async () => {
    const x = file('x.f32', new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6]).buffer));
    const nan = file('nan.f32', new Uint8Array(new Float32Array([NaN, NaN, NaN, NaN]).buffer));
    const odd = file('odd.f32', new Uint8Array(7));
    const empty = file('empty.f32', new Uint8Array(0));
    const codes = file('c.u8', new Uint8Array(10));
    const out = file('o.bin');
    expect(await usageError([])).toMatch(/missing subcommand/);
    expect(await usageError(['cats'])).toMatch(/unknown fp8 subcommand "cats"/);
    expect(await usageError(['cast', '--in', x, '--out', out])).toMatch(/--format is required/);
    expect(await usageError(['cast', '--format', 'e3m4', '--in', x, '--out', out])).toMatch(/--format must be one of e4m3, e5m2/);
    expect(await usageError(['cast', '--format', 'e4m3', '--overflow', 'clip', '--in', x, '--out', out])).toMatch(/--overflow/);
    expect(await usageError(['cast', '--format', 'e4m3', '--in', odd, '--out', out])).toMatch(
      /--in .*7 bytes is not a whole number of float32/,
    );
    expect(await usageError(['cast', '--format', 'e4m3', '--in', empty, '--out', out])).toMatch(/--in .*empty/);
    expect(await usageError(['cast', '--format', 'e4m3', '--in', join(dir, 'missing.f32'), '--out', out])).toMatch(/--in .*no such file/);
    expect(await usageError(['cast', '--format', 'e4m3', '--in', x, '--out', out, '--bogus'])).toMatch(/bogus/);
    expect(await usageError(['quantize', '--method', 'per_tensor_e4m3', '--shape', '2x3'])).toMatch(/--in is required/);
    expect(await usageError(['quantize', '--method', 'fp4', '--shape', '2x3', '--in', x])).toMatch(/--method must be one of/);
    expect(await usageError(['quantize', '--method', 'per_tensor_e4m3', '--shape', '2by3', '--in', x])).toMatch(
      /--shape must look like MxN/,
    );
    expect(await usageError(['quantize', '--method', 'per_tensor_e4m3', '--shape', '4x4', '--in', x])).toMatch(
      /--shape 4x4 needs 16 float32 values but --in .* holds 6/,
    );
    expect(await usageError(['quantize', '--method', 'per_tensor_e4m3', '--shape', '0x0', '--in', x])).toMatch(/--shape 0x0: .*0x0/);
    expect(await usageError(['quantize', '--method', 'per_tensor_e4m3', '--shape', '100000x100000', '--in', x])).toMatch(
      /--shape 100000x100000: .*limit/,
    );
    expect(await usageError(['quantize', '--method', 'per_tensor_e4m3', '--shape', '2x2', '--in', nan])).toMatch(/--in: .*entirely NaN/);
    expect(
      await usageError(['quantize', '--method', 'per_row_e4m3', '--shape', '2x3', '--in', x, '--scales-out', join(dir, 's.u8')]),
    ).toMatch(/--scales-out .*float32 scales/);
    expect(await usageError(['gemm', '--a', codes, '--b', codes, '--k', '3', '--out', out])).toMatch(
      /--a .*10 codes is not a multiple of --k 3/,
    );
    expect(await usageError(['gemm', '--a', codes, '--b', codes, '--k', '0', '--out', out])).toMatch(/--k must be at least 1/);
    expect(await usageError(['gemm', '--a', codes, '--b', codes, '--k', 'five', '--out', out])).toMatch(/--k must be a whole number/);
    expect(await usageError(['gemm', '--a', codes, '--b', codes, '--k', '5', '--promote', '100', '--out', out])).toMatch(
      /--promote must be one of 32, 64, 128, 256, never/,
    );
    expect(await usageError(['gemm', '--a', codes, '--b', codes, '--k', '5'])).toMatch(/--out is required/);
    expect(await usageError(['gemm', '--a', codes, '--b', codes, '--k', '5', '--out', join(dir, 'no/such/dir/c.f32')])).toMatch(
      /--out .*cannot write/,
    );
  });
});
