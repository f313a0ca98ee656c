/** Test helper: the worker's message loop in process (worker.ts minus `self`), optionally stuck. */
import type { WorkerLike } from '../client.ts';
import { Cancelled, newWorkerState, runAccum, runLoad, runTensor, type JobContext } from '../jobs.ts';
import type { FromWorker, ToWorker } from '../protocol.ts';

export function fakeWorker(opts: { stuck?: boolean } = {}): WorkerLike & { terminated: boolean } {
  const state = newWorkerState();
  const cancelled = new Set<number>();
  const w = {
    onmessage: null as WorkerLike['onmessage'],
    onerror: null as WorkerLike['onerror'],
    terminated: false,
    terminate() {
      this.terminated = true;
    },
    postMessage(msg: ToWorker) {
      const send = (m: FromWorker) => setTimeout(() => !w.terminated && w.onmessage?.({ data: m } as MessageEvent<FromWorker>), 0);
      if (msg.type === 'cancel') {
        cancelled.add(msg.id);
        return;
      }
      if (opts.stuck) return; // never answers: a job inside one long step
      const c: JobContext = {
        cancelled: () => cancelled.has(msg.id),
        progress: (fraction, stage) => send({ type: 'progress', id: msg.id, fraction, stage }),
        yieldNow: () => new Promise((r) => setTimeout(r, 0)),
        now: () => performance.now(),
        sliceMs: 0,
      };
      const job = msg.job;
      const run = job.kind === 'tensor' ? runTensor(job, state, c) : job.kind === 'load' ? runLoad(job, state) : runAccum(job, c);
      run.then(
        (result) => send({ type: 'done', id: msg.id, result }),
        (e: Error) =>
          send(e instanceof Cancelled ? { type: 'cancelled', id: msg.id } : { type: 'error', id: msg.id, message: e.message, input: true }),
      );
    },
  };
  return w;
}
