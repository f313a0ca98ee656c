/**
 * The measured page's code is loaded on first use. The import status starts loading it while the
 * worker parses; once it is here, App.tsx renders the page at once instead of through Suspense
 * (whose reveal React holds back by a few hundred ms), so the run draws as soon as it arrives.
 */
type PageModule = typeof import('./MeasuredPage.tsx');

let loaded: PageModule | null = null;
let loading: Promise<PageModule> | null = null;

export function loadMeasuredPage(): Promise<PageModule> {
  loading ??= import('./MeasuredPage.tsx').then(
    (m) => (loaded = m),
    (e: unknown) => {
      // a failed fetch (offline after a deploy) may be retried by the next use
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** The page module when it has loaded, else null. */
export function loadedMeasuredPage(): PageModule | null {
  return loaded;
}
