/**
 * The pieces of a chunk (docs/overlap.md §2; DeepSeek-V3 report §3.2.1): per layer, attention and MLP
 * compute (F, B = backward for input, W = backward for weights) and the all-to-all dispatch and
 * combine (F and B); per chunk, the PP sends of its outputs. Durations are in microseconds (µs) at
 * one SM split. Layer indices are 0-based: a pair's forward layer i is `layers[i]`, its backward
 * layer j is `layers[j]` (docs/cli.md `overlap --pieces`).
 */
import { OverlapInputError } from './errors.ts';

export const COMPUTE_PIECES = ['attn(F)', 'mlp(F)', 'attn(B)', 'mlp(B)', 'attn(W)', 'mlp(W)'] as const;
export const COMM_PIECES = ['dispatch(F)', 'combine(F)', 'dispatch(B)', 'combine(B)'] as const;
export const PP_PIECES = ['send(F)', 'send(B)'] as const;
export const LAYER_PIECES = [...COMPUTE_PIECES, ...COMM_PIECES] as const;

export type ComputePiece = (typeof COMPUTE_PIECES)[number];
export type CommPiece = (typeof COMM_PIECES)[number];
export type PpPiece = (typeof PP_PIECES)[number];
export type LayerPiece = ComputePiece | CommPiece;
export type PieceName = LayerPiece | PpPiece;

/** compute = GEMMs/attention kernels; comm = EP all-to-all (DeepEP); pp = pipeline send/recv. */
export type StreamName = 'compute' | 'comm' | 'pp';
export const STREAMS: readonly StreamName[] = ['compute', 'comm', 'pp'];

/** Which pass a piece belongs to: F forward, B backward-for-input, W backward-for-weights. */
export type Phase = 'F' | 'B' | 'W';

/** Duration of every piece of one layer, µs. Dense layers (no MoE) have 0 for dispatch/combine. */
export type LayerPieces = Record<LayerPiece, number>;

/** Per-layer durations of a stage's chunk plus its PP sends (µs; 0 = not modelled). */
export interface ChunkPieces {
  layers: LayerPieces[];
  pp: Record<PpPiece, number>;
}

export function streamOf(piece: PieceName): StreamName {
  if ((COMPUTE_PIECES as readonly string[]).includes(piece)) return 'compute';
  if ((COMM_PIECES as readonly string[]).includes(piece)) return 'comm';
  return 'pp';
}

export function phaseOf(piece: PieceName): Phase {
  return piece.charAt(piece.length - 2) as Phase;
}

/** Upper bound on a piece (1000 s in µs): anything larger is a unit mistake, not a GPU kernel. */
export const MAX_PIECE_US = 1e9;
/** Layers per chunk the model accepts (DeepSeek-V3 has 61 layers in all). */
export const MAX_LAYERS = 1024;

function checkDuration(where: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new OverlapInputError(`${where} must be a finite number of microseconds; got ${JSON.stringify(v) ?? String(v)}`);
  }
  if (v < 0) throw new OverlapInputError(`${where} must not be negative; got ${v} µs`);
  if (v > MAX_PIECE_US) throw new OverlapInputError(`${where} must be at most ${MAX_PIECE_US} µs; got ${v}`);
  return v;
}

/**
 * Checks and normalizes a pieces object as read from JSON: `layers` is a non-empty array of objects
 * with exactly the ten layer pieces; `pp` is optional (an object with `send(F)`/`send(B)`, or one
 * number used for both). Throws OverlapInputError naming the first bad field.
 */
export function validatePieces(input: unknown): ChunkPieces {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new OverlapInputError('pieces must be a JSON object with a "layers" array');
  }
  const obj = input as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'layers' && key !== 'pp')
      throw new OverlapInputError(`pieces has an unknown field "${key}" (expected "layers" and optionally "pp")`);
  }
  const raw = obj.layers;
  if (!Array.isArray(raw)) throw new OverlapInputError('pieces must have a "layers" array with one object per layer');
  if (raw.length === 0) throw new OverlapInputError('pieces "layers" is empty; give at least one layer');
  if (raw.length > MAX_LAYERS) throw new OverlapInputError(`pieces has ${raw.length} layers; at most ${MAX_LAYERS} are supported`);
  const layers = raw.map((layer, i): LayerPieces => {
    if (typeof layer !== 'object' || layer === null || Array.isArray(layer)) {
      throw new OverlapInputError(`pieces layers[${i}] must be an object of piece durations in µs`);
    }
    const l = layer as Record<string, unknown>;
    for (const key of Object.keys(l)) {
      if (!(LAYER_PIECES as readonly string[]).includes(key)) {
        throw new OverlapInputError(`pieces layers[${i}] has an unknown piece "${key}" (expected ${LAYER_PIECES.join(', ')})`);
      }
    }
    const out = {} as LayerPieces;
    for (const p of LAYER_PIECES) {
      if (!(p in l)) throw new OverlapInputError(`pieces layers[${i}] is missing "${p}"`);
      out[p] = checkDuration(`pieces layers[${i}]["${p}"]`, l[p]);
    }
    return out;
  });
  return { layers, pp: validatePp(obj.pp) };
}

function validatePp(pp: unknown): Record<PpPiece, number> {
  if (pp === undefined) return { 'send(F)': 0, 'send(B)': 0 };
  if (typeof pp === 'number') {
    const v = checkDuration('pieces "pp"', pp);
    return { 'send(F)': v, 'send(B)': v };
  }
  if (typeof pp !== 'object' || pp === null || Array.isArray(pp)) {
    throw new OverlapInputError('pieces "pp" must be a number of µs or an object {"send(F)": µs, "send(B)": µs}');
  }
  const o = pp as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(PP_PIECES as readonly string[]).includes(key))
      throw new OverlapInputError(`pieces "pp" has an unknown piece "${key}" (expected send(F), send(B))`);
  }
  return {
    'send(F)': o['send(F)'] === undefined ? 0 : checkDuration('pieces pp["send(F)"]', o['send(F)']),
    'send(B)': o['send(B)'] === undefined ? 0 : checkDuration('pieces pp["send(B)"]', o['send(B)']),
  };
}

/** Parses the text of a pieces file (docs/cli.md `--pieces`); malformed JSON is an OverlapInputError. */
export function parsePiecesJson(text: string): ChunkPieces {
  if (text.trim() === '') throw new OverlapInputError('pieces file is empty; expected a JSON object with a "layers" array');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new OverlapInputError(`pieces file is not valid JSON (${(e as Error).message})`);
  }
  return validatePieces(data);
}
