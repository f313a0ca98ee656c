/**
 * Numbers the benchmark modules measure, kept for the budget table (scripts/bench/budget.ts runs
 * last and reads them). One registry per `npm run bench` process: every module imports this file
 * by the same URL, so they share the map.
 */
const results = new Map<string, number>();

/** Keeps a measured value under `key` (units in the key's name: `…Ms`, `…PerS`, `…Bytes`). */
export function record(key: string, value: number): void {
  results.set(key, value);
}

export function recorded(key: string): number | undefined {
  return results.get(key);
}
