/**
 * The FP8 panel's module web worker: runs the jobs of jobs.ts one at a time (file loads at once), answering each
 * `start` with progress messages and one `done` / `error` / `cancelled` (protocol.ts). A cancel is
 * noticed at the next slice boundary (~10 ms). Started by client.ts as
 * `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`.
 */
import { Fp8InputError } from '../fp8/index.ts';
import { Cancelled, newWorkerState, runAccum, runLoad, runTensor, type JobContext } from './jobs.ts';
import type { FromWorker, Job, ToWorker } from './protocol.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
}
const scope = self as unknown as WorkerScope;

const state = newWorkerState();
const cancelled = new Set<number>();
let queue: Promise<void> = Promise.resolve();

// A macrotask without setTimeout's 4 ms clamp for nested timers.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldNow = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

async function run(id: number, job: Job): Promise<void> {
  if (cancelled.delete(id)) {
    scope.postMessage({ type: 'cancelled', id });
    return;
  }
  let lastProgress = 0;
  const ctx: JobContext = {
    progress(fraction, stage) {
      const t = performance.now();
      if (t - lastProgress < 100) return; // ten updates a second are enough, and each costs the page a frame
      lastProgress = t;
      scope.postMessage({ type: 'progress', id, fraction, stage });
    },
    yieldNow,
    cancelled: () => cancelled.has(id),
    now: () => performance.now(),
  };
  try {
    const result =
      job.kind === 'tensor' ? await runTensor(job, state, ctx) : job.kind === 'load' ? await runLoad(job, state) : await runAccum(job, ctx);
    scope.postMessage({ type: 'done', id, result });
  } catch (e) {
    if (e instanceof Cancelled) scope.postMessage({ type: 'cancelled', id });
    else if (e instanceof Fp8InputError) scope.postMessage({ type: 'error', id, message: e.message, input: true });
    else scope.postMessage({ type: 'error', id, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e), input: false });
  } finally {
    cancelled.delete(id);
  }
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'cancel') cancelled.add(msg.id);
  // A load only stores the bytes and reads the header (quick): it need not wait for a running
  // job, which keeps its own reference to the tensor it works on.
  else if (msg.job.kind === 'load') void run(msg.id, msg.job);
  else queue = queue.then(() => run(msg.id, msg.job));
};
