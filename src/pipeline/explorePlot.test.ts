/** What the Explore page draws (explorePlot.ts): points, the frontier, filters, axes and their units. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPLORE } from './exploreInputs.ts';
import { explorePlot } from './explorePlot.ts';
import { modelArgsOf, setupInputs } from '../store/modelInputs.ts';
import { evaluatePoint, sweepPoints, uniformCosts, type SweepRow } from './sweep.ts';
import { modelSource } from './sweepModel.ts';

const rows: SweepRow[] = sweepPoints({
  schedules: ['1f1b', 'zb-h1', 'dualpipe'],
  ranks: [2, 4],
  microbatches: [4, 8],
  stagesPerRank: null,
  memLimit: null,
}).map((p) => evaluatePoint(p, uniformCosts({})));
const filters = { hidden: [], frontierOnly: false, validOnly: false, y: 'perMicrobatch' as const };

describe('explorePlot', () => {
  it('a point per valid row at (peak activations, makespan ÷ M); the rest as invalid rows', () => {
    const plot = explorePlot(rows, filters, 'units');
    const valid = rows.filter((r) => r.valid);
    expect(plot.points).toHaveLength(valid.length);
    expect(plot.invalid.map((r) => `${r.schedule}/${r.ranks}/${r.microbatches}`)).toEqual(['dualpipe/4/4']);
    for (const p of plot.points) {
      expect(p.x).toBe(p.row.peakActivations);
      expect(p.y).toBe(p.row.makespan! / p.row.microbatches);
    }
    expect(plot.counts).toEqual({ total: rows.length, landed: rows.length, valid: valid.length, invalid: 1, overHbm: 0 });
    expect(plot.y.title).toBe('time per micro-batch: makespan ÷ M (cost units)');
    expect(plot.x.unit).toBe('A');
  });

  it('the frontier: no shown point has both less memory and less time than a frontier point', () => {
    const plot = explorePlot(rows, filters, 'units');
    expect(plot.frontier.length).toBeGreaterThan(0);
    for (const f of plot.frontier) expect(plot.points.some((p) => p.x <= f.x && p.y <= f.y && (p.x < f.x || p.y < f.y))).toBe(false);
    expect(plot.points.filter((p) => p.onFrontier)).toHaveLength(plot.frontier.length);
  });

  it('makespan on the y axis, in ms for µs costs', () => {
    const plot = explorePlot(rows, { ...filters, y: 'makespan' }, 'us');
    expect(plot.points[0].y).toBe(plot.points[0].row.makespan! / 1000);
    expect(plot.y.title).toBe('step time: makespan (ms)');
  });

  it('filters: hidden schedules leave points, frontier and table; frontier only; valid only', () => {
    const hidden = explorePlot(rows, { ...filters, hidden: ['zb-h1'] }, 'units');
    expect(hidden.points.some((p) => p.row.schedule === 'zb-h1')).toBe(false);
    expect(hidden.rows.some((r) => r.schedule === 'zb-h1')).toBe(false);
    const front = explorePlot(rows, { ...filters, frontierOnly: true }, 'units');
    expect(front.points).toEqual(front.frontier);
    expect(front.rows).toHaveLength(front.frontier.length);
    const valid = explorePlot(rows, { ...filters, validOnly: true }, 'units');
    expect(valid.rows.every((r) => r.valid)).toBe(true);
    expect(explorePlot(rows, filters, 'units').rows).toHaveLength(rows.length);
  });

  it('rows still streaming in are left out', () => {
    const partial = rows.map((r, i) => (i % 2 ? undefined : r));
    const plot = explorePlot(partial, filters, 'units');
    expect(plot.counts.landed).toBe(Math.ceil(rows.length / 2));
    expect(plot.points.every((p) => p.index % 2 === 0)).toBe(true);
    expect(DEFAULT_EXPLORE.y).toBe('perMicrobatch');
  });
});

describe('explorePlot with a model (GB against ms or s, the HBM line, rows that do not fit)', () => {
  // Llama 3.1 8B on H100 at its setup's sizes, P = 2 and 4: every row runs
  const source = modelSource({ args: modelArgsOf(setupInputs('llama3.1-8b-64-h100')), hardware: 'h100', mfu: 0.4 });
  const modelRows = sweepPoints({
    schedules: ['1f1b', 'zb-v'],
    ranks: [2, 4],
    microbatches: [4, 8],
    stagesPerRank: null,
    memLimit: null,
  }).map((p) => evaluatePoint(p, source));
  const h100 = { hbmGB: 80, gpuName: 'H100' };

  it('x is the peak memory per rank in GB, y the step time (÷ M) in ms below a second', () => {
    expect(modelRows.every((r) => r.valid)).toBe(true);
    const plot = explorePlot(modelRows, filters, 'us', h100);
    expect(plot.x.unit).toBe('GB');
    for (const p of plot.points) {
      expect(p.x).toBeCloseTo(p.row.peakBytes! / 1e9, 9);
      expect(p.y).toBeCloseTo(p.row.stepTimeMs! / p.row.microbatches, 9);
    }
    expect(plot.y).toEqual({ title: 'step time ÷ M (ms)', short: 'step time ÷ M (ms)', unit: 'ms' });
    expect(plot.hbm).toEqual({ gb: 80, label: 'H100 HBM 80 GB' });
  });

  it('seconds when the largest value is a second or more; the y factor follows', () => {
    const slow = modelRows.map((r) => ({ ...r, makespan: r.makespan! * 1000 }));
    const plot = explorePlot(slow, { ...filters, y: 'makespan' }, 'us', h100);
    expect(plot.y.unit).toBe('s');
    expect(plot.yFactor).toBe(1e-6);
    expect(plot.points[0].y).toBeCloseTo(slow[0].makespan! / 1e6, 12);
  });

  it('a row over the HBM is drawn, listed with why, and left off the frontier', () => {
    const gb = modelRows.map((r) => r.peakBytes! / 1e9).sort((a, b) => a - b);
    const hbmGB = (gb[0] + gb[gb.length - 1]) / 2;
    const plot = explorePlot(modelRows, filters, 'us', { hbmGB, gpuName: 'small GPU' });
    const over = modelRows.filter((r) => r.peakBytes! > hbmGB * 1e9);
    expect(over.length).toBeGreaterThan(0);
    expect(plot.points).toHaveLength(modelRows.length);
    expect(plot.counts.overHbm).toBe(over.length);
    expect(plot.invalid).toHaveLength(over.length);
    expect(plot.invalid[0].reason).toMatch(/^does not fit: \d+\.\d GB on the most loaded rank; the small GPU has [\d.]+ GB of HBM$/);
    expect(plot.frontier.length).toBeGreaterThan(0);
    for (const f of plot.frontier) expect(f.x).toBeLessThanOrEqual(hbmGB);
  });
});
