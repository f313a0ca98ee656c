/**
 * Time ↔ px for one visible window (perfetto's TimeScale, rebuilt when the window changes):
 * d3-scale does the math. Also the horizontal gutters every chart shares and the display units:
 * cost units as given, µs of the detailed mode shown as ms.
 */
import { scaleLinear, type ScaleLinear } from 'd3';

/** px left of the plot (rank labels) and right of it (per-rank bubble values). */
export const GUTTER = { left: 64, right: 64 } as const;

export type TimeScale = ScaleLinear<number, number>;

export function timeScale(domain: readonly [number, number], width: number): TimeScale {
  return scaleLinear()
    .domain([domain[0], domain[1] > domain[0] ? domain[1] : domain[0] + 1])
    .range([GUTTER.left, Math.max(GUTTER.left + 1, width - GUTTER.right)]);
}

/**
 * x in px clamped to 2 px beyond the plot range: shapes that run out of the window end just past
 * its edge (under the clip) instead of at coordinates a million px away.
 */
export function clampedPx(x: TimeScale): (t: number) => number {
  const [left, right] = x.range();
  return (t) => Math.max(left - 2, Math.min(right + 2, x(t)));
}

export interface Units {
  /** axis title */
  title: string;
  /** unit suffix for values, '' for cost units */
  suffix: string;
  /** display value = timeline value × factor */
  factor: number;
}

export const COST_UNITS: Units = { title: 'time (cost units)', suffix: '', factor: 1 };
export const MICROSECONDS_AS_MS: Units = { title: 'time (ms)', suffix: ' ms', factor: 1e-3 };

/** A time or duration for text (tooltips, metrics): 4 significant digits, units attached. */
export function formatTime(t: number, units: Units): string {
  const v = t * units.factor;
  const text = Math.abs(v) >= 1e4 ? String(Math.round(v)) : String(Number(v.toPrecision(4)));
  return `${text}${units.suffix}`;
}

export interface Tick {
  value: number;
  px: number;
  label: string;
}

/** Axis ticks of a window, about one per 90 px, labelled in display units. */
export function axisTicks(x: TimeScale, units: Units): Tick[] {
  const [r0, r1] = x.range();
  const display = scaleLinear()
    .domain(x.domain().map((d) => d * units.factor))
    .range([r0, r1]);
  const count = Math.max(2, Math.floor((r1 - r0) / 90));
  const f = display.tickFormat(count);
  return display.ticks(count).map((v) => ({ value: v / units.factor, px: display(v), label: f(v) }));
}
