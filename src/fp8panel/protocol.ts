/**
 * The message protocol between the FP8 panel (main thread, client.ts) and its web worker
 * (worker.ts). Every request carries an id; the worker answers with any number of `progress`
 * messages and then exactly one of `done`, `error` or `cancelled`. Only small results cross: the
 * tensor itself is generated (or parsed from the transferred file bytes) inside the worker and
 * stays there, so the page never touches it element by element.
 */
import type { Fp8Format, Fp8Method, Fp8Metrics, OverflowMode } from '../fp8/index.ts';
import type { AccumResult, AccumSpec } from './accum.ts';
import type { NpyDtype } from './npy.ts';
import type { RequantResult } from './requant.ts';
import type { ScaleGrid } from './scaleGrid.ts';
import type { GeneratorSpec } from './sources.ts';

export type FileFormat = 'npy' | 'raw';

/** Where the tensor comes from. */
export type TensorSource =
  | { type: 'generate'; spec: GeneratorSpec }
  /** a file sent earlier with a `load` job; raw files need the shape */
  | { type: 'file'; fileId: string; format: FileFormat; shape: [number, number] | null };

/** Quantize one tensor with several methods; histogram, scale grids, optional re-quantization. */
export interface TensorJob {
  kind: 'tensor';
  source: TensorSource;
  methods: Fp8Method[];
  overflow: OverflowMode;
  /** the 1×128 → 128×1 re-quantization (null: skip) */
  requant: { ue8m0: boolean } | null;
}

/** Hand the worker a file's bytes (transferred, not copied) and read its header. */
export interface LoadJob {
  kind: 'load';
  fileId: string;
  name: string;
  format: FileFormat;
  bytes: ArrayBuffer;
}

/** The accumulation sweep over K. */
export interface AccumJob {
  kind: 'accum';
  spec: AccumSpec;
}

export type Job = TensorJob | LoadJob | AccumJob;

export interface MethodResult {
  method: Fp8Method;
  format: Fp8Format;
  metrics: Fp8Metrics;
  scalesShape: [number, number];
  grid: ScaleGrid;
  /** per histogram bin (same range as TensorResult.hist): elements flushed to zero / overflowing */
  flushed: Float64Array;
  overflow: Float64Array;
  /** wall time of this method in the worker, ms */
  ms: number;
}

export interface TensorResult {
  shape: [number, number];
  /** NaN elements of the input (allowed unless all are NaN) */
  nanCount: number;
  /** histogram of |x|: bins lo..hi (bin k = [2^(k/4), 2^((k+1)/4))) */
  hist: { lo: number; hi: number; counts: Float64Array; zeros: number; nonfinite: number };
  methods: MethodResult[];
  requant: RequantResult | null;
  /** file notes (conversions) */
  notes: string[];
  /** worker wall times, ms: getting the tensor, binning, all methods, re-quantization, total */
  ms: { source: number; bins: number; methods: number; requant: number; total: number };
}

export interface LoadResult {
  fileId: string;
  name: string;
  bytes: number;
  format: FileFormat;
  /** .npy: the array's shape, the matrix used and the dtype */
  npy: { shape: [number, number]; fileShape: number[]; dtype: NpyDtype; notes: string[] } | null;
}

export interface JobResults {
  tensor: TensorResult;
  load: LoadResult;
  accum: AccumResult;
}

export type ToWorker = { type: 'start'; id: number; job: Job } | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'progress'; id: number; fraction: number; stage: string }
  | { type: 'done'; id: number; result: JobResults[Job['kind']] }
  /** input = the user's input was refused (show the message); otherwise a failure inside the panel */
  | { type: 'error'; id: number; message: string; input: boolean }
  | { type: 'cancelled'; id: number };
