/**
 * Main-thread side of the FP8 worker: `run(job)` posts a job and returns a cancel-able promise of
 * its outcome (never rejected: done, refused input, failure or cancelled). File bytes are
 * transferred, not copied. A cancel is cooperative (the worker stops at its next ~10 ms slice);
 * if the worker has not answered within HARD_CANCEL_MS — a long single step — it is terminated and
 * a fresh one started, which forgets the loaded file (`onRestart` tells the owner).
 */
import type { FromWorker, Job, JobResults, ToWorker } from './protocol.ts';

export type Outcome<T> =
  | { status: 'done'; value: T }
  /** input: the user's input was refused (show the message as is) */
  | { status: 'error'; message: string; input: boolean }
  | { status: 'cancelled' };

export interface Running<T> extends Promise<Outcome<T>> {
  cancel(): void;
}

/** What the client needs of a Worker (tests pass an in-process fake). */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export const HARD_CANCEL_MS = 2000;

export function createFp8Worker(): WorkerLike {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'fp8' }) as unknown as WorkerLike;
}

interface Pending {
  resolve: (o: Outcome<unknown>) => void;
  onProgress?: (fraction: number, stage: string) => void;
}

export class Fp8Client {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly factory: () => WorkerLike = createFp8Worker,
    private readonly onRestart: () => void = () => {},
  ) {}

  private ensure(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.factory();
    w.onmessage = (e) => this.receive(e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      this.restart(`The FP8 worker stopped (${e.message || 'script error'}).`);
    };
    this.worker = w;
    return w;
  }

  private receive(msg: FromWorker): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.fraction, msg.stage);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === 'done') p.resolve({ status: 'done', value: msg.result });
    else if (msg.type === 'error') p.resolve({ status: 'error', message: msg.message, input: msg.input });
    else p.resolve({ status: 'cancelled' });
  }

  /** Drop the worker: every pending job ends (as cancelled, or with `message` as a failure). */
  private restart(message?: string): void {
    this.worker?.terminate();
    this.worker = null;
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.resolve(message ? { status: 'error', message, input: false } : { status: 'cancelled' });
    this.onRestart();
  }

  run<K extends Job['kind']>(
    job: Extract<Job, { kind: K }>,
    onProgress?: (fraction: number, stage: string) => void,
  ): Running<JobResults[K]> {
    const id = this.nextId++;
    let settled = false;
    let hard: ReturnType<typeof setTimeout> | undefined;
    const promise = new Promise<Outcome<JobResults[K]>>((resolve) => {
      this.pending.set(id, {
        resolve: (o) => {
          settled = true;
          if (hard !== undefined) clearTimeout(hard);
          resolve(o as Outcome<JobResults[K]>);
        },
        onProgress,
      });
    });
    try {
      const j = job as Job;
      this.ensure().postMessage({ type: 'start', id, job: j }, j.kind === 'load' ? [j.bytes] : []);
    } catch (e) {
      this.pending.get(id)?.resolve({
        status: 'error',
        message: `The FP8 worker could not start (${e instanceof Error ? e.message : String(e)}).`,
        input: false,
      });
      this.pending.delete(id);
    }
    const cancel = () => {
      if (settled || !this.pending.has(id)) return;
      this.worker?.postMessage({ type: 'cancel', id });
      hard = setTimeout(() => {
        if (!settled) this.restart();
      }, HARD_CANCEL_MS);
    };
    return Object.assign(promise, { cancel });
  }

  dispose(): void {
    this.restart();
  }
}
