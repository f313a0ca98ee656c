/**
 * Rejections of imported files (docs/interop.md). The message is one sentence a user can act on —
 * what is wrong, where (row/cell, field, event index) and what was expected — shown in the app
 * next to the file name while the current view stays as it was, and printed by the CLI as its
 * one stderr line.
 */
export class ImportError extends Error {
  constructor(message: string) {
    // Messages can quote file content; keep them to one line so a CSV cell with a newline
    // or a huge token cannot break the app's banner or the CLI's one-line contract.
    super(oneLine(message));
    this.name = 'ImportError';
  }
}

const MAX_MESSAGE = 300;

function oneLine(s: string): string {
  const flat = s.replace(/[\r\n\t]+/g, ' ');
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat;
}

/** Quotes a piece of user content for a message, shortened so one bad cell cannot flood it. */
export function quote(s: string, max = 40): string {
  const t = s.length > max ? `${s.slice(0, max - 1)}…` : s;
  return JSON.stringify(t);
}
