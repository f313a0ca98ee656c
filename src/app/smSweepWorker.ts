/**
 * Worker: the whole schedule's makespan-vs-comm-SMs sweep (pipeline/smSweep.ts scheduleSweep), off
 * the main thread — 131 detailed simulations take about a second for a few thousand ops.
 * In: { params }. Out: { ops, sweep } (sweep null past the op limit) or { error }.
 */
import { scheduleSweep } from '../pipeline/smSweep.ts';
import type { Params } from '../store/params.ts';

self.onmessage = (e: MessageEvent<{ params: Params }>) => {
  try {
    self.postMessage(scheduleSweep(e.data.params));
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
