/**
 * Time ↔ px for one visible window (perfetto's TimeScale): an immutable mapper, rebuilt when the
 * window or the width changes, shared by every chart, the axis, the pointer and the exports. Also
 * the horizontal gutters every chart shares and the display units: cost units as given, µs of
 * the detailed mode shown as ms. d3-scale does the tick math.
 */
import { scaleLinear } from 'd3';

/** px left of the plot (rank labels) and right of it (per-rank bubble values). */
export const GUTTER = { left: 64, right: 64 } as const;

export class TimeScale {
  /** the visible window, timeline units (end > start) */
  readonly start: number;
  readonly end: number;
  /** the plot's px range the window fills */
  readonly left: number;
  readonly right: number;
  /** px per timeline unit */
  readonly k: number;

  constructor(start: number, end: number, left: number, right: number) {
    this.start = start;
    this.end = end > start ? end : start + 1;
    this.left = left;
    this.right = right > left ? right : left + 1;
    this.k = (this.right - this.left) / (this.end - this.start);
  }

  /** plot width, px */
  get width(): number {
    return this.right - this.left;
  }

  /** timeline units per px */
  get unitsPerPx(): number {
    return 1 / this.k;
  }

  px(t: number): number {
    return this.left + (t - this.start) * this.k;
  }

  time(px: number): number {
    return this.start + (px - this.left) / this.k;
  }

  /**
   * x in px clamped to 2 px beyond the plot range: shapes that run out of the window end just past
   * its edge (under the clip) instead of at coordinates a million px away.
   */
  clampedPx(t: number): number {
    const v = this.left + (t - this.start) * this.k;
    return v < this.left - 2 ? this.left - 2 : v > this.right + 2 ? this.right + 2 : v;
  }

  /** px clamped to the plot range itself (outlines, anchors) */
  insidePx(t: number): number {
    return Math.max(this.left, Math.min(this.right, this.px(t)));
  }

  /** whether the px column range [a, b] meets the plot */
  overlaps(a: number, b: number): boolean {
    return Math.max(a, b) >= this.left && Math.min(a, b) <= this.right;
  }
}

/** The window [t0, t1] over a chart `width` px wide, between the gutters. */
export function timeScale(domain: readonly [number, number], width: number): TimeScale {
  return new TimeScale(domain[0], domain[1], GUTTER.left, Math.max(GUTTER.left + 1, width - GUTTER.right));
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
  const display = scaleLinear()
    .domain([x.start * units.factor, x.end * units.factor])
    .range([x.left, x.right]);
  const count = Math.max(2, Math.floor(x.width / 90));
  const f = display.tickFormat(count);
  return display.ticks(count).map((v) => ({ value: v / units.factor, px: display(v), label: f(v) }));
}
