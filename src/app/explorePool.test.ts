/**
 * The Explore page's worker pool (explorePool.ts) with in-process fake workers: every point's row
 * arrives once and in its place, whatever the pool size; cancel terminates busy workers and nothing
 * arrives after it; a worker's failure ends the run with its message; idle workers are reused.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePoint, sweepPoints, uniformCosts, type SweepPoint, type SweepRow } from '../pipeline/sweep.ts';
import { ExplorePool, batchSize, poolSize, type WorkerLike } from './explorePool.ts';

class FakeWorker implements WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  jobs = 0;
  constructor(private readonly fail = false) {}
  postMessage(message: unknown): void {
    const { id, points } = message as { id: number; points: SweepPoint[] };
    this.jobs++;
    setTimeout(() => {
      if (this.terminated) return;
      const data = this.fail ? { id, error: 'boom' } : { id, rows: points.map((p) => evaluatePoint(p, uniformCosts({}))) };
      this.onmessage?.({ data } as MessageEvent);
    }, 1);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const points = sweepPoints({
  schedules: ['1f1b', 'dualpipe', 'zb-v'],
  ranks: [2, 4, 6],
  microbatches: [4, 8, 12, 16],
  stagesPerRank: null,
  memLimit: null,
});
const spec = { kind: 'costs' as const, costs: {} };

function run(pool: ExplorePool, pts: readonly SweepPoint[] = points) {
  const rows = new Array<SweepRow | undefined>(pts.length);
  let arrivals = 0;
  const done = new Promise<{ status: string; message?: string }>((resolve) => {
    pool.run(
      pts,
      spec,
      {},
      {
        onRows: (at, got) => {
          got.forEach((r, k) => {
            expect(rows[at + k]).toBeUndefined();
            rows[at + k] = r;
          });
          arrivals++;
        },
        onDone: resolve,
      },
    );
  });
  return { rows, done, arrivals: () => arrivals };
}

describe('ExplorePool', () => {
  it('every row once, in its place, with 1 or 2 workers', async () => {
    for (const size of [1, 2]) {
      const workers: FakeWorker[] = [];
      const pool = new ExplorePool(() => {
        const w = new FakeWorker();
        workers.push(w);
        return w;
      }, size);
      const r = run(pool);
      expect(await r.done).toEqual({ status: 'done' });
      expect(r.rows).toEqual(points.map((p) => evaluatePoint(p, uniformCosts({}))));
      expect(workers).toHaveLength(size);
      // idle workers are kept for the next run
      await run(pool).done;
      expect(workers).toHaveLength(size);
    }
  });

  it('cancel terminates the busy workers; nothing arrives after it', async () => {
    const workers: FakeWorker[] = [];
    const pool = new ExplorePool(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    }, 2);
    let after = 0;
    let cancelled = false;
    const handle = pool.run(
      points,
      spec,
      {},
      {
        onRows: () => {
          if (cancelled) after++;
        },
        onDone: () => {
          throw new Error('a cancelled run does not finish');
        },
      },
    );
    handle.cancel();
    cancelled = true;
    await new Promise((r) => setTimeout(r, 20));
    expect(after).toBe(0);
    expect(workers.every((w) => w.terminated)).toBe(true);
    // the next run starts fresh workers
    const r = run(pool);
    expect((await r.done).status).toBe('done');
    expect(workers.filter((w) => !w.terminated)).toHaveLength(2);
  });

  it("a worker's failure ends the run with its message", async () => {
    const pool = new ExplorePool(() => new FakeWorker(true), 1);
    expect(await run(pool).done).toEqual({ status: 'error', message: 'boom' });
  });

  it('an empty sweep is done at once; sizes and batches', async () => {
    expect(await run(new ExplorePool(() => new FakeWorker(), 2), []).done).toEqual({ status: 'done' });
    expect([poolSize(undefined), poolSize(1), poolSize(2), poolSize(4), poolSize(64)]).toEqual([1, 1, 1, 2, 2]);
    expect(batchSize(1000, 1)).toBe(16);
    expect(batchSize(36, 1)).toBe(1);
  });
});
