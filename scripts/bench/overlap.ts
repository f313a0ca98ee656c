/**
 * Overlap model benchmark (docs/overlap.md): F&B pair replays per second (4 layers, 40 pieces), the
 * 131-point SM sweep of the pair, and the detailed cost mode on DualPipe P=16/M=64 with 4 layers
 * per stage (build + simulate, with and without expanding every op into its pieces, and the whole
 * schedule's SM sweep). Median wall time after warm-up. Run: npx tsx scripts/bench.ts overlap.
 */
import { buildSchedule } from '../../src/engine/schedules/index.ts';
import {
  chunkSpan,
  detailedCosts,
  detailedMakespan,
  detailedTimeline,
  getPreset,
  piecesAt,
  sweepPair,
  sweepSchedule,
} from '../../src/engine/overlap/index.ts';
import type { ScheduleParams } from '../../src/engine/types.ts';
import { printTable, time } from '../benchUtil.ts';

export async function bench(): Promise<void> {
  const model = getPreset('deepseek-v3-h800-measured').model;
  const pieces = piecesAt(model, 20);
  const rows: string[][] = [['what', 'ms', 'per second', 'result']];

  const batch = 10_000;
  let span = 0;
  const pairMs = time(() => {
    for (let k = 0; k < batch; k++) span = chunkSpan('FB', pieces);
  });
  rows.push([
    'F&B pair replay, 4 layers (x10k)',
    pairMs.toFixed(2),
    `${((batch / pairMs) * 1000).toFixed(0)} evals/s`,
    `span ${span.toFixed(0)} µs`,
  ]);

  let best = 0;
  const sweepMs = time(() => {
    best = sweepPair(model).bestCommSms;
  });
  rows.push(['pair SM sweep, s = 1..131', sweepMs.toFixed(2), `${(1000 / sweepMs).toFixed(0)} sweeps/s`, `best s = ${best}`]);

  const costsMs = time(() => detailedCosts(model, 20));
  rows.push(['detailed costs (F, B, I, W, FB chunks)', costsMs.toFixed(3), `${(1000 / costsMs).toFixed(0)} /s`, '']);

  const params: ScheduleParams = { schedule: 'dualpipe', ranks: 16, microbatches: 64 };
  let makespan = 0;
  const noExpandMs = time(() => {
    makespan = detailedMakespan(buildSchedule(params, detailedCosts(model, 20).costs), model, 20);
  });
  rows.push(['DualPipe P16 M64 L4: build + simulate', noExpandMs.toFixed(2), '', `makespan ${(makespan / 1000).toFixed(1)} ms`]);

  let pieceCount = 0;
  const fullMs = time(() => {
    const t = detailedTimeline(params, model, 20);
    pieceCount = t.pieces.reduce((n, r) => n + r.compute.length + r.comm.length + r.pp.length, 0);
  });
  rows.push(['DualPipe P16 M64 L4: + pieces per stream', fullMs.toFixed(2), '', `${pieceCount} pieces`]);

  const schedule = buildSchedule(params);
  let sBest = 0;
  const schedSweepMs = time(() => {
    sBest = sweepSchedule(schedule, model).bestCommSms;
  }, 2000);
  rows.push(['DualPipe P16 M64 L4: SM sweep (131 sims)', schedSweepMs.toFixed(1), '', `best s = ${sBest}`]);

  printTable(rows);
}
