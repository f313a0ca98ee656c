/**
 * Messages between the page and the trace import worker (app/measuredWorker.ts, docs/measured.md
 * §12). Every request carries an id; the worker answers with any number of `progress` messages and
 * then exactly one of `done`, `error` or `cancelled`. The files' bytes are transferred, not copied;
 * the answer is the analysed step (src/measured `TraceAnalysis`: plain data, structured-cloned).
 */
import type { TraceAnalysis } from '../measured/index.ts';

export interface TraceFileBytes {
  /** the name messages use (rendered as text) */
  name: string;
  bytes: ArrayBuffer;
  /** found by listing a folder: JSON of neither trace format is skipped there, not refused */
  listed: boolean;
}

export type ToTraceWorker = { type: 'start'; id: number; files: TraceFileBytes[] } | { type: 'cancel'; id: number };

export type FromTraceWorker =
  | { type: 'progress'; id: number; fraction: number; stage: string }
  | { type: 'done'; id: number; analysis: TraceAnalysis }
  /** input: the files were refused (an ImportError, one sentence); otherwise the importer failed */
  | { type: 'error'; id: number; message: string; input: boolean }
  | { type: 'cancelled'; id: number };
