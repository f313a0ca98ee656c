/**
 * Vite plugin for hosting the production build as plain static files, anywhere and under any
 * sub-path (`npm run build -- --base=/pipescope/`):
 *
 * - A Content-Security-Policy `<meta>` that allows nothing outside the page's own origin. Build
 *   only: the dev server injects inline preamble scripts (React refresh) that `script-src 'self'`
 *   would block. Styles keep `'unsafe-inline'` for element style attributes and injected test
 *   styles; scripts get no inline allowance at all. `data:`/`blob:` images are the PNG export
 *   (SVG → Image → canvas); `blob:` workers and downloads are same-document objects, not hosts.
 *   `frame-ancestors` and `report-uri` are ignored in a `<meta>` policy, so they are not listed.
 * - `404.html`, a byte copy of `index.html`: static hosts (GitHub Pages, Netlify, S3 website
 *   mode…) answer an unknown path with it, so a deep link such as `/pipescope/x?schedule=zb-v`
 *   boots the app with its query string; the app then puts the path back to the base
 *   (src/app/basePath.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** The policy, one directive per entry (joined with "; "). Exported for the e2e check. */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
];

export const CSP = CSP_DIRECTIVES.join('; ');

export function staticHosting(): Plugin {
  return {
    name: 'pipescope:static-hosting',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // right after <meta charset>, before any script or stylesheet the policy must cover
      handler: (html) => {
        const meta = `<meta http-equiv="Content-Security-Policy" content="${CSP}" />`;
        const charset = /<meta charset="[^"]*"\s*\/?>/i;
        if (!charset.test(html)) throw new Error('index.html has no <meta charset>; the CSP meta goes right after it');
        return html.replace(charset, (m) => `${m}\n    ${meta}`);
      },
    },
    writeBundle(options) {
      const dir = options.dir ?? 'dist';
      const index = join(dir, 'index.html');
      writeFileSync(join(dir, '404.html'), readFileSync(index));
    },
  };
}
