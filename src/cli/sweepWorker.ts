/**
 * A `pipescope sweep --jobs N` worker thread (sweepPool.ts): builds the cost source from the spec
 * it was started with, then answers each batch of points with their rows (src/pipeline/sweep.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { costSourceOf, evaluatePoint, type SweepPoint, type SweepSourceSpec } from '../pipeline/sweep.ts';
import type { PoolAnswer } from './sweepPool.ts';

const port = parentPort!;
const source = await costSourceOf((workerData as { spec: SweepSourceSpec }).spec);
port.on('message', ({ id, points }: { id: number; points: SweepPoint[] }) => {
  let answer: PoolAnswer;
  try {
    answer = { id, rows: points.map((p) => evaluatePoint(p, source)) };
  } catch (e) {
    answer = { id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(answer);
});
