/**
 * "Copy link": the URL of the current state (built from the store, so a pending debounced URL
 * write cannot make it stale), to the clipboard, with a short confirmation.
 */
import { useEffect } from 'react';
import { useAppStore, useStoreApi } from '../hooks/useAppStore.ts';
import { urlOf } from '../store/index.ts';

export function CopyLink() {
  const store = useStoreApi();
  const notice = useAppStore((s) => s.notice);
  const notify = useAppStore((s) => s.notify);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => notify(null), 2500);
    return () => clearTimeout(t);
  }, [notice, notify]);
  const copy = async () => {
    const url = `${window.location.origin}${window.location.pathname}${urlOf(store.getState())}`;
    try {
      await navigator.clipboard.writeText(url);
      notify('Link copied');
    } catch {
      notify(`Copy this link: ${url}`);
    }
  };
  return (
    <>
      <button type="button" onClick={copy} data-testid="copy-link">
        Copy link
      </button>
      <span className="notice volatile" role="status" aria-live="polite">
        {notice}
      </span>
    </>
  );
}
