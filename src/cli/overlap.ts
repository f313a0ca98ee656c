/**
 * `pipescope overlap`: one overlapped forward+backward pair on compute and comm streams
 * (docs/cli.md `overlap`, docs/overlap.md §3-4). Times in the output are µs; the span starts at 0.
 */
import { chunkTrace, traceJson } from '../interop/chromeTrace.ts';
import { pairSvg } from '../interop/pairSvg.ts';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_PRESET_ID,
  OverlapInputError,
  PRESETS,
  getPreset,
  modelFromPieces,
  parsePiecesJson,
  piecesAt,
  replayPair,
  runChunk,
  sweepPair,
  validateSplit,
  withHardware,
  withLayers,
  type ChunkPieces,
  type OverlapModel,
} from '../engine/overlap/index.ts';
import { UsageError } from './errors.ts';
import { oneOf, parseOptions, wholeNumberOption, writeOutput } from './options.ts';

export const OVERLAP_HELP = `usage: pipescope overlap [--preset NAME] [--layers L] [--comm-sms S] [--sms N]
                         [--pieces FILE.json] [--sweep] [--format json|svg|trace] [--out FILE]

Computes one overlapped forward+backward pair (DeepSeek-V3 §3.2.1, Figure 4): per layer step the
compute stream runs attn(F) mlp(B) mlp(W) mlp(F) attn(B) attn(W) and the comm stream runs
combine(B) dispatch(F) dispatch(B) combine(F), with the data edges between them; the pair's span
is whatever that two-stream graph takes.

  --preset NAME     ${PRESETS.map((p) => `${p.id}${p.id === DEFAULT_PRESET_ID ? ' (default)' : ''}`).join('\n                    ')}
  --layers L        MoE layers per chunk (default: the preset's 4; other L repeat the mean layer)
  --comm-sms S      SMs given to communication kernels, 1..N-1 (default 20, DeepSeek's split);
                    with --pieces: the split the durations were measured at
  --sms N           SMs per GPU (default 132)
  --pieces FILE     per-layer piece durations in µs, used as given:
                    {"layers": [{"attn(F)": 4599, "mlp(F)": 4641, "attn(B)": 9540, "mlp(B)": 5363,
                     "attn(W)": 2396, "mlp(W)": 5073, "dispatch(F)": 6738, "combine(F)": 8696,
                     "dispatch(B)": 7558, "combine(B)": 5784}, ...], "pp": {"send(F)": µs, "send(B)": µs}}
                    ("pp" optional; without it no PP sends are modelled)
  --sweep           also the span for every S from 1 to N-1 and the best S
  --format FMT      json (default), svg (standalone figure of both streams) or trace (Chrome trace JSON)
  --out FILE        write to FILE instead of stdout

Model: compute pieces take t·C_ref/(N−S) (C_ref = compute SMs they were measured on); communication moves bytes at min(link, S·link/20).
Output (µs): span, streams.compute/comm[/pp] as {piece, layer (0-based), start, end},
exposedComm (= span − computeBusy: compute waiting for communication), computeBusy, commBusy,
forwardAlone and backwardAlone (F and full B chunks run without a partner, communication exposed).
`;

const FORMATS = ['json', 'svg', 'trace'] as const;

function readPieces(file: string): ChunkPieces {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--pieces ${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)})`);
  }
  try {
    return parsePiecesJson(text);
  } catch (e) {
    if (e instanceof OverlapInputError) throw new UsageError(`--pieces ${file}: ${e.message}`);
    throw e;
  }
}

/** Re-labels model errors with the option that caused them. */
function asUsage<T>(option: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof OverlapInputError) throw new UsageError(`${option}: ${e.message}`);
    throw e;
  }
}

export async function runOverlap(argv: string[]): Promise<void> {
  const o = parseOptions(argv, {
    preset: { type: 'string' },
    layers: { type: 'string' },
    'comm-sms': { type: 'string' },
    sms: { type: 'string' },
    pieces: { type: 'string' },
    sweep: { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) {
    writeOutput(OVERLAP_HELP, o.out);
    return;
  }
  const format = oneOf('format', o.format, FORMATS, 'json');
  const preset = asUsage('--preset', () => getPreset(o.preset ?? DEFAULT_PRESET_ID));
  let model: OverlapModel = preset.model;
  if (o.sms !== undefined) {
    const sms = wholeNumberOption('sms', o.sms);
    if (sms < 2) throw new UsageError(`--sms must be at least 2; got ${sms}`);
    model = asUsage('--sms', () => withHardware(model, { sms }));
  }
  const commSms = wholeNumberOption('comm-sms', o['comm-sms'], model.defaultCommSms);
  if (o['comm-sms'] === undefined && commSms >= model.hardware.sms) {
    throw new UsageError(
      `--sms ${model.hardware.sms} leaves no SMs for compute beside the default ${commSms} comm SMs; give a smaller --comm-sms`,
    );
  }
  asUsage('--comm-sms', () => validateSplit(model.hardware, commSms));

  let pieces: ChunkPieces;
  let label: string;
  if (o.pieces !== undefined) {
    pieces = readPieces(o.pieces);
    label = 'pieces';
    if (o.layers !== undefined && wholeNumberOption('layers', o.layers) !== pieces.layers.length) {
      throw new UsageError(`--layers ${o.layers} conflicts with --pieces ${o.pieces}, which gives ${pieces.layers.length} layers`);
    }
    model = asUsage('--pieces', () => modelFromPieces(pieces, model.hardware, commSms));
  } else {
    label = preset.id;
    if (o.layers !== undefined) {
      const layers = wholeNumberOption('layers', o.layers);
      model = asUsage('--layers', () => withLayers(model, layers));
    }
    pieces = piecesAt(model, commSms);
  }

  const pair = replayPair(pieces);
  const streams: Record<string, unknown> = { compute: pair.streams.compute, comm: pair.streams.comm };
  if (pair.streams.pp.length > 0) streams.pp = pair.streams.pp;
  const report: Record<string, unknown> = {
    preset: label,
    sms: model.hardware.sms,
    commSms,
    layers: pieces.layers.length,
    span: pair.span,
    streams,
    exposedComm: pair.exposedComm,
    computeBusy: pair.computeBusy,
    commBusy: pair.commBusy,
    ...(pair.streams.pp.length > 0 ? { ppBusy: pair.ppBusy } : {}),
    forwardAlone: runChunk('F', pieces, { pp: false }).span,
    backwardAlone: runChunk('B', pieces, { pp: false }).span,
  };
  if (o.sweep) {
    const sweep = sweepPair(model);
    report.sweep = sweep.points;
    report.bestCommSms = sweep.bestCommSms;
  }
  const params = { preset: label, sms: model.hardware.sms, commSms, layers: pieces.layers.length };
  if (format === 'svg')
    writeOutput(
      pairSvg({ simulated: pair, title: `pipescope — F&B pair, ${label}, ${commSms} of ${model.hardware.sms} SMs for communication` }),
      o.out,
    );
  else if (format === 'trace') writeOutput(traceJson(chunkTrace(pair, params)), o.out);
  else writeOutput(JSON.stringify(report) + '\n', o.out);
}
