import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError } from './errors.ts';
import { fileText, isGzip } from './fileText.ts';
import { parseKineto } from './kineto.ts';

const KINETO = readFileSync(new URL('../../fixtures/kineto/synthetic-fb-2layers.json', import.meta.url), 'utf8');
const bytes = (s: string) => new TextEncoder().encode(s);

describe('fileText', () => {
  it('plain text is read as UTF-8; a gzip file is decompressed to the same text', async () => {
    const text = 'F&B, µs — ünïcode\n0F0,0B0\n';
    expect(await fileText(bytes(text))).toBe(text);
    expect(isGzip(gzipSync(text))).toBe(true);
    expect(await fileText(gzipSync(text))).toBe(text);
  });

  it('a gzipped profiler trace parses like the plain one', async () => {
    const gz = gzipSync(KINETO);
    expect(gz.length).toBeLessThan(KINETO.length / 3);
    expect(parseKineto(await fileText(gz))).toEqual(parseKineto(KINETO));
  });

  it('a file that expands past the limit is refused while it is decompressed', async () => {
    const bomb = gzipSync(Buffer.alloc(2_000_000));
    expect(bomb.length).toBeLessThan(5_000);
    await expect(fileText(bomb, 'the file', 1_000_000)).rejects.toThrow(/expands to more than 1\.0 MB, the import limit/);
  });

  it('bytes that start like gzip but are not: one ImportError sentence', async () => {
    await expect(fileText(new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).rejects.toBeInstanceOf(ImportError);
    const cut = gzipSync(KINETO).subarray(0, 200);
    await expect(fileText(cut)).rejects.toThrow(/starts like gzip but is not valid gzip data/);
  });

  it('fuzz: any bytes after the gzip magic give text or an ImportError, never another error', async () => {
    const valid = gzipSync('{"traceEvents": []}');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 120 }),
          fc.array(fc.tuple(fc.nat(valid.length - 1), fc.nat(255)), { minLength: 1, maxLength: 3 }).map((edits) => {
            const b = Uint8Array.from(valid);
            for (const [at, v] of edits) b[at] = v;
            return b;
          }),
        ),
        async (tail) => {
          const input = tail.length >= 2 && tail[0] === 0x1f ? tail : Uint8Array.from([0x1f, 0x8b, ...tail]);
          try {
            expect(typeof (await fileText(input))).toBe('string');
          } catch (e) {
            expect(e).toBeInstanceOf(ImportError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
