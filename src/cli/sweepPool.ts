/**
 * `pipescope sweep --jobs N`: the combinations evaluated by this thread and N − 1 worker threads
 * (node:worker_threads). Each worker builds its own cost source from the same plain-data spec and
 * answers batches of points with rows; batches are handed out as lanes finish (one combination
 * costs from microseconds to seconds, v-auto's search), and rows are put back in combination
 * order. This thread works too: a worker needs a few hundred ms to load the TypeScript engine, so
 * with N = 2 on a short sweep the main thread does most of the work and the worker joins when ready.
 */
import { Worker } from 'node:worker_threads';
import { evaluatePoint, type CostSource, type SweepPoint, type SweepRow, type SweepSourceSpec } from '../pipeline/sweep.ts';

/** What a worker answers for a batch: its rows, or the failure of an unexpected error. */
export type PoolAnswer = { id: number; rows: SweepRow[] } | { id: number; error: string };

/** Points per batch: small enough to balance the lanes, large enough that a message per batch costs little. */
export function batchSize(points: number, jobs: number): number {
  return Math.max(1, Math.min(32, Math.ceil(points / (jobs * 24))));
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runPool(points: readonly SweepPoint[], source: CostSource, spec: SweepSourceSpec, jobs: number): Promise<SweepRow[]> {
  const rows = new Array<SweepRow>(points.length);
  const size = batchSize(points.length, jobs);
  let next = 0;
  const take = (): number | null => {
    if (next >= points.length) return null;
    const at = next;
    next += size;
    return at;
  };
  const workers: Worker[] = [];
  let failed: Error | null = null;
  const lanes: Promise<void>[] = [];
  for (let j = 1; j < jobs && j * size < points.length; j++) {
    // a plain .mjs entry: it installs the TypeScript loader in the thread, then loads the worker
    const w = new Worker(new URL('./sweepWorker.mjs', import.meta.url), { workerData: { spec } });
    workers.push(w);
    lanes.push(
      new Promise<void>((resolve, reject) => {
        const feed = () => {
          const at = failed ? null : take();
          if (at === null) return resolve();
          w.postMessage({ id: at, points: points.slice(at, at + size) });
        };
        w.on('message', (a: PoolAnswer) => {
          if ('error' in a) return reject(new Error(a.error));
          for (let k = 0; k < a.rows.length; k++) rows[a.id + k] = a.rows[k];
          feed();
        });
        w.on('error', reject);
        w.on('exit', (code) => reject(new Error(`a sweep worker stopped with exit code ${code}`)));
        feed();
      }),
    );
  }
  lanes.push(
    (async () => {
      for (let at = take(); at !== null && !failed; at = take()) {
        const end = Math.min(points.length, at + size);
        for (let i = at; i < end; i++) rows[i] = evaluatePoint(points[i], source);
        // let the workers' answers in, so they get their next batch
        await yieldToEvents();
      }
    })(),
  );
  try {
    await Promise.all(lanes.map((l) => l.catch((e: Error) => Promise.reject((failed ??= e)))));
  } finally {
    for (const w of workers) w.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return rows;
}
