/**
 * Time ↔ px for one visible window (perfetto's TimeScale): an immutable mapper, rebuilt when the
 * window or the width changes, shared by every chart, the axis, the pointer and the exports. Also
 * the horizontal gutters every chart shares and the display units: cost units as given, µs (the
 * detailed mode, or costs entered in µs) shown as ms, and as seconds from 10⁴ ms on. Numbers carry
 * thousands separators. d3-scale does the tick math.
 */
import { format, scaleLinear } from 'd3';

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
  /** the unit's short name (axis corner): 'cost units', 'ms', 's' */
  short: string;
  /** unit suffix for values, '' for cost units */
  suffix: string;
  /** display value = timeline value × factor */
  factor: number;
  /** the unit values at or past 10⁴ of this one read in (ms → s) */
  large?: Units;
}

export const COST_UNITS: Units = { title: 'time (cost units)', short: 'cost units', suffix: '', factor: 1 };
export const MICROSECONDS_AS_S: Units = { title: 'time (s)', short: 's', suffix: ' s', factor: 1e-6 };
export const MICROSECONDS_AS_MS: Units = { title: 'time (ms)', short: 'ms', suffix: ' ms', factor: 1e-3, large: MICROSECONDS_AS_S };

/** Past this many display units a value reads in the larger unit (10⁴ ms → 10 s). */
const LARGE = 1e4;
const SIGNIFICANT = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const SI = format('.3~s');

/** A time or duration for text (tooltips, metrics): 4 significant digits, separators, units attached. */
export function formatTime(t: number, units: Units): string {
  const v = t * units.factor;
  if (units.large && Math.abs(v) >= LARGE) return formatTime(t, units.large);
  // -0 would print as "-0"
  const text = v === 0 ? '0' : Math.abs(v) >= LARGE ? WHOLE.format(v) : SIGNIFICANT.format(v);
  return `${text}${units.suffix}`;
}

/**
 * A value for the chart's narrow gutters (GUTTER px, 10 px type): as formatTime while the number
 * takes at most 7 characters, then SI-prefixed (2,613,149 → 2.61M) so it never runs out of the gutter.
 */
export function formatCompact(t: number, units: Units): string {
  const text = formatTime(t, units);
  const u = units.large && Math.abs(t * units.factor) >= LARGE ? units.large : units;
  if (text.length - u.suffix.length <= 7) return text;
  return `${SI(t * u.factor)}${u.suffix}`;
}

/** The axis unit of a window: the larger unit once the window reaches past 10⁴ display units. */
export function axisUnits(x: TimeScale, units: Units): Units {
  const far = Math.max(Math.abs(x.start), Math.abs(x.end)) * units.factor;
  return units.large && far >= LARGE ? units.large : units;
}

export interface Tick {
  value: number;
  px: number;
  label: string;
}

/** Axis ticks of a window, about one per 90 px, labelled in display units (axisUnits). */
export function axisTicks(x: TimeScale, shown: Units): Tick[] {
  const units = axisUnits(x, shown);
  const display = scaleLinear()
    .domain([x.start * units.factor, x.end * units.factor])
    .range([x.left, x.right]);
  const count = Math.max(2, Math.floor(x.width / 90));
  const ticks = display.ticks(count);
  let f = display.tickFormat(count);
  // labels longer than a tick's ~90 px would run into each other: 2,500,000 → 2.5M
  if (ticks.some((v) => f(v).length > 7)) f = format('~s');
  return ticks.map((v) => ({ value: v / units.factor, px: display(v), label: f(v) }));
}
