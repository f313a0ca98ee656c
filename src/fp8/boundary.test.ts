/**
 * The FP8 core must run in a browser web worker: no DOM, React, d3, zustand, window/document or
 * node: imports in its non-test sources (docs/style.md B: boundary test).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('./', import.meta.url));
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('src/fp8 is pure', () => {
  it.each(sources)('%s', (file) => {
    const text = readFileSync(dir + file, 'utf8');
    const imports = [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(/^\.\/[a-zA-Z0-9]+\.ts$/);
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/\b(window|document|globalThis\.process|require\s*\()\b/);
    expect(text.split('\n').length).toBeLessThan(300);
  });
});
