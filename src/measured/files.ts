/**
 * Trace files → one measured step (docs/measured.md §1-2): each file's text is parsed once, its
 * format recognised (PyTorch profiler trace: a `traceEvents` array or a bare event array; Megatron
 * PP-timer: an object of `forward-…-start` keys), read into a `RankTrace` and all are assembled
 * into a `MeasuredRun`. Reading bytes (and gunzipping `.json.gz`, interop/fileText.ts) is the
 * caller's job, as is the size check before reading (`MAX_TRACE_BYTES`).
 */
import { ImportError } from '../interop/errors.ts';
import { assembleRun } from './assemble.ts';
import { isMegatronTimer, readMegatronTimer } from './megatronTimer.ts';
import { readTorchTrace } from './torchTrace.ts';
import type { MeasuredRun, RankTrace, TraceFormat } from './types.ts';

/**
 * Largest trace file accepted, bytes (compressed or not; a gzip file may expand to this much).
 * One rank's trace of one step is a few MB for a CPU run and tens of MB with GPU kernels; JSON.parse
 * needs several times the text size in memory, and V8 strings stop at about 512 MB, so 256 MB keeps
 * an 8-rank import within a few GB of memory.
 */
export const MAX_TRACE_BYTES = 256_000_000;

export interface TraceFile {
  name: string;
  text: string;
  /** found by listing a folder: skipped, not rejected, when it is JSON of neither format (meta.json) */
  listed?: boolean;
}

function parse(file: TraceFile): unknown {
  if (file.text.length > MAX_TRACE_BYTES)
    throw new ImportError(`${file.name} is larger than the trace limit of ${MAX_TRACE_BYTES / 1e6} MB`);
  if (file.text.trim() === '') throw new ImportError(`${file.name} is empty`);
  try {
    return JSON.parse(file.text);
  } catch (e) {
    throw new ImportError(`${file.name} is not valid JSON (it may be truncated): ${(e as Error).message}`);
  }
}

function formatOf(data: unknown): TraceFormat | null {
  if (Array.isArray(data)) return 'torch-profiler';
  if (typeof data === 'object' && data !== null && Array.isArray((data as Record<string, unknown>).traceEvents)) return 'torch-profiler';
  return isMegatronTimer(data) ? 'megatron-pp-timer' : null;
}

/** Parses and assembles the files of one step (see the module comment). Throws ImportError only. */
export function readTraceFiles(files: TraceFile[]): MeasuredRun {
  const traces: RankTrace[] = [];
  const skipped: string[] = [];
  let format: TraceFormat | null = null;
  let formatFile = '';
  for (const file of files) {
    const data = parse(file);
    const f = formatOf(data);
    if (!f) {
      if (file.listed) {
        skipped.push(file.name);
        continue;
      }
      throw new ImportError(
        `${file.name} is neither a PyTorch profiler trace (a "traceEvents" array) nor a Megatron PP-timer file ("forward-<mb>-start" keys)`,
      );
    }
    if (format && f !== format)
      throw new ImportError(`${formatFile} is a ${format} file but ${file.name} is a ${f} file; give files of one kind`);
    format = f;
    formatFile = file.name;
    traces.push(f === 'torch-profiler' ? readTorchTrace(data, file.name) : readMegatronTimer(data, file.name));
  }
  if (!format) throw new ImportError(`no trace among ${files.length ? files.map((f) => f.name).join(', ') : 'the given files'}`);
  const run = assembleRun(traces, format);
  if (skipped.length) run.notes.unshift(`skipped ${skipped.length} JSON file(s) that are not traces: ${skipped.join(', ')}`);
  return run;
}
