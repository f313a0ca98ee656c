/**
 * The worker's jobs, written against a small context (progress, cooperative yield, cancel) so they
 * run unchanged in the web worker and in vitest. Heavy work comes from the generators of
 * chunked.ts, requant.ts and accum.ts; `drive` runs a generator in slices of ~10 ms, reporting
 * progress and giving the worker's event loop a turn between slices, which is when a cancel
 * message is seen.
 *
 * State kept between jobs (`WorkerState`): the loaded file's bytes and the last tensor with its
 * per-element histogram bins, so changing the methods does not regenerate 16 M random numbers,
 * and the output buffers, reused across runs of the same size.
 */
import { Fp8InputError, checkTensor, groupDims, METHOD_SPECS, type Fp8Method } from '../fp8/index.ts';
import { accumSweep, accumWork } from './accum.ts';
import { quantizeChunked, type ChunkBuffers } from './chunked.ts';
import { binRange, emptyHistogram, emptyOutcome, occupiedRange, outcomeRows, sliceBins, type AbsHistogram } from './histogram.ts';
import { PANEL_MAX_ELEMENTS, shapeLimitMessage } from './limits.ts';
import { parseNpy, readRawF32 } from './npy.ts';
import type { AccumJob, LoadJob, LoadResult, MethodResult, TensorJob, TensorResult } from './protocol.ts';
import { requantize, requantWork } from './requant.ts';
import { scaleGrid } from './scaleGrid.ts';
import { tensorFiller } from './sources.ts';

/** Thrown at a checkpoint when the job was cancelled. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export interface JobContext {
  /** overall progress 0..1 and the stage being worked on */
  progress(fraction: number, stage: string): void;
  /** give the event loop a turn (a cancel message may arrive) */
  yieldNow(): Promise<void>;
  cancelled(): boolean;
  now(): number;
  /** slice length between yields, ms */
  sliceMs?: number;
}

interface CachedTensor {
  key: string;
  x: Float32Array;
  shape: [number, number];
  nanCount: number;
  bins: Int16Array;
  hist: AbsHistogram;
  notes: string[];
}

export interface WorkerState {
  file: { fileId: string; name: string; bytes: ArrayBuffer } | null;
  tensor: CachedTensor | null;
  buffers: ChunkBuffers | null;
}

export function newWorkerState(): WorkerState {
  return { file: null, tensor: null, buffers: null };
}

/** Progress bookkeeping: stages with weights, each reporting its own 0..1. */
class Progress {
  private done = 0;
  constructor(
    private readonly ctx: JobContext,
    private readonly total: number,
  ) {}
  /** a stage with nothing to wait for */
  skip(weight: number): void {
    this.done += weight;
  }
  /** run a generator yielding units done out of `units`, worth `weight` of the whole */
  async drive<T>(g: Generator<number, T>, units: number, weight: number, stage: string): Promise<T> {
    const { ctx } = this;
    const slice = ctx.sliceMs ?? 10;
    let t = ctx.now();
    for (;;) {
      const r = g.next();
      if (r.done) {
        this.done += weight;
        return r.value;
      }
      if (ctx.now() - t >= slice) {
        ctx.progress(Math.min(1, (this.done + (weight * r.value) / Math.max(1, units)) / this.total), stage);
        await ctx.yieldNow();
        if (ctx.cancelled()) throw new Cancelled();
        t = ctx.now();
      }
    }
  }
}

function* fillGen(fill: (a: number, b: number) => void, n: number, chunk = 1 << 18): Generator<number, void> {
  for (let p = 0; p < n; p += chunk) {
    fill(p, Math.min(n, p + chunk));
    yield Math.min(n, p + chunk);
  }
}

function allocate<T>(make: () => T, what: string): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof RangeError) throw new Fp8InputError(`The browser could not allocate memory for ${what}; try a smaller shape.`);
    throw e;
  }
}

export async function runLoad(job: LoadJob, state: WorkerState): Promise<LoadResult> {
  state.file = { fileId: job.fileId, name: job.name, bytes: job.bytes };
  if (state.tensor?.key.startsWith('file:')) state.tensor = null;
  const base = { fileId: job.fileId, name: job.name, bytes: job.bytes.byteLength, format: job.format };
  if (job.bytes.byteLength === 0) throw new Fp8InputError('The file is empty (0 bytes).');
  if (job.format === 'raw') return { ...base, npy: null };
  const r = parseNpy(job.bytes);
  if (!r.ok) throw new Fp8InputError(r.message);
  return { ...base, npy: { shape: r.shape, fileShape: r.fileShape, dtype: r.dtype, notes: r.notes } };
}

function sourceKey(job: TensorJob): string {
  const s = job.source;
  return s.type === 'generate' ? `gen:${JSON.stringify(s.spec)}` : `file:${s.fileId}:${s.format}:${s.shape?.join('x') ?? ''}`;
}

export async function runTensor(job: TensorJob, state: WorkerState, ctx: JobContext): Promise<TensorResult> {
  const t0 = ctx.now();
  if (job.methods.length === 0) throw new Fp8InputError('Choose at least one method.');
  const key = sourceKey(job);
  const cached = state.tensor?.key === key ? state.tensor : null;
  const n = cached ? cached.x.length : job.source.type === 'generate' ? job.source.spec.rows * job.source.spec.cols : 0;
  // weights: source 1, bins 0.3, each method 1.5, requant 4 (relative costs measured in chromium)
  const total = (cached ? 0 : 1.3) + 1.5 * job.methods.length + (job.requant ? 4 : 0);
  const p = new Progress(ctx, total);
  const ms = { source: 0, bins: 0, methods: 0, requant: 0, total: 0 };

  let t: CachedTensor;
  if (cached) t = cached;
  else {
    state.tensor = null; // let the old tensor go before allocating the new one
    let x: Float32Array;
    let shape: [number, number];
    let notes: string[] = [];
    const src = job.source;
    if (src.type === 'generate') {
      const { rows, cols } = src.spec;
      if (rows * cols > PANEL_MAX_ELEMENTS) throw new Fp8InputError(shapeLimitMessage(`The shape ${rows}x${cols}`, rows * cols));
      shape = [rows, cols];
      x = allocate(() => new Float32Array(n), `a ${rows}x${cols} tensor`);
      const f = tensorFiller(src.spec);
      await p.drive(
        fillGen((a, b) => f.fill(x, a, b), n),
        n,
        1,
        'generating',
      );
    } else {
      const file = state.file;
      if (!file || file.fileId !== src.fileId) throw new Fp8InputError('The uploaded file is no longer loaded; choose it again.');
      if (src.format === 'raw' && !src.shape) throw new Fp8InputError('Give the shape of the raw float32 file (rows x cols).');
      const r = src.format === 'npy' ? parseNpy(file.bytes) : readRawF32(file.bytes, src.shape!);
      if (!r.ok) throw new Fp8InputError(r.message);
      x = r.data;
      shape = r.shape;
      notes = r.notes;
      p.skip(1);
    }
    ms.source = ctx.now() - t0;
    const nanCount = checkTensor(x, shape); // refuses an all-NaN tensor with its message
    const tb = ctx.now();
    const bins = allocate(() => new Int16Array(x.length), 'the histogram bins');
    const hist = emptyHistogram();
    await p.drive(
      fillGen((a, b) => binRange(x, a, b, bins, hist), x.length),
      x.length,
      0.3,
      'histogram',
    );
    ms.bins = ctx.now() - tb;
    t = { key, x, shape, nanCount, bins, hist, notes };
    state.tensor = t;
  }

  const { x, shape, bins, hist } = t;
  if (!state.buffers || state.buffers.codes.length !== x.length) {
    state.buffers = null;
    state.buffers = allocate(() => ({ codes: new Uint8Array(x.length), dequant: new Float32Array(x.length) }), 'the quantized tensor');
  }
  const buf = state.buffers;
  const range = occupiedRange(hist.counts) ?? [0, 0];
  const methods: MethodResult[] = [];
  const tm = ctx.now();
  for (const method of job.methods) {
    const t1 = ctx.now();
    const o = emptyOutcome();
    const [gh, gw] = groupDims(METHOD_SPECS[method].grouping, shape[0], shape[1]);
    const onChunk = (r0: number, r1: number, scales: Float32Array) =>
      outcomeRows(x, buf.dequant, bins, shape[1], r0, r1, gh, gw, scales, METHOD_SPECS[method].format, o);
    const out = await p.drive(quantizeChunked(x, shape, method, job.overflow, buf, onChunk), x.length, 1.5, label(method));
    methods.push({
      method,
      format: out.format,
      metrics: out.metrics,
      scalesShape: out.scalesShape,
      grid: scaleGrid(out.scales, out.scalesShape),
      flushed: sliceBins(o.flushed, range[0], range[1]),
      overflow: sliceBins(o.overflow, range[0], range[1]),
      ms: ctx.now() - t1,
    });
  }
  ms.methods = ctx.now() - tm;

  let requant = null;
  if (job.requant) {
    const tr = ctx.now();
    const t1 = allocate(() => new Float32Array(x.length), 'the transposed tensors');
    const t2 = allocate(() => new Float32Array(x.length), 'the transposed tensors');
    requant = await p.drive(requantize(x, shape, job.requant.ue8m0, buf, t1, t2), requantWork(x.length), 4, 're-quantizing 1x128 → 128x1');
    ms.requant = ctx.now() - tr;
  }
  ms.total = ctx.now() - t0;
  return {
    shape,
    nanCount: t.nanCount,
    notes: t.notes,
    methods,
    requant,
    ms,
    hist: { lo: range[0], hi: range[1], counts: sliceBins(hist.counts, range[0], range[1]), zeros: hist.zeros, nonfinite: hist.nonfinite },
  };
}

function label(m: Fp8Method): string {
  return `quantizing (${m})`;
}

export async function runAccum(job: AccumJob, ctx: JobContext) {
  const p = new Progress(ctx, 1);
  return p.drive(accumSweep(job.spec), accumWork(job.spec), 1, 'accumulating');
}
