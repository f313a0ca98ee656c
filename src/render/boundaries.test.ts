/**
 * Layering of the app folders (docs/style.md A, B): render/ is pure — it imports the engine, d3's
 * DOM-free modules and itself, never the store, hooks, components, React or zustand; store/
 * is pure too (vanilla zustand; no React, d3, views or DOM globals), so URLs and validation run
 * in Node.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function imports(folder: string): [string, string][] {
  const dir = join(SRC, folder);
  return readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .flatMap((f) => {
      const code = readFileSync(join(dir, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      return [...code.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m): [string, string] => [f, m[1]]);
    });
}

describe('app layering', () => {
  it('render/ imports only the engine, d3 and itself', () => {
    const bad = imports('render').filter(([, spec]) => !(spec === 'd3' || spec.startsWith('./') || spec.startsWith('../engine/')));
    expect(bad).toEqual([]);
  });
  it('store/ imports no React, DOM or view code', () => {
    const bad = imports('store').filter(([, spec]) =>
      /^(react|react-dom|d3|zustand)$|^react\/|\.\.\/(components|hooks|render)\//.test(spec),
    );
    expect(bad).toEqual([]);
    for (const f of readdirSync(join(SRC, 'store')).filter((n) => !n.includes('.test.'))) {
      const code = readFileSync(join(SRC, 'store', f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      expect(code).not.toMatch(/\b(window|document|localStorage)\./);
    }
  });
  it('d3 selection is used only by the zoom binding', () => {
    const users = ['hooks', 'components', 'render'].flatMap((d) =>
      readdirSync(join(SRC, d))
        .filter(
          (f) =>
            /\.tsx?$/.test(f) &&
            !f.includes('.test.') &&
            statSync(join(SRC, d, f)).isFile() &&
            /\bselect\(/.test(readFileSync(join(SRC, d, f), 'utf8')),
        )
        .map((f) => `${d}/${f}`),
    );
    expect(users).toEqual(['hooks/useZoom.ts']);
  });
});
