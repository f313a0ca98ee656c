/**
 * Deep links on a static host. Hosts answer an unknown path with 404.html (a copy of index.html,
 * scripts/staticHosting.ts), so `/pipescope/some/old/path?schedule=zb-v` boots the app with its
 * query intact. Before the first render the path is put back to the site's base (vite's
 * BASE_URL, e.g. `/pipescope/`) with `history.replaceState`, keeping query and hash, so "copy
 * link" and the URL sync write canonical links. A relative base (`--base=./`) has no known root,
 * so the path is then left alone.
 */

/** The canonical path for `pathname` under `base`, or null when it already is canonical. */
export function canonicalPath(pathname: string, base: string): string | null {
  if (!base.startsWith('/')) return null;
  const root = base.endsWith('/') ? base : `${base}/`;
  return pathname === root ? null : root;
}

/** Rewrites the address bar to the canonical path (no navigation, no history entry). */
export function restoreBasePath(base: string = import.meta.env.BASE_URL): void {
  const path = canonicalPath(window.location.pathname, base);
  if (path !== null) window.history.replaceState(window.history.state, '', `${path}${window.location.search}${window.location.hash}`);
}
