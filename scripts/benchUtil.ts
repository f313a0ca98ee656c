/**
 * Shared helpers of the benchmark modules in scripts/bench/: timing with warm-up and medians,
 * and plain-text tables.
 */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Wall time samples (ms) of `fn` over enough runs to fill about `budgetMs`, after one warm-up. */
export function samples(fn: () => void, budgetMs = 400): number[] {
  fn();
  const out: number[] = [];
  const t0 = performance.now();
  while (out.length < 5 || (performance.now() - t0 < budgetMs && out.length < 200)) {
    const a = performance.now();
    fn();
    out.push(performance.now() - a);
  }
  return out;
}

/**
 * Median and best wall time (ms) of `runs` runs (the budget rows' "median of 9"), after warm-up:
 * at least `warmup` runs and `warmMs` of them, so the JIT has compiled the code being timed.
 * `cpu` is the median CPU time (ms) of the same runs, the process's user + system time (GC
 * helper threads included): on a shared machine, wall time well above it is time spent waiting
 * for a core.
 */
export function medianOf(fn: () => void, runs = 9, warmup = 3, warmMs = 200): { median: number; best: number; cpu: number } {
  const t0 = performance.now();
  for (let i = 0; i < warmup || (performance.now() - t0 < warmMs && i < 1000); i++) fn();
  const out: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const a = performance.now();
    fn();
    out.push(performance.now() - a);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1e3);
  }
  return { median: median(out), best: Math.min(...out), cpu: median(cpu) };
}

/** Median wall time (ms): the typical cost on a machine that may be shared. */
export const time = (fn: () => void, budgetMs = 400): number => median(samples(fn, budgetMs));

export function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
