/**
 * Main-thread side of the trace import worker: `runTraceImport(files)` starts a worker, transfers
 * the files' bytes and returns a promise of the outcome (never rejected: done, refused input,
 * failure or cancelled) with `cancel()`. Cancelling answers at once: the worker is asked to stop
 * and terminated — a JSON.parse of a large trace cannot be interrupted, and a fresh worker per
 * import frees the parsed traces with it. Messages of a job that has ended are ignored.
 */
import type { TraceAnalysis } from '../measured/index.ts';
import type { FromTraceWorker, ToTraceWorker, TraceFileBytes } from './traceProtocol.ts';

export type TraceOutcome =
  | { status: 'done'; analysis: TraceAnalysis }
  /** input: the files were refused (show the message as it is) */
  | { status: 'error'; message: string; input: boolean }
  | { status: 'cancelled' };

export interface RunningImport extends Promise<TraceOutcome> {
  cancel(): void;
}

/** What the client needs of a Worker (tests pass an in-process one). */
export interface TraceWorkerLike {
  postMessage(message: ToTraceWorker, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<FromTraceWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export function createTraceWorker(): TraceWorkerLike {
  return new Worker(new URL('./measuredWorker.ts', import.meta.url), {
    type: 'module',
    name: 'trace-import',
  }) as unknown as TraceWorkerLike;
}

let nextId = 1;

export function runTraceImport(
  files: TraceFileBytes[],
  onProgress: (fraction: number, stage: string) => void = () => {},
  factory: () => TraceWorkerLike = createTraceWorker,
): RunningImport {
  const id = nextId++;
  let worker: TraceWorkerLike | null = null;
  let settle: (o: TraceOutcome) => void = () => {};
  const promise = new Promise<TraceOutcome>((resolve) => {
    settle = (o) => {
      settle = () => {};
      worker?.terminate();
      worker = null;
      resolve(o);
    };
  });
  try {
    const w = factory();
    worker = w;
    w.onmessage = (e) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === 'progress') {
        if (worker) onProgress(m.fraction, m.stage);
      } else if (m.type === 'done') settle({ status: 'done', analysis: m.analysis });
      else if (m.type === 'error') settle({ status: 'error', message: m.message, input: m.input });
      else settle({ status: 'cancelled' });
    };
    w.onerror = (e) => {
      e.preventDefault?.();
      settle({ status: 'error', message: `the trace import worker stopped (${e.message || 'script error'})`, input: false });
    };
    w.postMessage(
      { type: 'start', id, files },
      files.map((f) => f.bytes),
    );
  } catch (e) {
    settle({
      status: 'error',
      message: `the trace import worker could not start (${e instanceof Error ? e.message : String(e)})`,
      input: false,
    });
  }
  const cancel = () => {
    if (!worker) return;
    worker.postMessage({ type: 'cancel', id });
    settle({ status: 'cancelled' });
  };
  return Object.assign(promise, { cancel });
}
