/**
 * Size limits for imported files (docs/interop.md §8): a file over the limit gets a clear message, not a frozen tab.
 *
 * Why 32 MB: every import is parsed in the browser's main thread with JSON.parse/split, which
 * needs roughly 5-10x the text size in memory and about 0.3 s per 10 MB; DeepSeek's profiler trace
 * (one F&B pair, 14k events) is 3 MB and a schedule CSV for the engine's largest schedule is a few
 * MB. Bigger files are almost always multi-step profiler dumps that should be trimmed first.
 */
import { ImportError } from './errors.ts';

/** Largest file accepted by any importer, bytes. */
export const MAX_IMPORT_BYTES = 32_000_000;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Rejects a file by its size before it is read (the browser's File.size, fs.stat in the CLI). */
export function checkImportSize(bytes: number, what = 'the file'): void {
  if (!Number.isFinite(bytes) || bytes < 0) throw new ImportError(`${what} has an unknown size; cannot import it`);
  if (bytes > MAX_IMPORT_BYTES) {
    throw new ImportError(
      `${what} is ${mb(bytes)}; the import limit is ${mb(MAX_IMPORT_BYTES)} (trim the trace to one step or split the file)`,
    );
  }
}

/**
 * Rejects text that is too large or empty. UTF-16 length is a lower bound on the UTF-8 size, so
 * a text accepted here may be slightly above the byte limit but never far.
 */
export function checkImportText(text: string, what = 'the file'): void {
  if (typeof text !== 'string') throw new ImportError(`${what} is not text`);
  checkImportSize(text.length, what);
  if (text.trim() === '') throw new ImportError(`${what} is empty`);
}

/** Size-checks and parses an imported JSON text; a parse failure becomes one ImportError sentence. */
export function parseImportJson(text: string, what = 'the file'): unknown {
  checkImportText(text, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ImportError(`${what} is not valid JSON (it may be truncated): ${(e as Error).message}`);
  }
}
