/**
 * `pipescope fp8 cast|quantize|gemm` (docs/cli.md `fp8`): the FP8 core of src/fp8 on raw little-endian
 * files — `.f32` float32, `.u8` one FP8 code (or E8M0 byte) per element, row-major.
 *
 *   cast      float32 → FP8 codes, RNE, saturating (PTX cvt.rn.satfinite) or not (torch eager)  docs/fp8.md §2
 *   quantize  one of the ten scaled recipes; prints the §4 metrics as JSON                     docs/fp8.md §3-4
 *   gemm      C = A·Bᵀ under the bit-exact Hopper accumulation model, scale 1.0                docs/fp8.md §5.3
 *
 * Invalid input throws `UsageError` (exit 2) with one line naming the option and the reason.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  FP8_METHODS,
  METHOD_SPECS,
  METRIC_NAMES,
  Fp8InputError,
  checkShape,
  encodeArray,
  gemmHopper,
  isFp8Method,
  quantize,
  type Fp8Format,
  type Fp8Metrics,
  type OverflowMode,
  type Promotion,
} from '../fp8/index.ts';
import { UsageError } from './errors.ts';
import { oneOf, parseOptions, wholeNumberOption, writeOutput } from './options.ts';

const CAST_HELP = `usage: pipescope fp8 cast --format e4m3|e5m2 [--overflow saturate|nonsaturate]
                         --in X.f32 --out CODES.u8

Casts every float32 of X to one FP8 code (round to nearest, ties to even, with subnormals).
  --format     e4m3 (E4M3FN: max 448, no Inf, NaN = 0x7F/0xFF) or e5m2 (max 57344, Inf 0x7C/0xFC)
  --overflow   saturate (default): overflow and ±Inf give ±max, NaN gives 0x7F — the GPU
               instruction cvt.rn.satfinite; nonsaturate: E4M3 overflow gives NaN, E5M2 ±Inf,
               NaN keeps its sign — torch 2.11 eager x.to(float8)
  --in FILE    float32 little-endian input
  --out FILE   one code per input element
`;

const QUANTIZE_HELP = `usage: pipescope fp8 quantize --method METHOD --shape MxN --in X.f32
                             [--codes-out FILE] [--scales-out FILE] [--dequant-out FILE]
                             [--overflow saturate|nonsaturate] [--out FILE]

Quantizes the M×N row-major float32 tensor X (rows = tokens, columns = the GEMM's K) and prints a
JSON object with the error metrics (docs/fp8.md §4): ${METRIC_NAMES.join(', ')}.
Non-finite metrics are printed as the strings "NaN", "Infinity", "-Infinity".
  --method     ${FP8_METHODS.map((m) => `${m.padEnd(24)} ${METHOD_SPECS[m].description}`).join('\n               ')}
  --shape MxN  rows x columns, e.g. 4096x7168 (M·N must equal the number of floats in --in)
  --codes-out FILE    FP8 codes, one byte per element, row-major
  --scales-out FILE   one scale per group, groups row-major (per-tensor 1, per-row M, 1x128
                      M·ceil(N/128), 128x128 ceil(M/128)·ceil(N/128), MX M·ceil(N/32)): float32
                      dequantization scales (x ≈ decode(code)·scale); for MX methods a file ending
                      in .u8 or .e8m0 gets the biased E8M0 bytes instead (scale = 2^(e−127))
  --dequant-out FILE  dequantized tensor, float32, row-major
  --overflow   saturate (default; the OCP MX clamp) or nonsaturate (teaching toggle: MX FLOOR
               overflows become NaN for E4M3, Inf for E5M2, as torch eager casts do)
  --out FILE   write the JSON there instead of stdout
`;

const GEMM_HELP = `usage: pipescope fp8 gemm --a A.u8 --b B.u8 --k K [--a-format e4m3] [--b-format e4m3]
                         [--promote 32|64|128|256|never] --out C.f32

Computes C = A·Bᵀ from FP8 codes, A [rows, K] and B [cols, K] row-major, with the bit-exact model
of the Hopper (sm_90) FP8 tensor-core accumulator, verified on an H200 (docs/fp8.md §5.3), scale 1.0, and writes
C [rows, cols] as float32 (the raw fp32 accumulator).
  --a, --b     FP8 code files; their sizes must be multiples of K
  --k K        inner dimension
  --a-format, --b-format   e4m3 (default) or e5m2
  --promote N  add the tensor-core partial sum into an fp32 register every N elements of K:
               128 (default) = cuBLAS default (use_fast_accum=False) and DeepSeek-V3's N_C;
               never = cuBLAS use_fast_accum=True (14-bit accumulation through all of K)
  --out FILE   float32 output
`;

const FP8_HELP = `usage: pipescope fp8 <cast|quantize|gemm> [options]

  cast      float32 → FP8 codes (E4M3 / E5M2, saturating or not)
  quantize  scaled quantization with one of ten recipes (DeepSeek-V3 1x128/128x128, MX, ...)
            and its error metrics as JSON
  gemm      FP8 GEMM under the bit-exact Hopper accumulation model

Files are raw little-endian arrays (.f32 float32, .u8 one code per byte), row-major.
Run "pipescope fp8 <subcommand> --help" for the options.
`;

const FORMATS = ['e4m3', 'e5m2'] as const;
const OVERFLOWS = ['saturate', 'nonsaturate'] as const;
const PROMOTE = ['32', '64', '128', '256', 'never'] as const;

function required(name: string, v: string | undefined): string {
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

function readBytes(option: string, file: string): Uint8Array {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--${option} ${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)})`,
    );
  }
  if (buf.length === 0) throw new UsageError(`--${option} ${file}: the file is empty`);
  // Copy into a fresh, aligned buffer (a Buffer may sit at any offset of a shared pool).
  const out = new Uint8Array(buf.length);
  out.set(buf);
  return out;
}

function readF32(option: string, file: string): Float32Array {
  const bytes = readBytes(option, file);
  if (bytes.length % 4 !== 0) {
    throw new UsageError(`--${option} ${file}: ${bytes.length} bytes is not a whole number of float32 values (4 bytes each)`);
  }
  return new Float32Array(bytes.buffer, 0, bytes.length / 4);
}

function writeArray(option: string, file: string, a: ArrayBufferView): void {
  try {
    writeFileSync(file, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  } catch (e) {
    throw new UsageError(`--${option} ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Runs a core call, turning its input errors into usage errors prefixed by the option at fault. */
function asUsage<T>(option: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Fp8InputError) throw new UsageError(`${option}: ${e.message}`);
    throw e;
  }
}

function format(name: string, raw: string | undefined): Fp8Format {
  return oneOf(name, raw === 'e4m3fn' ? 'e4m3' : raw, FORMATS, 'e4m3');
}

function runCast(argv: string[]): void {
  const o = parseOptions(argv, {
    format: { type: 'string' },
    overflow: { type: 'string' },
    in: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) return void process.stdout.write(CAST_HELP);
  const fmt = format('format', required('format', o.format));
  const overflow: OverflowMode = oneOf('overflow', o.overflow, OVERFLOWS, 'saturate');
  const inFile = required('in', o.in);
  const outFile = required('out', o.out);
  const x = readF32('in', inFile);
  writeArray('out', outFile, encodeArray(x, fmt, overflow));
}

/** "MxN" → [M, N]. */
function parseShape(raw: string): [number, number] {
  const m = /^\s*(\d+)\s*[xX×,]\s*(\d+)\s*$/.exec(raw);
  if (!m) throw new UsageError(`--shape must look like MxN with whole numbers (e.g. 4096x7168); got "${raw}"`);
  const shape: [number, number] = [Number(m[1]), Number(m[2])];
  return shape;
}

/** JSON with non-finite numbers as strings (the golden files' convention). */
function metricsJson(m: Fp8Metrics): string {
  const obj: Record<string, number | string> = {};
  for (const k of METRIC_NAMES) {
    const v = m[k];
    obj[k] = Number.isFinite(v) ? v : String(v);
  }
  return `${JSON.stringify(obj, null, 2)}\n`;
}

function runQuantize(argv: string[]): void {
  const o = parseOptions(argv, {
    method: { type: 'string' },
    shape: { type: 'string' },
    in: { type: 'string' },
    'codes-out': { type: 'string' },
    'scales-out': { type: 'string' },
    'dequant-out': { type: 'string' },
    overflow: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) return void process.stdout.write(QUANTIZE_HELP);
  const method = required('method', o.method);
  if (!isFp8Method(method)) throw new UsageError(`--method must be one of ${FP8_METHODS.join(', ')}; got "${method}"`);
  const shapeRaw = required('shape', o.shape);
  const shape = parseShape(shapeRaw);
  const overflow: OverflowMode = oneOf('overflow', o.overflow, OVERFLOWS, 'saturate');
  const scalesOut = o['scales-out'];
  const e8m0File = scalesOut !== undefined && /\.(u8|e8m0)$/i.test(scalesOut);
  if (e8m0File && METHOD_SPECS[method].grouping !== 'mx32') {
    throw new UsageError(`--scales-out ${scalesOut}: ${method} has float32 scales, not E8M0 bytes; use a .f32 file`);
  }
  asUsage(`--shape ${shapeRaw}`, () => checkShape(shape));
  const inFile = required('in', o.in);
  const x = readF32('in', inFile);
  if (shape[0] * shape[1] !== x.length) {
    throw new UsageError(`--shape ${shapeRaw} needs ${shape[0] * shape[1]} float32 values but --in ${inFile} holds ${x.length}`);
  }
  const wantDequant = o['dequant-out'] !== undefined;
  const q = asUsage('--in', () => quantize(x, shape, method, { overflow, metrics: true, dequant: wantDequant }));
  if (o['codes-out'] !== undefined) writeArray('codes-out', o['codes-out'], q.codes);
  if (scalesOut !== undefined) writeArray('scales-out', scalesOut, e8m0File ? q.scalesE8m0! : q.scales);
  if (o['dequant-out'] !== undefined) writeArray('dequant-out', o['dequant-out'], q.dequant!);
  writeOutput(metricsJson(q.metrics!), o.out);
}

function runGemm(argv: string[]): void {
  const o = parseOptions(argv, {
    a: { type: 'string' },
    b: { type: 'string' },
    k: { type: 'string' },
    'a-format': { type: 'string' },
    'b-format': { type: 'string' },
    promote: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) return void process.stdout.write(GEMM_HELP);
  const aFile = required('a', o.a);
  const bFile = required('b', o.b);
  const k = wholeNumberOption('k', o.k);
  if (k < 1) throw new UsageError(`--k must be at least 1; got ${k}`);
  const formatA = format('a-format', o['a-format']);
  const formatB = format('b-format', o['b-format']);
  const p = oneOf('promote', o.promote, PROMOTE, '128');
  const promote: Promotion = p === 'never' ? 'never' : (Number(p) as Promotion);
  const outFile = required('out', o.out);
  const a = readBytes('a', aFile);
  const b = readBytes('b', bFile);
  if (a.length % k !== 0) throw new UsageError(`--a ${aFile}: ${a.length} codes is not a multiple of --k ${k}`);
  if (b.length % k !== 0) throw new UsageError(`--b ${bFile}: ${b.length} codes is not a multiple of --k ${k}`);
  const c = asUsage('--a/--b', () => gemmHopper(a, b, k, { formatA, formatB, promote }));
  writeArray('out', outFile, c);
}

const SUBCOMMANDS: Record<string, (argv: string[]) => void> = { cast: runCast, quantize: runQuantize, gemm: runGemm };

export async function runFp8(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(FP8_HELP);
    return;
  }
  if (sub === undefined) throw new UsageError('missing subcommand: expected cast, quantize or gemm (see pipescope fp8 --help)');
  const run = SUBCOMMANDS[sub];
  if (!run) throw new UsageError(`unknown fp8 subcommand "${sub}"; expected cast, quantize or gemm`);
  run(rest);
}
