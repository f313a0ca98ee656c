/**
 * src/interop runs in the browser and in Node (docs/style.md B): its modules import only the engine,
 * the shared pure layout and chart geometry (render/), each other and d3's math modules (through 'd3'), never React, zustand,
 * d3-selection, node: modules or DOM globals. Tests and test helpers are exempt.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('./', import.meta.url);
const FORBIDDEN_GLOBALS =
  /\b(window|document|navigator|localStorage|requestAnimationFrame|HTMLElement|XMLSerializer|DOMParser|Blob|Image)\b/;
// render/'s pure modules (the shared layout and chart geometry); not the browser-only PNG rasteriser
const ALLOWED = /^(\.\/[\w.]+\.ts|\.\.\/engine\/[\w/]+\.ts|\.\.\/render\/(?!pngExport)\w+\.ts|d3)$/;

describe('src/interop is pure', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  it.each(files)('%s', (file) => {
    const code = readFileSync(new URL(file, DIR), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    for (const m of code.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      expect(m[1] ?? m[2]).toMatch(ALLOWED);
    }
    expect(code.match(FORBIDDEN_GLOBALS)?.[0]).toBeUndefined();
    expect(code.split('\n').length).toBeLessThan(300);
  });
});
