/**
 * What the Explore page draws from a sweep's rows (docs/explore.md §4): each valid row a point —
 * x the most loaded rank's peak activation memory, y the makespan per micro-batch (makespan ÷ M:
 * configurations with different M do different amounts of work) or the makespan — the Pareto frontier of the
 * points shown (pareto.ts), the rows that do not run with their reasons, and the filters applied
 * (schedules hidden, frontier only, valid rows only). Axes are like for like: every schedule's
 * rows come from the same costs, per stage (docs/explore.md §4.2 says what that basis means).
 * PURE. Units: x in A (one micro-batch's activations through one model part, the schedule page's
 * unit); y in the costs' unit, cost units or, for µs costs, ms.
 */
import type { ScheduleName } from '../engine/index.ts';
import type { ExploreInputs, YMetric } from './exploreInputs.ts';
import { paretoFront } from './pareto.ts';
import type { SweepRow } from './sweep.ts';

export interface PlotPoint {
  /** index of the row in the sweep (its combination's place) */
  index: number;
  row: SweepRow;
  /** peak activations of the most loaded rank, A */
  x: number;
  /** makespan (per micro-batch, or of the step) in the axis unit */
  y: number;
  onFrontier: boolean;
}

export interface AxisSpec {
  /** the axis title, unit included */
  title: string;
  /** the same, short, where the long one does not fit */
  short: string;
  /** the unit alone, for values */
  unit: string;
}

export interface ExplorePlot {
  /** points drawn (valid rows of shown schedules; only the frontier's with frontierOnly) */
  points: PlotPoint[];
  /** the frontier of the shown schedules' points, by increasing memory */
  frontier: PlotPoint[];
  /** rows of shown schedules that do not run */
  invalid: SweepRow[];
  /** the rows the table and the CSV export hold, in combination order */
  rows: SweepRow[];
  x: AxisSpec;
  y: AxisSpec;
  /** makespan (the costs' unit) × factor = the y unit (µs → ms: 10⁻³) */
  yFactor: number;
  counts: { total: number; landed: number; valid: number; invalid: number };
}

export const X_AXIS: AxisSpec = {
  title: 'peak activations of the most loaded rank (A = one micro-batch through one model part)',
  short: 'peak activations, most loaded rank (A)',
  unit: 'A',
};

export function yAxis(metric: YMetric, costUnit: 'units' | 'us'): AxisSpec & { factor: number } {
  const unit = costUnit === 'us' ? 'ms' : 'cost units';
  const what = metric === 'makespan' ? 'step time: makespan' : 'time per micro-batch: makespan ÷ M';
  const short = metric === 'makespan' ? 'makespan' : 'makespan ÷ M';
  return { title: `${what} (${unit})`, short: `${short} (${unit})`, unit, factor: costUnit === 'us' ? 1e-3 : 1 };
}

type Filters = Pick<ExploreInputs, 'hidden' | 'frontierOnly' | 'validOnly' | 'y'>;

export function explorePlot(rows: readonly (SweepRow | undefined)[], filters: Filters, costUnit: 'units' | 'us'): ExplorePlot {
  const y = yAxis(filters.y, costUnit);
  const per = (row: SweepRow) => (filters.y === 'makespan' ? 1 : row.microbatches);
  const hidden = new Set<ScheduleName>(filters.hidden);
  const xs: number[] = [];
  const ys: number[] = [];
  const shownValid: number[] = [];
  const invalid: SweepRow[] = [];
  const table: SweepRow[] = [];
  let landed = 0;
  let valid = 0;
  rows.forEach((row, i) => {
    xs.push(row?.peakActivations ?? NaN);
    ys.push(row?.makespan != null ? (row.makespan * y.factor) / per(row) : NaN);
    if (!row) return;
    landed++;
    if (row.valid) valid++;
    if (hidden.has(row.schedule)) return;
    if (row.valid) shownValid.push(i);
    else invalid.push(row);
  });
  const front = paretoFront(xs, ys, shownValid);
  const onFront = new Set(front);
  const point = (i: number): PlotPoint => ({ index: i, row: rows[i]!, x: xs[i], y: ys[i], onFrontier: onFront.has(i) });
  const frontier = front.map(point);
  const points = filters.frontierOnly ? frontier : shownValid.map(point);
  rows.forEach((row, i) => {
    if (!row || hidden.has(row.schedule)) return;
    if (row.valid ? !filters.frontierOnly || onFront.has(i) : !filters.validOnly && !filters.frontierOnly) table.push(row);
  });
  return {
    points,
    frontier,
    invalid,
    rows: table,
    x: X_AXIS,
    y: { title: y.title, short: y.short, unit: y.unit },
    yFactor: y.factor,
    counts: { total: rows.length, landed, valid, invalid: landed - valid },
  };
}
