/**
 * PyTorch profiler (Kineto) trace import (docs/interop.md §2-3): GPU kernels grouped by CUDA stream and
 * by the CPU `user_annotation` range that launched them, as per-stream segments comparable to
 * fixtures/golden/deepseek-profile (`[op, start, end, busy, kernels]`, µs from the trace's first event).
 *
 * The join (validated on DeepSeek's train.json): kernel `args.correlation` → the `cuda_runtime`
 * (or `cuda_driver`) launch with the same correlation → the innermost `user_annotation` of the same
 * process that contains the launch time. Any CPU thread counts, not only the annotating one:
 * autograd runs backward kernels from its own thread (tid 2571 in DeepSeek's trace) while the
 * annotations live on the main thread. `gpu_memcpy`/`gpu_memset` count as kernels of their stream,
 * as in the golden summary. A segment is a maximal run of one stream's kernels under one
 * annotation instance.
 *
 * For a DualPipe F&B pair annotated with the overlap vocabulary (attn(F), dispatch(B), ...;
 * docs/overlap.md §2) `pairPieces` turns the segments into per-layer piece durations (segment
 * end − start) that the overlap model replays, so the measured pair can be drawn beside the
 * simulated one.
 */
import { COMM_PIECES, COMPUTE_PIECES, LAYER_PIECES, phaseOf, replayPair } from '../engine/overlap/index.ts';
import { MAX_LAYERS } from '../engine/overlap/pieces.ts';
import type { ChunkPieces, ChunkResult, LayerPiece, LayerPieces, PieceSpan } from '../engine/overlap/index.ts';
import { ImportError, quote } from './errors.ts';
import { parseImportJson } from './limits.ts';

export interface KinetoSegment {
  /** annotation name ("attn(F)", "PP:1F3"), or "(unannotated)" */
  op: string;
  /** µs from the trace's first event */
  start: number;
  end: number;
  /** summed kernel durations, µs */
  busy: number;
  kernels: number;
}

export type StreamRole = 'compute' | 'compute-side' | 'comm';

export interface KinetoStream {
  /** GPU index (Kineto pid) */
  device: number;
  /** CUDA stream id (Kineto tid) */
  stream: number;
  role: StreamRole;
  kernels: number;
  segments: KinetoSegment[];
}

export interface KinetoProfile {
  traceName?: string;
  deviceName?: string;
  /** absolute µs of the first event (time zero of every segment) */
  t0: number;
  streams: KinetoStream[];
}

const UNANNOTATED = '(unannotated)';
const GPU_CATS = new Set(['kernel', 'gpu_memcpy', 'gpu_memset']);
const LAUNCH_CATS = new Set(['cuda_runtime', 'cuda_driver']);
const COMM_NAME = /dispatch|combine|nccl|all_?to_?all|alltoall|sendrecv/i;

type Ev = Record<string, unknown>;
const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function events(data: unknown): { evs: Ev[]; root: Ev } {
  const list = Array.isArray(data) ? data : typeof data === 'object' && data !== null ? (data as Ev).traceEvents : undefined;
  if (!Array.isArray(list))
    throw new ImportError('the profiler trace has no "traceEvents" array; expected a PyTorch profiler (Kineto) or Chrome trace JSON');
  const evs = list.filter((e): e is Ev => typeof e === 'object' && e !== null && !Array.isArray(e));
  return { evs, root: Array.isArray(data) ? {} : (data as Ev) };
}

interface Interval {
  name: string;
  start: number;
  end: number;
  key: number;
}

/** Innermost annotation active at each launch time: one sweep over both, sorted by time. */
function annotate(launches: { pid: unknown; ts: number }[], annotations: Map<unknown, Interval[]>): (Interval | null)[] {
  const order = launches.map((_, i) => i).sort((a, b) => launches[a].ts - launches[b].ts);
  const out: (Interval | null)[] = new Array(launches.length).fill(null);
  const cursor = new Map<unknown, number>();
  const active = new Map<unknown, Interval[]>();
  for (const i of order) {
    const { pid, ts } = launches[i];
    const list = annotations.get(pid);
    if (!list) continue;
    let c = cursor.get(pid) ?? 0;
    const act = active.get(pid) ?? [];
    while (c < list.length && list[c].start <= ts) act.push(list[c++]);
    cursor.set(pid, c);
    const live = act.filter((a) => a.end >= ts);
    active.set(pid, live);
    // innermost = the shortest containing range (ties: the later start)
    let best: Interval | null = null;
    for (const a of live)
      if (!best || a.end - a.start < best.end - best.start || (a.end - a.start === best.end - best.start && a.start > best.start)) best = a;
    out[i] = best;
  }
  return out;
}

/** Parses a Kineto trace into per-stream annotated segments. */
export function parseKineto(text: string): KinetoProfile {
  return parseKinetoData(parseImportJson(text, 'the profiler trace'));
}

/** The same, from an already parsed trace (the generic importer parses once and dispatches). */
export function parseKinetoData(data: unknown): KinetoProfile {
  const { evs, root } = events(data);
  let t0 = Infinity;
  const launchAt = new Map<number, { pid: unknown; ts: number }>();
  const annotations = new Map<unknown, Interval[]>();
  const gpu: { pid: number; tid: number; ts: number; dur: number; corr: unknown; comm: boolean }[] = [];
  for (const e of evs) {
    if (e.ph !== 'X' || !num(e.ts)) continue;
    if (e.ts < t0) t0 = e.ts;
    const dur = num(e.dur) && e.dur >= 0 ? e.dur : 0;
    const args = (typeof e.args === 'object' && e.args !== null ? e.args : {}) as Ev;
    if (GPU_CATS.has(e.cat as string)) {
      if (!num(e.pid) || !num(e.tid)) continue;
      gpu.push({ pid: e.pid, tid: e.tid, ts: e.ts, dur, corr: args.correlation, comm: COMM_NAME.test(String(e.name ?? '')) });
    } else if (LAUNCH_CATS.has(e.cat as string) && num(args.correlation)) {
      launchAt.set(args.correlation, { pid: e.pid, ts: e.ts });
    } else if (e.cat === 'user_annotation') {
      const list = annotations.get(e.pid) ?? [];
      annotations.set(e.pid, list);
      list.push({ name: String(e.name ?? '').slice(0, 200), start: e.ts, end: e.ts + dur, key: list.length });
    }
  }
  if (gpu.length === 0)
    throw new ImportError('the profiler trace has no GPU kernels (events with "cat": "kernel"); record it with ProfilerActivity.CUDA');
  for (const list of annotations.values()) list.sort((a, b) => a.start - b.start || b.end - a.end);
  const launches = gpu.map((k) => (num(k.corr) ? launchAt.get(k.corr) : undefined) ?? { pid: undefined, ts: k.ts });
  const owner = annotate(launches, annotations);
  const byStream = new Map<string, { device: number; stream: number; items: number[] }>();
  gpu.forEach((k, i) => {
    const key = `${k.pid}:${k.tid}`;
    if (!byStream.has(key)) byStream.set(key, { device: k.pid, stream: k.tid, items: [] });
    byStream.get(key)!.items.push(i);
  });
  const streams: KinetoStream[] = [];
  for (const { device, stream, items } of byStream.values()) {
    items.sort((a, b) => gpu[a].ts - gpu[b].ts || a - b);
    const segments: KinetoSegment[] = [];
    let last: Interval | null | undefined;
    let commBusy = 0;
    let busy = 0;
    for (const i of items) {
      const k = gpu[i];
      const own = owner[i];
      busy += k.dur;
      if (k.comm || (own && COMM_NAME.test(own.name))) commBusy += k.dur;
      const seg = segments[segments.length - 1];
      if (seg && own === last) {
        seg.end = Math.max(seg.end, k.ts + k.dur - t0);
        seg.busy += k.dur;
        seg.kernels++;
      } else segments.push({ op: own ? own.name : UNANNOTATED, start: k.ts - t0, end: k.ts + k.dur - t0, busy: k.dur, kernels: 1 });
      last = own;
    }
    streams.push({ device, stream, role: busy > 0 && commBusy / busy > 0.5 ? 'comm' : 'compute-side', kernels: items.length, segments });
  }
  classify(streams);
  streams.sort((a, b) => a.device - b.device || a.stream - b.stream);
  return { t0, streams, ...meta(root) };
}

/**
 * Stream roles: comm when most of its kernel time is all-to-all/NCCL (by kernel or annotation
 * name); among the rest, the stream with the most kernels is the main compute stream.
 */
function classify(streams: KinetoStream[]): void {
  let main: KinetoStream | null = null;
  for (const s of streams) if (s.role !== 'comm' && (!main || s.kernels > main.kernels)) main = s;
  if (main) main.role = 'compute';
}

function meta(root: Ev): { traceName?: string; deviceName?: string } {
  const devices = root.deviceProperties;
  const first = Array.isArray(devices) && typeof devices[0] === 'object' && devices[0] !== null ? (devices[0] as Ev).name : undefined;
  return {
    ...(typeof root.traceName === 'string' ? { traceName: root.traceName.slice(0, 300) } : {}),
    ...(typeof first === 'string' ? { deviceName: first.slice(0, 100) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// DualPipe F&B pair (docs/overlap.md §3)

export interface MeasuredPair {
  /** per-layer piece durations (segment end − start), µs: input of the overlap model */
  pieces: ChunkPieces;
  /** the measured pieces on the compute (main) and comm streams, µs from the pair's first piece */
  measured: { compute: PieceSpan[]; comm: PieceSpan[] };
  /** the overlap model's replay of the same pieces (engine `replayPair`) */
  simulated: ChunkResult;
  /** measured span of the pair, µs (first piece start to last piece end) */
  span: number;
}

const isPiece = (op: string): op is LayerPiece => (LAYER_PIECES as readonly string[]).includes(op);

/**
 * The F&B pair in a profile annotated with the overlap vocabulary. Layer steps follow docs/overlap.md
 * §3: the forward walks layers up, the backward down, so occurrence k of a forward piece is layer
 * k and occurrence k of a backward/weight piece is layer L−1−k (as the measured preset reads the
 * golden file).
 */
export function pairPieces(profile: KinetoProfile): MeasuredPair {
  const compute = profile.streams.find((s) => s.role === 'compute');
  const comm = profile.streams.find((s) => s.role === 'comm');
  if (!compute || !comm)
    throw new ImportError('the trace needs a compute stream and an all-to-all (dispatch/combine) stream to show an F&B pair');
  const occurrences = new Map<LayerPiece, KinetoSegment[]>();
  for (const [stream, names] of [
    [compute, COMPUTE_PIECES],
    [comm, COMM_PIECES],
  ] as const) {
    for (const g of stream.segments)
      if ((names as readonly string[]).includes(g.op) && isPiece(g.op)) occurrences.set(g.op, [...(occurrences.get(g.op) ?? []), g]);
  }
  const L = occurrences.get('attn(F)')?.length ?? 0;
  if (L === 0)
    throw new ImportError(
      'no "attn(F)" annotation found on the compute stream; the trace is not annotated with the F&B pair pieces (attn/mlp/dispatch/combine)',
    );
  if (L > MAX_LAYERS) throw new ImportError(`the trace has ${L} layers; at most ${MAX_LAYERS} are supported`);
  for (const p of LAYER_PIECES) {
    const n = occurrences.get(p)?.length ?? 0;
    if (n !== L)
      throw new ImportError(
        `the trace has ${L} attn(F) but ${n} ${quote(p)} segments on the ${streamNameOf(p)} stream; expected one per layer`,
      );
  }
  const layers: LayerPieces[] = Array.from({ length: L }, () => ({}) as LayerPieces);
  const first = Math.min(...[...occurrences.values()].flat().map((g) => g.start));
  const measured: MeasuredPair['measured'] = { compute: [], comm: [] };
  let last = first;
  for (const p of LAYER_PIECES) {
    occurrences.get(p)!.forEach((g, k) => {
      const layer = phaseOf(p) === 'F' ? k : L - 1 - k;
      layers[layer][p] = g.end - g.start;
      measured[streamNameOf(p)].push({ piece: p, layer, start: g.start - first, end: g.end - first });
      last = Math.max(last, g.end);
    });
  }
  measured.compute.sort((a, b) => a.start - b.start);
  measured.comm.sort((a, b) => a.start - b.start);
  const pieces: ChunkPieces = { layers, pp: { 'send(F)': 0, 'send(B)': 0 } };
  let simulated: ChunkResult;
  try {
    simulated = replayPair(pieces);
  } catch (e) {
    throw new ImportError(`the trace's pieces cannot be replayed: ${(e as Error).message}`);
  }
  return { pieces, measured, simulated, span: last - first };
}

function streamNameOf(p: LayerPiece): 'compute' | 'comm' {
  return (COMPUTE_PIECES as readonly string[]).includes(p) ? 'compute' : 'comm';
}

/** Parses a trace and extracts its F&B pair in one step (the app's "Import profiler trace"). */
export function importProfilerPair(text: string): { profile: KinetoProfile; pair: MeasuredPair } {
  const profile = parseKineto(text);
  return { profile, pair: pairPieces(profile) };
}
