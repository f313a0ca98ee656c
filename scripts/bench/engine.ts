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
import { record } from './lib/results.ts';
import { median, printTable, samples, time } from '../benchUtil.ts';

export async function bench(): Promise<void> {
  const costs = resolveCosts({ F: 1, I: 1, W: 1, B: 2, FB: 3 });
  // "best" is the fastest run: on a shared 2-core machine it is the closest to the code's own cost.
  const rows: string[][] = [
    ['schedule', 'P', 'M', 'ops', 'order ms', 'timeline ms', 'metrics ms', 'total ms', 'best ms', 'Mops/s', 'ns/op (best)'],
  ];
  for (const schedule of ['dualpipe', 'zb-v', '1f1b'] as ScheduleName[]) {
    for (const [P, M] of [
      [8, 20],
      [16, 64],
      [64, 512],
    ]) {
      const params = { schedule, ranks: P, microbatches: M };
      const s = buildSchedule(params, costs);
      const t = simulate(s, costs);
      const ops = s.ops.reduce((n, r) => n + r.length, 0);
      const order = time(() => buildSchedule(params, costs));
      const timeline = time(() => simulate(s, costs));
      const metrics = time(() => computeMetrics(t));
      const all = samples(() => computeMetrics(simulate(buildSchedule(params, costs), costs)), 1000);
      const total = median(all);
      const best = Math.min(...all);
      record(`engine.${schedule}.p${P}m${M}.totalMs`, total);
      rows.push([
        schedule,
        String(P),
        String(M),
        String(ops),
        order.toFixed(2),
        timeline.toFixed(2),
        metrics.toFixed(2),
        total.toFixed(2),
        best.toFixed(2),
        (ops / total / 1000).toFixed(2),
        ((best * 1e6) / ops).toFixed(0),
      ]);
    }
  }
  printTable(rows);
}
