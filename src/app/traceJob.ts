/**
 * What the trace import worker does (docs/measured.md §12), written against a small context so it
 * runs unchanged in the web worker and in vitest: each file's bytes → text (gunzipped when gzip,
 * refused past MAX_TRACE_BYTES as it expands), all texts → one measured step (readTraceFiles) →
 * the analysis (analyzeRun). Between the steps it reports progress and gives the event loop a
 * turn, which is when a `cancel` message is seen; a cancelled job answers `cancelled` and nothing
 * else. `traceWorkerHandler` is the worker's whole message loop.
 */
import { ImportError, fileText } from '../interop/index.ts';
import { MAX_TRACE_BYTES, analyzeRun, readTraceFiles, type TraceAnalysis, type TraceFile } from '../measured/index.ts';
import type { FromTraceWorker, ToTraceWorker, TraceFileBytes } from './traceProtocol.ts';

export interface TraceJobContext {
  progress(fraction: number, stage: string): void;
  /** give the event loop a turn (a cancel message may arrive) */
  yieldNow(): Promise<void>;
  cancelled(): boolean;
}

/** The analysed step, or null when the job was cancelled. Throws ImportError for refused files. */
export async function runTraceJob(files: TraceFileBytes[], ctx: TraceJobContext): Promise<TraceAnalysis | null> {
  const texts: TraceFile[] = [];
  for (const [k, f] of files.entries()) {
    ctx.progress((0.4 * k) / files.length, `reading ${f.name} (${k + 1} of ${files.length})`);
    await ctx.yieldNow();
    if (ctx.cancelled()) return null;
    texts.push({ name: f.name, text: await fileText(new Uint8Array(f.bytes), f.name, MAX_TRACE_BYTES), listed: f.listed });
  }
  ctx.progress(0.4, `parsing ${files.length} trace${files.length === 1 ? '' : 's'}`);
  await ctx.yieldNow();
  if (ctx.cancelled()) return null;
  const run = readTraceFiles(texts);
  ctx.progress(0.8, 'recognising the schedule, fitting costs, replaying');
  await ctx.yieldNow();
  if (ctx.cancelled()) return null;
  const analysis = analyzeRun(run);
  ctx.progress(1, 'done');
  return analysis;
}

/** A macrotask turn (MessageChannel: no 4 ms clamp as nested setTimeouts have). */
function macrotask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => {
      c.port1.close();
      resolve();
    };
    c.port2.postMessage(null);
  });
}

/** The worker's message handler: runs each `start` as a job and answers it (see the protocol). */
export function traceWorkerHandler(post: (m: FromTraceWorker) => void, yieldNow: () => Promise<void> = macrotask) {
  const cancelled = new Set<number>();
  return (msg: ToTraceWorker): void => {
    if (msg.type === 'cancel') {
      cancelled.add(msg.id);
      return;
    }
    const { id } = msg;
    const ctx: TraceJobContext = {
      progress: (fraction, stage) => post({ type: 'progress', id, fraction, stage }),
      yieldNow,
      cancelled: () => cancelled.has(id),
    };
    runTraceJob(msg.files, ctx).then(
      (analysis) => post(analysis && !cancelled.has(id) ? { type: 'done', id, analysis } : { type: 'cancelled', id }),
      (e: unknown) =>
        post(
          e instanceof ImportError
            ? { type: 'error', id, message: e.message, input: true }
            : {
                type: 'error',
                id,
                message: `the trace importer failed (${e instanceof Error ? e.message : String(e)})`.slice(0, 300),
                input: false,
              },
        ),
    );
  };
}
