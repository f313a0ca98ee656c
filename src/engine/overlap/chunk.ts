/**
 * Runs one chunk or one overlapped F&B pair (docs/overlap.md §3, §6) from piece durations and reports
 * its per-stream pieces and metrics. All times in µs; the span starts at 0 with the first piece.
 * - computeBusy / commBusy / ppBusy: summed piece durations on each stream;
 * - exposedComm: span − computeBusy, the time the compute stream waits for communication inside
 *   the span (the compute stream holds only compute pieces, so every gap in it is such a wait,
 *   including communication that outlasts the last compute piece).
 */
import type { ChunkKind, Dag } from './pairDag.ts';
import { buildDag, dagDurations, replayDag } from './pairDag.ts';
import type { ChunkPieces, PieceName, StreamName } from './pieces.ts';

export interface PieceSpan {
  piece: PieceName;
  /** 0-based layer index (`layers[layer]`); -1 for the per-chunk PP sends */
  layer: number;
  /** µs from the start of the chunk (or of the timeline, once placed in a schedule) */
  start: number;
  end: number;
}

export type StreamSpans = Record<StreamName, PieceSpan[]>;

export interface ChunkResult {
  kind: ChunkKind;
  /** duration of the chunk, µs */
  span: number;
  streams: StreamSpans;
  computeBusy: number;
  commBusy: number;
  ppBusy: number;
  exposedComm: number;
}

export interface ChunkOptions {
  /** model the PP sends inside the chunk (default: only when the pieces give a non-zero send) */
  pp?: boolean;
}

function hasPp(pieces: ChunkPieces): boolean {
  return pieces.pp['send(F)'] > 0 || pieces.pp['send(B)'] > 0;
}

/** Replays `kind` over the pieces' layers; only the span (fast path for sweeps and costs), µs. */
export function chunkSpan(kind: ChunkKind, pieces: ChunkPieces, opts: ChunkOptions = {}): number {
  const dag = buildDag(kind, pieces.layers.length, opts.pp ?? hasPp(pieces));
  return replayDag(dag, dagDurations(dag, pieces)).span;
}

/** Replays `kind` over the pieces' layers with every piece's placement and the stream metrics. */
export function runChunk(kind: ChunkKind, pieces: ChunkPieces, opts: ChunkOptions = {}): ChunkResult {
  const dag: Dag = buildDag(kind, pieces.layers.length, opts.pp ?? hasPp(pieces));
  const dur = dagDurations(dag, pieces);
  const { start, end, span } = replayDag(dag, dur);
  const streams: StreamSpans = { compute: [], comm: [], pp: [] };
  const busy: Record<StreamName, number> = { compute: 0, comm: 0, pp: 0 };
  dag.nodes.forEach((n, k) => {
    streams[n.stream].push({ piece: n.piece, layer: n.layer, start: start[k], end: end[k] });
    busy[n.stream] += dur[k];
  });
  return {
    kind,
    span,
    streams,
    computeBusy: busy.compute,
    commBusy: busy.comm,
    ppBusy: busy.pp,
    exposedComm: Math.max(0, span - busy.compute),
  };
}

/** The overlapped forward+backward pair (F&B) of docs/overlap.md §3, PP sends included when given. */
export function replayPair(pieces: ChunkPieces, opts: ChunkOptions = {}): ChunkResult {
  return runChunk('FB', pieces, opts);
}
