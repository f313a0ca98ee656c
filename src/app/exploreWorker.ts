/**
 * Worker of the Explore page's sweep (app/explorePool.ts): answers each batch of combinations with
 * their rows (pipeline/sweep.ts, the CLI's own code path), off the main thread. The cost source of
 * the last spec is kept, so a model's plans are reused across batches.
 * In: { id, spec, points, limits }. Out: { id, rows } or { id, error } (an unexpected failure).
 */
import {
  costSourceOf,
  evaluatePoint,
  type CostSource,
  type SweepLimits,
  type SweepPoint,
  type SweepSourceSpec,
} from '../pipeline/sweep.ts';

export interface ExploreJob {
  id: number;
  spec: SweepSourceSpec;
  points: SweepPoint[];
  limits: SweepLimits;
}

let cached: { key: string; source: Promise<CostSource> } | null = null;

self.onmessage = async (e: MessageEvent<ExploreJob>) => {
  const { id, spec, points, limits } = e.data;
  try {
    const key = JSON.stringify(spec);
    if (cached?.key !== key) cached = { key, source: costSourceOf(spec) };
    const source = await cached.source;
    self.postMessage({ id, rows: points.map((p) => evaluatePoint(p, source, limits)) });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
