/**
 * Saves a file from the browser: a Blob behind an object URL on a temporary `<a download>`,
 * clicked and removed, the URL revoked afterwards. No data: URLs (size limits, and the export
 * can be megabytes) and no window.open (popup blockers).
 */

/**
 * Why not revoke at once: the browser starts reading the object URL after the click handler has
 * returned (Firefox and older Chromium abort the download if it is already revoked), so the URL
 * lives a few seconds; the Blob is freed with it.
 */
export const REVOKE_AFTER_MS = 10_000;

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], { type: `${type};charset=utf-8` }), fileName);
}
