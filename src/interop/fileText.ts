/**
 * The text of an imported file's bytes: UTF-8 as is, or gunzipped first when the bytes start with
 * gzip's magic number — PyTorch's profiler writes `*.pt.trace.json.gz` when asked to compress
 * (`tensorboard_trace_handler(..., use_gzip=True)`). Decompression streams through the platform's
 * DecompressionStream (browsers, workers, Node ≥ 18) and stops as soon as the output passes the
 * import limit, so a small file that expands without end is refused, never held in memory.
 */
import { ImportError } from './errors.ts';
import { MAX_IMPORT_BYTES } from './limits.ts';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** gzip's two magic bytes (RFC 1952). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** UTF-8 text of a file's bytes, gunzipped when they are gzip. Throws ImportError only. */
export async function fileText(bytes: Uint8Array, what = 'the file', limit = MAX_IMPORT_BYTES): Promise<string> {
  if (!isGzip(bytes)) return new TextDecoder().decode(bytes);
  if (typeof DecompressionStream === 'undefined')
    throw new ImportError(`${what} is gzip-compressed and this browser cannot decompress it; gunzip it first`);
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  const reader = input.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        void reader.cancel().catch(() => {});
        throw new ImportError(
          `${what} is gzip-compressed and expands to more than ${mb(limit)}, the import limit (trim the trace to one step or split the file)`,
        );
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(
      `${what} starts like gzip but is not valid gzip data (${e instanceof Error ? e.message : String(e)})`.slice(0, 300),
    );
  }
  parts.push(decoder.decode());
  return parts.join('');
}
