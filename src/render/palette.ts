/**
 * Colours, for both views and both themes. Two op palettes:
 * - `cb`: Okabe & Ito's colour-blind-safe set (distinguishable under protan/deutan/tritan);
 * - `paper`: DeepSeek-V3 Figure 4 / the DualPipe README figure: orange forward, green backward
 *   for input, blue backward for weights, purple PP communication.
 * DualPipe's reverse direction (stages P..2P-1) is the same hue mixed 42% toward the background,
 * so the two directions differ in lightness, which survives every colour-vision deficiency.
 * Label text on a fill is black or white, whichever contrasts more.
 */
import type { PieceName } from '../engine/overlap/index.ts';

export type PaletteName = 'cb' | 'paper';
export type ThemeName = 'light' | 'dark';
export type SimpleKindName = 'F' | 'B' | 'I' | 'W';

export interface Palette {
  name: PaletteName;
  theme: ThemeName;
  /** op fill per kind: [direction 0, direction 1] */
  fill: Record<SimpleKindName, [string, string]>;
  /** label colour on that fill */
  text: Record<SimpleKindName, [string, string]>;
  dispatch: string;
  combine: string;
  pp: string;
  /** outline of an overlapped F&B pair (the figure's shared black border) */
  pairBorder: string;
  bubble: string;
  bubbleStroke: string;
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  /** background of a row of the activation strip (the stylesheet's --panel) */
  rowBackground: string;
  highlight: string;
  /** what is past a limit: the memory limit's marks (the stylesheet's --error) */
  error: string;
  /** alpha for ops outside a highlighted micro-batch */
  dim: number;
}

const BASE: Record<PaletteName, { F: string; B: string; I: string; W: string; dispatch: string; combine: string; pp: string }> = {
  cb: { F: '#56B4E9', B: '#E69F00', I: '#D55E00', W: '#009E73', dispatch: '#CC79A7', combine: '#F0E442', pp: '#0072B2' },
  paper: { F: '#F4A259', B: '#5E9E45', I: '#93C47D', W: '#6FA8DC', dispatch: '#C9B8E8', combine: '#A48FD6', pp: '#7E57C2' },
};

/** Must match the stylesheet's --bg, --panel, --fg, --muted, --grid, --error: opaque canvases and the exported figure paint their own. */
const THEME: Record<
  ThemeName,
  {
    background: string;
    rowBackground: string;
    foreground: string;
    muted: string;
    grid: string;
    pairBorder: string;
    highlight: string;
    error: string;
  }
> = {
  light: {
    background: '#ffffff',
    rowBackground: '#f8fafc',
    foreground: '#1f2937',
    muted: '#6b7280',
    grid: '#e5e7eb',
    pairBorder: '#111827',
    highlight: '#111827',
    error: '#b42318',
  },
  dark: {
    background: '#0f172a',
    rowBackground: '#111c33',
    foreground: '#e5e7eb',
    muted: '#94a3b8',
    grid: '#1f2a3d',
    pairBorder: '#f8fafc',
    highlight: '#f8fafc',
    error: '#fda29b',
  },
};

function rgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

function hex(c: [number, number, number]): string {
  return `#${c
    .map((v) =>
      Math.round(Math.max(0, Math.min(255, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

export function mix(a: string, b: string, t: number): string {
  const x = rgb(a);
  const y = rgb(b);
  return hex([x[0] + (y[0] - x[0]) * t, x[1] + (y[1] - x[1]) * t, x[2] + (y[2] - x[2]) * t]);
}

/** WCAG relative luminance. */
export function luminance(color: string): number {
  const [r, g, b] = rgb(color).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white text, whichever has the higher contrast ratio on `fill`. */
export function textOn(fill: string): string {
  const l = luminance(fill);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#111111' : '#ffffff';
}

const cache = new Map<string, Palette>();

export function getPalette(name: PaletteName, theme: ThemeName): Palette {
  const key = `${name}/${theme}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const b = BASE[name];
  const t = THEME[theme];
  const pair = (c: string): [string, string] => [c, mix(c, t.background, 0.42)];
  const fill = { F: pair(b.F), B: pair(b.B), I: pair(b.I), W: pair(b.W) };
  const text = Object.fromEntries(Object.entries(fill).map(([k, v]) => [k, [textOn(v[0]), textOn(v[1])]])) as Palette['text'];
  const p: Palette = {
    name,
    theme,
    fill,
    text,
    dispatch: b.dispatch,
    combine: b.combine,
    pp: b.pp,
    pairBorder: t.pairBorder,
    bubble: theme === 'light' ? 'rgba(107, 114, 128, 0.16)' : 'rgba(148, 163, 184, 0.16)',
    bubbleStroke: theme === 'light' ? 'rgba(107, 114, 128, 0.45)' : 'rgba(148, 163, 184, 0.4)',
    background: t.background,
    foreground: t.foreground,
    muted: t.muted,
    grid: t.grid,
    rowBackground: t.rowBackground,
    highlight: t.highlight,
    error: t.error,
    dim: 0.22,
  };
  cache.set(key, p);
  return p;
}

/** Fill of a detailed-mode piece: compute pieces take their pass's op colour (mlp darker). */
export function pieceFill(p: Palette, piece: PieceName, dir: 0 | 1): string {
  if (piece.startsWith('dispatch')) return p.dispatch;
  if (piece.startsWith('combine')) return p.combine;
  if (piece.startsWith('send')) return p.pp;
  const phase = piece.charAt(piece.length - 2);
  const base = p.fill[phase === 'F' ? 'F' : phase === 'W' ? 'W' : 'I'][dir];
  return piece.startsWith('mlp') ? mix(base, '#000000', 0.18) : base;
}
