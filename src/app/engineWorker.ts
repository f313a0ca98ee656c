/**
 * Worker: engine work too slow for the main thread (docs/style.md: > ~50 ms runs off it) —
 * building a slow schedule for the chart (pipeline/memorySweep.ts isSlowBuild: v-auto, large
 * cost-driven greedies) and the memory–bubble sweep, one point at a time with progress.
 * In: { kind: 'run', params, schedule } → { result } (an EngineResult, structured-cloned);
 *     { kind: 'sweep', params, schedule } → { progress: [done, total], point } per point, then { done: true }.
 * Any throw → { error }. The caller terminates the worker to cancel.
 */
import { sweepLimits, sweepPoint } from '../pipeline/memorySweep.ts';
import { runEngine } from '../pipeline/runEngine.ts';
import type { ScheduleName } from '../engine/index.ts';
import type { Params } from '../store/params.ts';

type Request = { kind: 'run' | 'sweep'; params: Params; schedule: ScheduleName };

self.onmessage = (e: MessageEvent<Request>) => {
  const { kind, params, schedule } = e.data;
  try {
    if (kind === 'run') {
      self.postMessage({ result: runEngine(params, schedule) });
      return;
    }
    const limits = sweepLimits(params, schedule);
    limits.forEach((limit, k) => self.postMessage({ progress: [k + 1, limits.length], point: sweepPoint(params, schedule, limit) }));
    self.postMessage({ done: true });
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
