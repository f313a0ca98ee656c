/**
 * Engine benchmark: order + timeline + metrics for DualPipe, ZB-V and 1F1B at P=8/M=20,
 * P=16/M=64 and P=64/M=512 (median of repeated runs after warm-up), and ns per op to show the
 * cost grows linearly with the number of ops.
 */
import { resolveCosts } from '../../src/engine/costs.ts';
import { computeMetrics } from '../../src/engine/metrics.ts';
import { buildSchedule } from '../../src/engine/schedules/index.ts';
import { simulate } from '../../src/engine/simulate.ts';
import type { ScheduleName } from '../../src/engine/types.ts';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time (ms) of `fn` over enough runs to fill about `budgetMs`. */
export function time(fn: () => void, budgetMs = 400): number {
  fn();
  const samples: number[] = [];
  const t0 = performance.now();
  while (samples.length < 5 || (performance.now() - t0 < budgetMs && samples.length < 200)) {
    const a = performance.now();
    fn();
    samples.push(performance.now() - a);
  }
  return median(samples);
}

export async function bench(): Promise<void> {
  const costs = resolveCosts({ F: 1, I: 1, W: 1, B: 2, FB: 3 });
  const rows: string[][] = [['schedule', 'P', 'M', 'ops', 'order ms', 'timeline ms', 'metrics ms', 'total ms', 'Mops/s', 'ns/op']];
  for (const schedule of ['dualpipe', 'zb-v', '1f1b'] as ScheduleName[]) {
    for (const [P, M] of [[8, 20], [16, 64], [64, 512]]) {
      const params = { schedule, ranks: P, microbatches: M };
      const s = buildSchedule(params, costs);
      const t = simulate(s, costs);
      const ops = s.ops.reduce((n, r) => n + r.length, 0);
      const order = time(() => buildSchedule(params, costs));
      const timeline = time(() => simulate(s, costs));
      const metrics = time(() => computeMetrics(t));
      const total = time(() => computeMetrics(simulate(buildSchedule(params, costs), costs)));
      rows.push([schedule, String(P), String(M), String(ops), order.toFixed(2), timeline.toFixed(2), metrics.toFixed(2), total.toFixed(2), (ops / total / 1000).toFixed(2), ((total * 1e6) / ops).toFixed(0)]);
    }
  }
  printTable(rows);
}

export function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
