/**
 * The theme's colours as values (not CSS variables), so chart SVGs carry inline colours and an
 * exported SVG looks the same outside the page. Re-read when <html data-theme> changes.
 * Method colours: a fixed categorical list, indexed by the method's place in FP8_METHODS so a
 * method keeps its colour in every chart; chosen to read on both the light and dark panel.
 */
import { useEffect, useState } from 'react';
import { FP8_METHODS, type Fp8Method } from '../../fp8/index.ts';

export interface ChartColors {
  bg: string;
  fg: string;
  muted: string;
  grid: string;
  border: string;
  accent: string;
  error: string;
  warn: string;
  dark: boolean;
}

const VARS: Record<keyof Omit<ChartColors, 'dark'>, [string, string]> = {
  bg: ['--bg', '#ffffff'],
  fg: ['--fg', '#1f2937'],
  muted: ['--muted', '#6b7280'],
  grid: ['--grid', '#e5e7eb'],
  border: ['--border', '#e2e8f0'],
  accent: ['--accent', '#2563eb'],
  error: ['--error', '#b42318'],
  warn: ['--warn-border', '#f59e0b'],
};

function read(): ChartColors {
  const out = { dark: false } as ChartColors;
  const style = typeof document === 'undefined' ? null : getComputedStyle(document.documentElement);
  for (const [key, [name, fallback]] of Object.entries(VARS) as [keyof typeof VARS, [string, string]][]) {
    out[key] = style?.getPropertyValue(name).trim() || fallback;
  }
  out.dark = typeof document !== 'undefined' && document.documentElement.dataset.theme === 'dark';
  return out;
}

export function useColors(): ChartColors {
  const [colors, setColors] = useState(read);
  useEffect(() => {
    const mo = new MutationObserver(() => setColors(read()));
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    setColors(read());
    return () => mo.disconnect();
  }, []);
  return colors;
}

const METHOD_COLORS = ['#4e79a7', '#9c755f', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#f28e2b', '#bab0ac', '#ff9da7'];

export function methodColor(m: Fp8Method): string {
  return METHOD_COLORS[FP8_METHODS.indexOf(m) % METHOD_COLORS.length]!;
}
