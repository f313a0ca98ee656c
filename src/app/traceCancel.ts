/**
 * The running trace import's cancel, for the import status's Cancel button. Kept apart from
 * app/traceImport.ts so that the button does not pull the importers into the page's first load.
 */
let current: (() => void) | null = null;

/** Registers the running import's cancel (null when it ends). */
export function setTraceCancel(cancel: (() => void) | null): void {
  current = cancel;
}

/** Cancels the running trace import, if any: the store stays as it was before it. */
export function cancelTraceImport(): void {
  current?.();
}
