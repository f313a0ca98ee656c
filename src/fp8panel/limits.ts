/**
 * Size limits of the in-browser panel. The core (src/fp8) accepts up to 2^28 elements; the panel
 * keeps the input, x̂, codes, a bin index per element and two transposed copies for the
 * re-quantization in one worker (about 23 bytes per element), so it stops at 2^25 elements
 * (e.g. 4096x8192, ≈ 0.75 GB). The CLI (`pipescope fp8`) takes the core's full range.
 */
import { MAX_ELEMENTS } from '../fp8/index.ts';

export const PANEL_MAX_ELEMENTS = 2 ** 25;
/** Largest side the shape field accepts before multiplying (keeps the product exact). */
const MAX_SIDE = 2 ** 26;

export function shapeLimitMessage(what: string, count: number, max = PANEL_MAX_ELEMENTS): string {
  const n = count >= 1e7 ? count.toExponential(2).replace('e+', 'e') : count.toLocaleString('en-US');
  return `${what} has ${n} elements, more than the panel's limit of ${max.toLocaleString('en-US')} (2^${Math.log2(max)}, e.g. 4096x8192)${max < MAX_ELEMENTS ? '; the CLI "pipescope fp8" takes up to 2^28' : ''}.`;
}

export type ShapeParse = { ok: true; shape: [number, number] } | { ok: false; message: string };

/** Parse "rows x cols" ("4096x4096", "128 × 256", "64,128"), with the panel's limits. */
export function parseShape(raw: string, max = PANEL_MAX_ELEMENTS): ShapeParse {
  const s = raw.trim();
  if (s === '') return { ok: false, message: 'Give a shape as rows x cols, e.g. 1024x1024.' };
  const m = /^(\S+?)\s*[x×X*,]\s*(\S+)$/.exec(s);
  if (!m) return { ok: false, message: `"${clip(s)}" is not a shape; write rows x cols, e.g. 1024x1024.` };
  const dims: number[] = [];
  for (const [name, t] of [
    ['rows', m[1]!],
    ['cols', m[2]!],
  ] as const) {
    const v = Number(t);
    if (!/^\d+$/.test(t) || !Number.isSafeInteger(v)) return { ok: false, message: `The ${name} "${clip(t)}" is not a whole number.` };
    dims.push(v);
  }
  const [r, c] = dims as [number, number];
  if (r === 0 && c === 0) return { ok: false, message: 'The shape 0x0 has no elements to quantize.' };
  if (r === 0 || c === 0) return { ok: false, message: `The shape ${r}x${c} has no elements; rows and cols must be at least 1.` };
  if (r > MAX_SIDE || c > MAX_SIDE || r * c > max) return { ok: false, message: shapeLimitMessage(`The shape ${r}x${c}`, r * c, max) };
  return { ok: true, shape: [r, c] };
}

function clip(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}
