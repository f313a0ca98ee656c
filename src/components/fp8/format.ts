/** Number formats of the FP8 panel (d3-format), shared by the table and the charts. */
import { format } from 'd3';

const sig3 = format('.3~g');
const pct3 = format('.3~%');

/** A fraction as a percentage: 0 stays "0", tiny values in exponent form. */
export function pct(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  if (Math.abs(x) < 1e-5) return `${(x * 100).toExponential(1)}%`;
  return pct3(x);
}

/** The number of percent without the sign (table cells under a "… %" header). */
export function pctNum(x: number): string {
  const s = pct(x);
  return s.endsWith('%') ? s.slice(0, -1) : s;
}

export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (x !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2).replace('e+', 'e');
  if (a >= 1000) return String(Math.round(x));
  return sig3(x);
}

export function db(x: number): string {
  return Number.isFinite(x) ? x.toFixed(1) : x > 0 ? '∞' : String(x);
}

const SUP: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** 2^k as a label: plain numbers near 1, "2⁻¹⁰" otherwise. */
export function pow2Label(k: number): string {
  if (k >= -2 && k <= 6) return String(2 ** k);
  return `2${String(k).replace(/./g, (c) => SUP[c] ?? c)}`;
}

export function ms(t: number): string {
  return t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${Math.round(t)} ms`;
}

export function shapeLabel([r, c]: readonly [number, number]): string {
  return `${r}×${c}`;
}
