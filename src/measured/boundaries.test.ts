/**
 * src/measured is pure (docs/style.md B, docs/measured.md): it imports the engine's public surface,
 * the pure interop modules it shares a grammar or an error type with, and itself — never React,
 * zustand, d3, node: modules or DOM globals (tsconfig.engine.json typechecks it without the DOM
 * library too). Tests and test helpers are exempt. Files stay under the 300-line guideline.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('./', import.meta.url);
const FORBIDDEN_GLOBALS = /\b(window|document|navigator|localStorage|requestAnimationFrame|HTMLElement|DecompressionStream|Blob)\b/;
const ALLOWED = /^(\.\/[\w.]+\.ts|\.\.\/engine\/index\.ts|\.\.\/interop\/(errors|torchCsv)\.ts)$/;

describe('src/measured is pure', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  it.each(files)('%s', (file) => {
    const code = readFileSync(new URL(file, DIR), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    for (const m of code.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      expect(m[1] ?? m[2]).toMatch(ALLOWED);
    }
    expect(code.match(FORBIDDEN_GLOBALS)?.[0]).toBeUndefined();
    expect(readFileSync(new URL(file, DIR), 'utf8').split('\n').length).toBeLessThan(300);
  });
});
