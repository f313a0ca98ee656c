/**
 * src/fp8panel is the panel's pure side: everything but the worker entry (worker.ts) and the
 * page-side client (client.ts) runs unchanged in Node and in the worker, so it must not touch the
 * DOM, React or the store. (d3 is allowed: scaleGrid.ts uses its viridis ramp.)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const FORBIDDEN =
  /\b(window|document|navigator|localStorage|requestAnimationFrame|HTMLElement)\b|from ['"](react|react-dom|zustand)|\.\.\/(store|components|hooks)\//;

describe('src/fp8panel boundaries', () => {
  it('pure modules use no DOM, React or store', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'worker.ts' && f !== 'client.ts');
    expect(files.length).toBeGreaterThan(8);
    const problems = files.flatMap((f) => {
      const code = readFileSync(DIR + f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      const m = code.match(FORBIDDEN);
      return m ? [`${f}: ${m[0]}`] : [];
    });
    expect(problems).toEqual([]);
  });
});
