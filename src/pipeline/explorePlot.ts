/**
 * What the Explore page draws from a sweep's rows (docs/explore.md §4): each valid row a point —
 * x the most loaded rank's peak activation memory, y the makespan per micro-batch (makespan ÷ M:
 * configurations with different M do different amounts of work) or the makespan — the Pareto frontier of the
 * points shown (pareto.ts), the rows that do not run with their reasons, and the filters applied
 * (schedules hidden, frontier only, valid rows only). Axes are like for like: every schedule's
 * rows come from the same costs, per stage (docs/explore.md §4.2 says what that basis means).
 * PURE. Units: x in A (one micro-batch's activations through one model part, the schedule page's
 * unit); y in the costs' unit, cost units or, for µs costs, ms.
 *
 * With a model as the cost source (docs/explore.md §4.5) the axes are physical: x the most loaded
 * rank's peak memory (weights, gradients, optimizer state and activations) in GB = 10⁹ B, y the step
 * time (or step time ÷ M) in ms, or in s when the largest value is a second or more. A row that
 * runs but needs more than the GPU's HBM is drawn (past the HBM line) and listed with the rows
 * that do not run, but it is not on the frontier: the frontier is of configurations that fit.
 */
import type { ScheduleName } from '../engine/index.ts';
import type { ExploreInputs, YMetric } from './exploreInputs.ts';
import { paretoFront } from './pareto.ts';
import type { SweepRow } from './sweep.ts';

export interface PlotPoint {
  /** index of the row in the sweep (its combination's place) */
  index: number;
  row: SweepRow;
  /** peak activations of the most loaded rank, A (with a model: its peak memory, GB) */
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
  /** rows of shown schedules that do not run, then (with a model) those that run but do not fit, with why */
  invalid: SweepRow[];
  /** the rows the table and the CSV export hold, in combination order */
  rows: SweepRow[];
  x: AxisSpec;
  y: AxisSpec;
  /** makespan (the costs' unit) × factor = the y unit (µs → ms: 10⁻³) */
  yFactor: number;
  counts: { total: number; landed: number; valid: number; invalid: number; overHbm: number };
  /** with a model: the GPU's memory as a line on the x axis (GB) */
  hbm: { gb: number; label: string } | null;
}

/** The GPU a model-source sweep runs on, for the fit check and the HBM line. */
export interface PlotModel {
  hbmGB: number;
  gpuName: string;
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

export const MODEL_X_AXIS: AxisSpec = {
  title: 'peak memory of the most loaded rank (GB = 10⁹ B: weights, gradients, optimizer state, activations)',
  short: 'peak memory per rank (GB)',
  unit: 'GB',
};

/** The model's y axis: step time in ms, or s when the largest value (µs) is a second or more. */
export function modelYAxis(metric: YMetric, largestUs: number): AxisSpec & { factor: number } {
  const inS = largestUs >= 1e6;
  const unit = inS ? 's' : 'ms';
  const what = metric === 'makespan' ? 'step time' : 'step time ÷ M';
  return { title: `${what} (${unit})`, short: `${what} (${unit})`, unit, factor: inS ? 1e-6 : 1e-3 };
}

const gb = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

type Filters = Pick<ExploreInputs, 'hidden' | 'frontierOnly' | 'validOnly' | 'y'>;

export function explorePlot(
  rows: readonly (SweepRow | undefined)[],
  filters: Filters,
  costUnit: 'units' | 'us',
  model: PlotModel | null = null,
): ExplorePlot {
  const per = (row: SweepRow) => (filters.y === 'makespan' ? 1 : row.microbatches);
  let largest = 0;
  if (model) for (const row of rows) if (row?.makespan != null) largest = Math.max(largest, row.makespan / per(row));
  const y = model ? modelYAxis(filters.y, largest) : yAxis(filters.y, costUnit);
  const hbmBytes = model ? model.hbmGB * 1e9 : Infinity;
  const overHbm: SweepRow[] = [];
  const hidden = new Set<ScheduleName>(filters.hidden);
  const xs: number[] = [];
  const ys: number[] = [];
  const shownValid: number[] = [];
  const invalid: SweepRow[] = [];
  const table: SweepRow[] = [];
  let landed = 0;
  let valid = 0;
  rows.forEach((row, i) => {
    xs.push((model ? (row?.peakBytes ?? NaN) / 1e9 : row?.peakActivations) ?? NaN);
    ys.push(row?.makespan != null ? (row.makespan * y.factor) / per(row) : NaN);
    if (!row) return;
    landed++;
    if (row.valid) valid++;
    if (hidden.has(row.schedule)) return;
    if (row.valid) shownValid.push(i);
    else invalid.push(row);
    if (row.valid && (row.peakBytes ?? 0) > hbmBytes)
      overHbm.push({
        ...row,
        reason: `does not fit: ${gb((row.peakBytes ?? 0) / 1e9)} GB on the most loaded rank; the ${model!.gpuName} has ${model!.hbmGB} GB of HBM`,
      });
  });
  const fits = (i: number) => (rows[i]!.peakBytes ?? 0) <= hbmBytes;
  const front = paretoFront(xs, ys, model ? shownValid.filter(fits) : shownValid);
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
    invalid: [...invalid, ...overHbm],
    rows: table,
    x: model ? MODEL_X_AXIS : X_AXIS,
    y: { title: y.title, short: y.short, unit: y.unit },
    yFactor: y.factor,
    counts: { total: rows.length, landed, valid, invalid: landed - valid, overHbm: overHbm.length },
    hbm: model ? { gb: model.hbmGB, label: `${model.gpuName} HBM ${model.hbmGB} GB` } : null,
  };
}
