/**
 * The trace import's module web worker (docs/measured.md §12): parses and analyses the per-rank
 * traces off the main thread (app/traceJob.ts). Started per import by app/traceClient.ts as
 * `new Worker(new URL('./measuredWorker.ts', import.meta.url), { type: 'module' })` and terminated
 * when the import ends, which frees the parsed traces.
 */
import type { FromTraceWorker, ToTraceWorker } from './traceProtocol.ts';
import { traceWorkerHandler } from './traceJob.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToTraceWorker>) => void) | null;
  postMessage(message: FromTraceWorker): void;
}
const scope = self as unknown as WorkerScope;
const handle = traceWorkerHandler((m) => scope.postMessage(m));
scope.onmessage = (e) => handle(e.data);
