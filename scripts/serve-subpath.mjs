#!/usr/bin/env node
/**
 * A tiny static file server that behaves like a project-page host (GitHub Pages at
 * https://owner.github.io/<repo>/): the build is served only under a sub-path, an unknown path
 * under it is answered with 404.html and status 404, and nothing is served outside it. The one
 * exception is `/` (with any query), redirected to the sub-path with the query kept, so e2e specs
 * that open `/?schedule=…` run unchanged against the sub-path build (playwright.subpath.config.ts).
 * Any asset the app requests by an absolute path that ignores the base gets a 404 — which the
 * e2e fixture reports as a console error, so such a regression fails the suite.
 *
 * Usage: node scripts/serve-subpath.mjs [--dir dist-subpath] [--base /pipescope/] [--port 4174] [--host 127.0.0.1]
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist-subpath' },
    base: { type: 'string', default: '/pipescope/' },
    port: { type: 'string', default: '4174' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const root = resolve(values.dir);
const base = `/${values.base.replace(/^\/+|\/+$/g, '')}/`;
if (!existsSync(join(root, 'index.html'))) {
  console.error(`serve-subpath: ${root}/index.html not found; build first (vite build --base=${base} --outDir ${values.dir})`);
  process.exit(1);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The file under root for a URL path below the base, or null (outside root, missing, or a directory without index.html). */
function fileFor(pathname) {
  let rel;
  try {
    rel = decodeURIComponent(pathname.slice(base.length));
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const file = normalize(join(root, rel));
  if (file !== root && !file.startsWith(root + sep)) return null;
  if (!existsSync(file)) return null;
  const st = statSync(file);
  if (st.isFile()) return file;
  const index = join(file, 'index.html');
  return st.isDirectory() && existsSync(index) ? index : null;
}

function send(req, res, status, file) {
  const st = statSync(file);
  res.writeHead(status, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': st.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

const server = createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/' || url.pathname === base.slice(0, -1)) {
    res.writeHead(302, { Location: `${base}${url.search}` }).end();
    return;
  }
  if (!url.pathname.startsWith(base)) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${url.pathname} is outside ${base}\n`);
    return;
  }
  const file = fileFor(url.pathname);
  if (file) send(req, res, 200, file);
  else send(req, res, 404, join(root, '404.html'));
});

server.listen(Number(values.port), values.host, () => {
  console.log(`serving ${root} at http://${values.host}:${values.port}${base}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
