/** What the Explore page draws (explorePlot.ts): points, the frontier, filters, axes and their units. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPLORE } from './exploreInputs.ts';
import { explorePlot } from './explorePlot.ts';
import { evaluatePoint, sweepPoints, uniformCosts, type SweepRow } from './sweep.ts';

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
    expect(plot.counts).toEqual({ total: rows.length, landed: rows.length, valid: valid.length, invalid: 1 });
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
