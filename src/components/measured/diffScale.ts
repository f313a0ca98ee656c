/**
 * The diverging colour scale of the measured page (simulated − measured, µs): ColorBrewer's RdBu
 * (d3-scale-chromatic), which stays readable under the common colour-vision deficiencies; blue =
 * the replay is shorter or earlier than the trace, red = longer or later, white-ish = the same.
 * The limit is the 95th percentile of |difference|, so one stalled op does not wash out the rest;
 * values past it take the end colours (the legend says "≤ −limit" and "≥ +limit"). Pure.
 */
import { color, interpolateRdBu } from 'd3';
import { textOn } from '../../render/palette.ts';

export interface DiffScale {
  /** µs at which the colours saturate (> 0) */
  limit: number;
  fill(v: number): string;
  /** label colour on that fill */
  text(v: number): string;
}

export function diffScale(values: readonly number[]): DiffScale {
  const abs = values.map(Math.abs).sort((a, b) => a - b);
  const p95 = abs.length ? abs[Math.min(abs.length - 1, Math.floor(0.95 * abs.length))] : 0;
  const limit = Math.max(1, p95);
  const fill = (v: number) => color(interpolateRdBu(0.5 - Math.max(-1, Math.min(1, v / limit)) / 2))!.formatHex();
  return { limit, fill, text: (v) => textOn(fill(v)) };
}
