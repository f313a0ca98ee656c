/**
 * How each schedule is drawn in the Explore scatter: a colour from the app's op palette
 * (render/palette.ts: Okabe & Ito's colour-blind-safe set, or the paper's) and a marker shape, so a
 * schedule is told apart by shape as well as colour. Fixed per schedule (its place in the engine's
 * list), so choosing other schedules never recolours one. Markers are SVG path data centred on
 * (x, y), about `r` px in radius.
 */
import { SCHEDULE_NAMES, type ScheduleName } from '../../engine/index.ts';
import type { Palette } from '../../render/palette.ts';

export type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'down';
const SHAPES: readonly Shape[] = ['circle', 'square', 'triangle', 'diamond', 'down'];

export interface Mark {
  colour: string;
  shape: Shape;
}

export function paletteColours(p: Palette): string[] {
  return [p.fill.F[0], p.fill.B[0], p.fill.I[0], p.fill.W[0], p.dispatch, p.pp, p.combine];
}

export function markOf(schedule: ScheduleName, p: Palette): Mark {
  const colours = paletteColours(p);
  const i = SCHEDULE_NAMES.indexOf(schedule);
  return { colour: colours[i % colours.length], shape: SHAPES[Math.floor(i / colours.length) % SHAPES.length] };
}

const f = (v: number) => Math.round(v * 10) / 10;

/** Path data of one marker at (x, y). */
export function markerPath(shape: Shape, x: number, y: number, r: number): string {
  switch (shape) {
    case 'square': {
      const s = r * 0.9;
      return `M${f(x - s)},${f(y - s)}h${f(2 * s)}v${f(2 * s)}h${f(-2 * s)}Z`;
    }
    case 'triangle':
      return `M${f(x)},${f(y - r * 1.15)}L${f(x + r * 1.1)},${f(y + r * 0.75)}L${f(x - r * 1.1)},${f(y + r * 0.75)}Z`;
    case 'down':
      return `M${f(x)},${f(y + r * 1.15)}L${f(x + r * 1.1)},${f(y - r * 0.75)}L${f(x - r * 1.1)},${f(y - r * 0.75)}Z`;
    case 'diamond':
      return `M${f(x)},${f(y - r * 1.25)}L${f(x + r * 1.1)},${f(y)}L${f(x)},${f(y + r * 1.25)}L${f(x - r * 1.1)},${f(y)}Z`;
    default:
      return `M${f(x - r)},${f(y)}a${r},${r} 0 1,0 ${f(2 * r)},0a${r},${r} 0 1,0 ${f(-2 * r)},0`;
  }
}
