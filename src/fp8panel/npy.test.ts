/**
 * The .npy and raw float32 readers: valid files of every supported version and dtype, each kind
 * of malformed or hostile file with its message, and fast-check fuzzing (random bytes, mutated
 * valid files, random headers): never an exception, always a message on rejection, and a
 * result whose data matches its shape on acceptance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeNpyF32, halfTable, parseHeader, parseNpy, readRawF32, type TensorRead } from './npy.ts';

const enc = new TextEncoder();

/** A .npy file with any header text, version and payload. */
function npy(header: string, payload: Uint8Array, major = 1, minor = 0): Uint8Array {
  const h = major === 3 ? enc.encode(header) : Uint8Array.from(header, (c) => c.charCodeAt(0) & 0xff);
  const pre = major === 1 ? 10 : 12;
  const out = new Uint8Array(pre + h.length + payload.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, minor]);
  if (major === 1) {
    out[8] = h.length & 0xff;
    out[9] = h.length >>> 8;
  } else new DataView(out.buffer).setUint32(8, h.length, true);
  out.set(h, pre);
  out.set(payload, pre + h.length);
  return out;
}
const hdr = (descr: string, shape: string, fortran = 'False') =>
  `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }\n`;
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function expectOk(r: TensorRead) {
  if (!r.ok) throw new Error(`expected ok, got: ${r.message}`);
  return r;
}
function expectErr(r: TensorRead, re: RegExp) {
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.message).toMatch(re);
}

describe('parseNpy: valid files', () => {
  const x = Float32Array.from({ length: 12 }, (_, i) => (i - 5) * 0.75);

  it('float32 2-D, version 1.0 as numpy writes it (header padded to 64 bytes)', () => {
    const file = encodeNpyF32(x, [3, 4]);
    expect((10 + (file[8]! | (file[9]! << 8))) % 64).toBe(0);
    const r = expectOk(parseNpy(file));
    expect(r.shape).toEqual([3, 4]);
    expect(r.dtype).toBe('<f4');
    expect(Array.from(r.data)).toEqual(Array.from(x));
    expect(r.notes).toEqual([]);
  });

  it.each([
    [2, 0],
    [3, 0],
  ])('version %i.%i (32-bit header length; 3.0 in UTF-8)', (major, minor) => {
    const r = expectOk(parseNpy(npy(hdr('<f4', '(3, 4)'), bytesOf(x), major, minor)));
    expect(Array.from(r.data)).toEqual(Array.from(x));
  });

  it('an odd header length (data not 4-byte aligned) still reads', () => {
    const r = expectOk(parseNpy(npy(`${hdr('<f4', '(3, 4)')} `, bytesOf(x))));
    expect(Array.from(r.data)).toEqual(Array.from(x));
  });

  it('float16 is widened exactly, float64 rounded to float32 (and said so)', () => {
    const half = new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7bff, 0x7c00, 0x0000]); // 1, -2, 2^-24, 65504, Inf, 0
    const r16 = expectOk(parseNpy(npy(hdr('<f2', '(2, 3)'), bytesOf(half))));
    expect(Array.from(r16.data)).toEqual([1, -2, 2 ** -24, 65504, Infinity, 0]);
    expect(r16.notes.join()).toMatch(/float16/);
    const d = new Float64Array([0.1, 1e300, -3]);
    const r64 = expectOk(parseNpy(npy(hdr('<f8', '(1, 3)'), bytesOf(d))));
    expect(Array.from(r64.data)).toEqual([Math.fround(0.1), Infinity, -3]);
    expect(r64.notes.join()).toMatch(/rounded to float32; 1 beyond/);
  });

  it('1-D arrays become 1×n, N-D arrays [leading product, last]; python-2 long suffixes read', () => {
    const r1 = expectOk(parseNpy(npy(hdr('<f4', '(12,)'), bytesOf(x))));
    expect(r1.shape).toEqual([1, 12]);
    const r3 = expectOk(parseNpy(npy(hdr('<f4', '(2, 3, 2)'), bytesOf(x))));
    expect(r3.shape).toEqual([6, 2]);
    expect(r3.fileShape).toEqual([2, 3, 2]);
    expect(r3.notes[0]).toMatch(/3-D array \(2, 3, 2\) read as a 6x2 matrix/);
    expectOk(parseNpy(npy(`{"descr": "<f4", "shape": (3L, 4L), "fortran_order": False}`, bytesOf(x))));
  });

  it('the half table decodes every class', () => {
    const t = halfTable();
    expect(t[0x3555]).toBeCloseTo(1 / 3, 3);
    expect(Number.isNaN(t[0x7e00]!)).toBe(true);
    expect(t[0xfc00]).toBe(-Infinity);
    expect(Object.is(t[0x8000], -0)).toBe(true);
  });
});

describe('parseNpy: rejections say what is wrong', () => {
  const four = new Uint8Array(16);
  it.each([
    ['empty file', new Uint8Array(0), /file is empty \(0 bytes\)/],
    ['not npy', enc.encode('hello world, this is text'), /not a \.npy file.*raw float32/],
    ['too short', new Uint8Array([0x93, 0x4e, 0x55]), /not a \.npy file/],
    ['version 4', npy(hdr('<f4', '(2, 2)'), four, 4, 0), /version 4\.0; versions 1\.0, 2\.0 and 3\.0/],
    ['truncated v2 prefix', new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, 1, 0]), /truncated.*version 2\.0 header/],
    [
      'header longer than the file',
      (() => {
        const f = npy(hdr('<f4', '(2, 2)'), four);
        f[8] = 0xff;
        f[9] = 0x7f;
        return f;
      })(),
      /needs 32,777 bytes but the file has 86 bytes/,
    ],
    [
      'huge header length',
      (() => {
        const f = npy(hdr('<f4', '(2, 2)'), four, 2);
        new DataView(f.buffer).setUint32(8, 0xffffffff, true);
        return f;
      })(),
      /header is 4,294,967,295 bytes long/,
    ],
    ['big-endian', npy(hdr('>f4', '(2, 2)'), four), /big-endian; save it little-endian/],
    ['integers', npy(hdr('<i4', '(2, 2)'), four), /integer type.*astype\('<f4'\)/],
    ['complex', npy(hdr('<c8', '(2, 1)'), four), /Unsupported dtype "<c8"/],
    [
      'structured dtype',
      npy(`{'descr': [('a', '<f4'), ('b', '<f4')], 'fortran_order': False, 'shape': (2,), }`, four),
      /structured or nested dtype/,
    ],
    ['fortran order', npy(hdr('<f4', '(2, 2)', 'True'), four), /Fortran.*ascontiguousarray/],
    ['0-d', npy(hdr('<f4', '()'), four.subarray(0, 4)), /0-dimensional/],
    ['zero-sized', npy(hdr('<f4', '(0, 4)'), new Uint8Array(0)), /no elements \(shape \(0, 4\)\)/],
    ['truncated data', npy(hdr('<f4', '(2, 3)'), four), /truncated: shape \(2, 3\) of <f4 needs 24 bytes of data but the file has 16/],
    ['extra data', npy(hdr('<f4', '(1, 2)'), four), /8 bytes more data than its shape \(1, 2\)/],
    ['100k x 100k header', npy(hdr('<f4', '(100000, 100000)'), four), /1\.00e10 elements, more than the panel's limit/],
    ['absurd dimension', npy(hdr('<f4', '(99999999999999999999, 2)'), four), /malformed/],
    ['missing shape', npy(`{'descr': '<f4', 'fortran_order': False}`, four), /lacks 'shape'/],
    ['no dict', npy(`['descr', '<f4']`, four), /malformed \(expected "\{"/],
    ['unterminated string', npy(`{'descr: '<f4'`, four), /malformed/],
    ['trailing junk', npy(`${hdr('<f4', '(2, 2)')} x`, four), /unexpected text after/],
    ['bad fortran value', npy(`{'descr': '<f4', 'fortran_order': 'no', 'shape': (2, 2)}`, four), /'fortran_order' is not True or False/],
    ['invalid UTF-8 in v3', npy(hdr('<f4', '(2, 2)'), four, 3).map((v, i) => (i === 14 ? 0xff : v)), /not valid UTF-8/],
  ])('%s', (_, file, message) => {
    expectErr(parseNpy(file), message);
  });
});

describe('readRawF32', () => {
  const x = new Float32Array([1, 2, 3, 4, 5, 6]);
  it('reads a matching shape', () => {
    const r = expectOk(readRawF32(bytesOf(x), [2, 3]));
    expect(Array.from(r.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it.each([
    [new Uint8Array(0), [2, 3], /empty \(0 bytes\)/],
    [new Uint8Array(7), [1, 1], /whole number of 4-byte values; the file has 7 bytes/],
    [bytesOf(x), [4, 4], /shape 4x4 needs 64 bytes \(16 float32 values\) but the file has 24 bytes \(6 values\)/],
    [bytesOf(x), [100000, 100000], /more than the panel's limit/],
    [bytesOf(x), [-2, -3], /shape -2x-3 is not two whole numbers of at least 1/],
    [bytesOf(x), [1.5, 4], /not two whole numbers/],
    [bytesOf(x), [Number.NaN, 6], /not two whole numbers/],
  ] as const)('refuses %#', (bytes, shape, message) => {
    expectErr(readRawF32(bytes, shape as [number, number]), message);
  });

  it('fuzz: any bytes with any shape give the file values bit for bit or a reason, never a throw', () => {
    const dim = fc.oneof(
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: -5, max: 0 }),
      fc.double(),
      fc.constantFrom(2 ** 26, 2 ** 53, Number.POSITIVE_INFINITY),
    );
    // half the cases carry exactly rows x cols values, so the reading path is fuzzed too
    const exact = fc
      .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }))
      .chain(([rows, cols]) =>
        fc.tuple(
          fc.uint8Array({ minLength: rows * cols * 4, maxLength: rows * cols * 4 }),
          fc.constant<number>(rows),
          fc.constant<number>(cols),
        ),
      );
    let read = 0;
    fc.assert(
      fc.property(fc.oneof(fc.tuple(fc.uint8Array({ maxLength: 200 }), dim, dim), exact), ([bytes, rows, cols]) => {
        const r = readRawF32(bytes, [rows, cols]);
        if (!r.ok) {
          expect(r.message.length).toBeGreaterThan(10);
          return;
        }
        read++;
        expect(r.shape).toEqual([rows, cols]);
        expect(r.data.length).toBe(rows * cols);
        const bits = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        for (let i = 0; i < r.data.length; i++)
          expect(new Uint32Array(r.data.buffer, r.data.byteOffset)[i]).toBe(bits.getUint32(4 * i, true));
      }),
      { numRuns: 3000 },
    );
    expect(read).toBeGreaterThan(1000);
  });
});

describe('parseNpy: fuzz (fast-check)', () => {
  const valid = encodeNpyF32(
    Float32Array.from({ length: 24 }, (_, i) => i),
    [4, 6],
  );
  const check = (r: TensorRead) => {
    if (r.ok) {
      expect(r.data.length).toBe(r.shape[0] * r.shape[1]);
      expect(r.shape[0] * r.shape[1]).toBeGreaterThan(0);
    } else {
      expect(typeof r.message).toBe('string');
      expect(r.message.length).toBeGreaterThan(10);
      expect(r.message).not.toMatch(/could not be read/); // the defensive catch never fires
    }
  };

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => check(parseNpy(b))),
      { numRuns: 1500 },
    );
  });

  it('random bytes after the magic and a version', () => {
    const pre = fc.tuple(fc.constantFrom(1, 2, 3, 0, 255), fc.nat(255), fc.uint8Array({ maxLength: 400 }));
    fc.assert(
      fc.property(pre, ([major, minor, rest]) => {
        const f = new Uint8Array(8 + rest.length);
        f.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, minor]);
        f.set(rest, 8);
        check(parseNpy(f));
      }),
      { numRuns: 1500 },
    );
  });

  it('valid files with bytes flipped, cut or appended', () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(valid.length - 1), v: fc.nat(255) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(valid.length), v: fc.nat(255) }),
      fc.record({ kind: fc.constant('append' as const), at: fc.nat(64), v: fc.nat(255) }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let f = valid.slice();
        for (const e of edits) {
          if (e.kind === 'flip') f[e.at % f.length] = e.v;
          else if (e.kind === 'cut') f = f.slice(0, e.at % (f.length + 1));
          else f = Uint8Array.from([...f, ...new Uint8Array(e.at).fill(e.v)]);
        }
        check(parseNpy(f));
      }),
      { numRuns: 2000 },
    );
  });

  it('random header text (dict-like and arbitrary) with a payload', () => {
    const token = fc.constantFrom(
      "'descr'",
      "'<f4'",
      "'<f2'",
      "'<f8'",
      "'shape'",
      "'fortran_order'",
      'True',
      'False',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      ',',
      ':',
      ' ',
      '3',
      '0',
      '99999999',
      'L',
      "'",
      '"',
      '\n',
    );
    const header = fc.oneof(
      fc.array(token, { maxLength: 30 }).map((t) => t.join('')),
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 64 }), fc.constantFrom(1, 2, 3), (h, payload, major) => {
        expect(() => parseHeader(h)).not.toThrow();
        check(parseNpy(npy(h, payload, major)));
      }),
      { numRuns: 2000 },
    );
  });

  it('random shapes and dtypes in a well-formed header', () => {
    const dims = fc.array(fc.oneof(fc.nat(40), fc.constant(100000), fc.constant(2 ** 40)), { maxLength: 4 });
    fc.assert(
      fc.property(dims, fc.constantFrom('<f4', '<f2', '<f8', '>f4', '<i2', '|u1', 'float32', ''), fc.nat(64), (d, descr, pad) => {
        const shape = d.length === 1 ? `(${d[0]},)` : `(${d.join(', ')})`;
        check(parseNpy(npy(hdr(descr, shape), new Uint8Array(pad * 4))));
      }),
      { numRuns: 1000 },
    );
  });
});
