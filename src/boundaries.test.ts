/**
 * Layering, machine-checked (docs/style.md B): src/engine, src/fp8 and src/model are pure — they import
 * only each other, never React, zustand, d3-selection (or d3 as a whole), node: modules, the DOM or
 * the app's other folders. tsconfig.engine.json (no DOM lib) backs this up in CI's typecheck.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const FORBIDDEN_GLOBALS = /\b(window|document|navigator|localStorage|requestAnimationFrame|HTMLElement)\b/;

describe('pure core boundaries', () => {
  for (const folder of ['engine', 'fp8', 'model']) {
    it(`src/${folder} imports only pure modules`, () => {
      const files = sources(join(SRC, folder));
      expect(files.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
        for (const m of code.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
          const spec = m[1] ?? m[2];
          const rel = relative(SRC, join(file, '..', spec));
          const inside = spec.startsWith('.') && (rel.startsWith('engine') || rel.startsWith('fp8') || rel.startsWith('model'));
          if (!inside) problems.push(`${relative(SRC, file)} imports "${spec}"`);
        }
        const g = code.match(FORBIDDEN_GLOBALS);
        if (g) problems.push(`${relative(SRC, file)} uses the DOM global "${g[1]}"`);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('pipeline boundaries', () => {
  // params → schedule → timeline → metrics → layout, and the export files: pure data in, data out,
  // so the page, a worker and tests run it alike (docs/style.md A)
  // store/modelInputs.ts: the Model panel's field rules, pure like params.ts (no zustand, no DOM)
  const ALLOWED = [
    'engine',
    'model',
    'render',
    'interop',
    'measured',
    'pipeline',
    'store/params.ts',
    'store/validate.ts',
    'store/modelInputs.ts',
    'store/stageTable.ts',
    'store/numberText.ts',
  ];
  it('src/pipeline imports only the pure folders and the store’s parameter rules', () => {
    const problems: string[] = [];
    for (const file of sources(join(SRC, 'pipeline'))) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      for (const m of code.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2];
        const rel = relative(SRC, join(file, '..', spec));
        const ok = spec === 'd3' || (spec.startsWith('.') && ALLOWED.some((a) => rel === a || rel.startsWith(`${a}/`)));
        if (!ok) problems.push(`${relative(SRC, file)} imports "${spec}"`);
      }
      const g = code.match(FORBIDDEN_GLOBALS);
      if (g) problems.push(`${relative(SRC, file)} uses the DOM global "${g[1]}"`);
    }
    expect(problems).toEqual([]);
  });
});
