/**
 * The sweep core is shared by the CLI (Node, worker threads) and the Explore page's web workers, so
 * it stays pure: its modules import only the engine, the model planner and each other — no React,
 * zustand, d3, DOM globals or node: modules. The exceptions are store/modelInputs.ts, the Model
 * panel's field rules and setups (pure itself: src/boundaries.test.ts), which the Explore inputs
 * reuse for a model as the cost source rather than restating them, and store/numberText.ts, the
 * one rule for what typed text is a number (it imports nothing).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const PURE = readdirSync(DIR).filter((f) => /^(sweep|explore|pareto)\w*\.ts$/.test(f) && !f.includes('.test.'));

describe('sweep core boundaries', () => {
  it('imports only the engine, the model planner and itself; no DOM globals', () => {
    expect(PURE).toEqual(
      expect.arrayContaining([
        'sweep.ts',
        'sweepLists.ts',
        'sweepModel.ts',
        'sweepTable.ts',
        'pareto.ts',
        'exploreInputs.ts',
        'explorePlot.ts',
      ]),
    );
    const problems: string[] = [];
    for (const f of PURE) {
      const code = readFileSync(join(DIR, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      for (const m of code.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2];
        if (!/^\.\/(sweep|explore|pareto)\w*\.ts$|^\.\.\/(engine|model)\/|^\.\.\/store\/(modelInputs|numberText)\.ts$/.test(spec))
          problems.push(`${f} imports ${spec}`);
      }
      const g = code.match(/\b(window|document|navigator|localStorage|requestAnimationFrame|process)\b/);
      if (g) problems.push(`${f} uses ${g[1]}`);
    }
    expect(problems).toEqual([]);
  });
});
