/**
 * Main-thread side of the Explore page's sweep: a pool of 1–2 web workers (app/exploreWorker.ts)
 * that evaluates a list of combinations in batches handed out as workers finish, streaming each
 * batch's rows back as it lands. `run` returns a cancel-able handle; cancelling stops handing out
 * batches and terminates the workers still busy (one combination can take seconds — v-auto's
 * search), so a cancel or a new run is immediate; idle workers stay warm for the next run.
 *
 * Pool size: one worker per core beyond the page's own, at most 2 (the page itself must stay
 * responsive: on a 2-core machine one worker computes while the main thread draws).
 */
import type { SweepLimits, SweepPoint, SweepRow, SweepSourceSpec } from '../pipeline/sweep.ts';

/** What the pool needs of a Worker (tests pass an in-process fake). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

type Answer = { id: number; rows: SweepRow[] } | { id: number; error: string };

export interface SweepHandlers {
  /** rows of points [at, at + rows.length) */
  onRows: (at: number, rows: SweepRow[]) => void;
  onDone: (outcome: { status: 'done' } | { status: 'error'; message: string }) => void;
}

export interface RunningSweep {
  cancel(): void;
}

export function createExploreWorker(): WorkerLike {
  return new Worker(new URL('./exploreWorker.ts', import.meta.url), { type: 'module', name: 'explore' }) as unknown as WorkerLike;
}

export function poolSize(cores: number | undefined): number {
  return Math.max(1, Math.min(2, (cores ?? 2) - 1));
}

/** Points per batch: rows stream in often (a batch is tens of ms) and messages stay few. */
export function batchSize(points: number, workers: number): number {
  return Math.max(1, Math.min(16, Math.ceil(points / (workers * 40))));
}

export class ExplorePool {
  private idle: WorkerLike[] = [];

  constructor(
    private readonly factory: () => WorkerLike = createExploreWorker,
    readonly size: number = poolSize(typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency),
  ) {}

  run(points: readonly SweepPoint[], spec: SweepSourceSpec, limits: SweepLimits, h: SweepHandlers): RunningSweep {
    const size = batchSize(points.length, this.size);
    let next = 0;
    let finished = false;
    const busy = new Set<WorkerLike>();
    const finish = (outcome: Parameters<SweepHandlers['onDone']>[0]) => {
      if (finished) return;
      finished = true;
      // a worker still computing a batch of a finished run is of no use: stop it
      for (const w of busy) w.terminate();
      busy.clear();
      h.onDone(outcome);
    };
    const feed = (w: WorkerLike) => {
      if (finished) return;
      if (next >= points.length) {
        this.idle.push(w);
        if (busy.size === 0) finish({ status: 'done' });
        return;
      }
      const at = next;
      next += size;
      busy.add(w);
      w.postMessage({ id: at, spec, points: points.slice(at, at + size), limits });
    };
    const workers = Math.min(this.size, Math.ceil(points.length / size));
    for (let k = 0; k < workers; k++) {
      const w = this.idle.pop() ?? this.factory();
      w.onmessage = (e: MessageEvent<Answer>) => {
        if (finished) return;
        busy.delete(w);
        const a = e.data;
        if ('error' in a) {
          this.idle.push(w);
          return finish({ status: 'error', message: a.error });
        }
        h.onRows(a.id, a.rows);
        feed(w);
      };
      w.onerror = (e) => {
        e.preventDefault?.();
        busy.delete(w);
        w.terminate();
        finish({ status: 'error', message: `the sweep worker stopped (${e.message || 'script error'})` });
      };
      feed(w);
    }
    if (points.length === 0) finish({ status: 'done' });
    return {
      cancel: () => {
        if (finished) return;
        finished = true;
        for (const w of busy) w.terminate();
        busy.clear();
      },
    };
  }

  dispose(): void {
    for (const w of this.idle) w.terminate();
    this.idle = [];
  }
}
