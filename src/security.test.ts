/**
 * XSS, machine-checked at the source (docs/style.md I.1). Everything the app shows from a URL or a file
 * reaches the page as React text or attribute values, which React escapes. What would bypass
 * that — raw HTML sinks, string evaluation, `javascript:` URLs, `srcdoc` — is banned in app code
 * here, so a payload can only ever end up as text (e2e/xss.spec.ts checks it in chromium). The
 * exporters build SVG/XML strings; they escape through their own helpers, tested beside them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const SINKS: [string, RegExp][] = [
  ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/],
  ['innerHTML / outerHTML assignment', /\.(inner|outer)HTML\s*[+]?=/],
  ['insertAdjacentHTML', /insertAdjacentHTML/],
  ['document.write', /document\.write/],
  ['createContextualFragment', /createContextualFragment/],
  ['DOMParser into the page', /parseFromString\([^)]*['"]text\/html['"]/],
  ['eval', /(^|[^.\w])eval\s*\(/],
  ['new Function', /new\s+Function\s*\(/],
  ['string timer', /set(Timeout|Interval)\(\s*['"`]/],
  ['javascript: URL', /['"`]javascript:/i],
  ['srcdoc', /srcDoc|srcdoc/],
  ['d3 .html()', /\.html\(/],
];

describe('no raw-HTML or code-evaluation sinks in app code', () => {
  const files = sources(SRC);
  it('scans the whole of src/', () => {
    expect(files.length).toBeGreaterThan(100);
  });
  it.each(SINKS)('%s', (_name, pattern) => {
    const hits: string[] = [];
    for (const file of files) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
      code.split('\n').forEach((line, i) => {
        if (pattern.test(line)) hits.push(`${relative(SRC, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
