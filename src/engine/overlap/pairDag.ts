/**
 * The two-stream DAG of one chunk or one overlapped F&B pair (docs/overlap.md §3, docs/schedules.md §3.9;
 * DeepSeek-V3 report §3.2.1 Figure 4 and the measured H800 trace) and its replay.
 *
 * Per layer step k (forward layer i = k walks up, backward layer j = L−1−k walks down), in order:
 *   compute: attn(F)_i, mlp(B)_j, mlp(W)_j, mlp(F)_i, attn(B)_j, attn(W)_j
 *   comm:    combine(B)_j, dispatch(F)_i, dispatch(B)_j, combine(F)_i
 *   pp (after the last step): send(F) after combine(F)_{L−1}, send(B) after attn(B)_0.
 * Data edges: dispatch(F)_i ← attn(F)_i, mlp(F)_i ← dispatch(F)_i, combine(F)_i ← mlp(F)_i,
 * attn(F)_{i+1} ← combine(F)_i, mlp(B)_j ← combine(B)_j, dispatch(B)_j ← mlp(B)_j,
 * attn(B)_j ← dispatch(B)_j, combine(B)_{j−1} ← attn(B)_j, and each W piece after its B piece.
 *
 * A lone chunk (warm-up/cool-down F, B, I or W op) is the same template restricted to its own
 * phases: with no partner chunk its communication is exposed, the streams still run in order (so
 * a full B still slips mlp(W)_j under dispatch(B)_j). Durations are µs; the span starts at 0.
 */
import { OverlapInputError } from './errors.ts';
import type { ChunkPieces, Phase, PieceName, StreamName } from './pieces.ts';
import { phaseOf, streamOf } from './pieces.ts';

/** The op kinds of the scheduling engine (types.ts OpKind), each a chunk shape here. */
export type ChunkKind = 'F' | 'B' | 'I' | 'W' | 'FB';

const PHASES: Record<ChunkKind, readonly Phase[]> = {
  F: ['F'],
  B: ['B', 'W'],
  I: ['B'],
  W: ['W'],
  FB: ['F', 'B', 'W'],
};

export interface DagNode {
  piece: PieceName;
  /** 0-based layer index; -1 for PP sends (per chunk, not per layer) */
  layer: number;
  stream: StreamName;
  /** indices of nodes this one waits for (data edges; stream order is implicit) */
  deps: number[];
}

export interface Dag {
  kind: ChunkKind;
  layers: number;
  withPp: boolean;
  /** nodes; within each stream they run in array order */
  nodes: DagNode[];
}

type Sel = 'i' | 'j';
const STEP_COMPUTE: readonly [PieceName, Sel][] = [
  ['attn(F)', 'i'],
  ['mlp(B)', 'j'],
  ['mlp(W)', 'j'],
  ['mlp(F)', 'i'],
  ['attn(B)', 'j'],
  ['attn(W)', 'j'],
];
const STEP_COMM: readonly [PieceName, Sel][] = [
  ['combine(B)', 'j'],
  ['dispatch(F)', 'i'],
  ['dispatch(B)', 'j'],
  ['combine(F)', 'i'],
];

/** The data edges of §3 as (piece, layer) → producers, for a chunk of L layers. */
function producers(piece: PieceName, layer: number, L: number): [PieceName, number][] {
  switch (piece) {
    case 'attn(F)':
      return layer > 0 ? [['combine(F)', layer - 1]] : [];
    case 'dispatch(F)':
      return [['attn(F)', layer]];
    case 'mlp(F)':
      return [['dispatch(F)', layer]];
    case 'combine(F)':
      return [['mlp(F)', layer]];
    case 'combine(B)':
      return layer < L - 1 ? [['attn(B)', layer + 1]] : [];
    case 'mlp(B)':
      return [['combine(B)', layer]];
    case 'dispatch(B)':
      return [['mlp(B)', layer]];
    case 'attn(B)':
      return [['dispatch(B)', layer]];
    case 'mlp(W)':
      return [['mlp(B)', layer]];
    case 'attn(W)':
      return [['attn(B)', layer]];
    case 'send(F)':
      return [['combine(F)', L - 1]];
    case 'send(B)':
      return [['attn(B)', 0]];
  }
}

const cache = new Map<string, Dag>();

/** The DAG of a chunk kind over L layers (cached: the structure depends on kind, L and PP only). */
export function buildDag(kind: ChunkKind, layers: number, withPp = false): Dag {
  if (!Number.isInteger(layers) || layers < 1)
    throw new OverlapInputError({ field: 'layers', message: `layers per chunk must be a positive integer; got ${layers}` });
  const key = `${kind}:${layers}:${withPp ? 1 : 0}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const phases = PHASES[kind];
  const keep = (p: PieceName) => phases.includes(phaseOf(p));
  const order: [PieceName, number][] = [];
  for (let k = 0; k < layers; k++) {
    const at = (s: Sel) => (s === 'i' ? k : layers - 1 - k);
    for (const [p, s] of STEP_COMPUTE) if (keep(p)) order.push([p, at(s)]);
    for (const [p, s] of STEP_COMM) if (keep(p)) order.push([p, at(s)]);
  }
  if (withPp) {
    if (phases.includes('F')) order.push(['send(F)', -1]);
    if (phases.includes('B')) order.push(['send(B)', -1]);
  }
  const index = new Map<string, number>();
  order.forEach(([p, l], n) => index.set(`${p}#${l}`, n));
  const nodes: DagNode[] = order.map(([piece, layer]) => ({
    piece,
    layer,
    stream: streamOf(piece),
    deps: producers(piece, layer, layers)
      .map(([p, l]) => index.get(`${p}#${l}`))
      .filter((n): n is number => n !== undefined),
  }));
  const dag: Dag = { kind, layers, withPp, nodes };
  if (cache.size > 256) cache.clear();
  cache.set(key, dag);
  return dag;
}

/** Piece durations (µs) in DAG node order. */
export function dagDurations(dag: Dag, pieces: ChunkPieces): Float64Array {
  if (pieces.layers.length !== dag.layers) {
    throw new OverlapInputError(`the pieces give ${pieces.layers.length} layers but the chunk has ${dag.layers}`);
  }
  const d = new Float64Array(dag.nodes.length);
  dag.nodes.forEach((n, k) => {
    d[k] =
      n.layer < 0 ? pieces.pp[n.piece as 'send(F)' | 'send(B)'] : pieces.layers[n.layer][n.piece as keyof ChunkPieces['layers'][number]];
  });
  return d;
}

export interface Replay {
  start: Float64Array;
  end: Float64Array;
  /** latest end over all pieces, µs (every stream starts at 0) */
  span: number;
}

/**
 * Replays the DAG: each stream takes its pieces in order; a piece starts when its stream is free
 * and its producers have ended. Streams advance round-robin as far as their inputs allow.
 */
export function replayDag(dag: Dag, durations: ArrayLike<number>): Replay {
  const { nodes } = dag;
  const n = nodes.length;
  const start = new Float64Array(n);
  const end = new Float64Array(n).fill(-1);
  const queues: Record<StreamName, number[]> = { compute: [], comm: [], pp: [] };
  nodes.forEach((node, k) => queues[node.stream].push(k));
  const lanes = [queues.compute, queues.comm, queues.pp];
  const head = [0, 0, 0];
  const free = [0, 0, 0];
  let done = 0;
  let span = 0;
  while (done < n) {
    let progressed = false;
    for (let s = 0; s < 3; s++) {
      const lane = lanes[s];
      while (head[s] < lane.length) {
        const k = lane[head[s]];
        let t = free[s];
        let ready = true;
        for (const d of nodes[k].deps) {
          if (end[d] < 0) {
            ready = false;
            break;
          }
          if (end[d] > t) t = end[d];
        }
        if (!ready) break;
        start[k] = t;
        end[k] = t + durations[k];
        free[s] = end[k];
        if (end[k] > span) span = end[k];
        head[s]++;
        done++;
        progressed = true;
      }
    }
    // Unreachable for the §3 template (it is acyclic); kept so a future template cannot hang.
    if (!progressed) throw new OverlapInputError(`the ${dag.kind} piece graph has a cycle`);
  }
  return { start, end, span };
}
