/**
 * Reading user tensors: NumPy `.npy` files (format versions 1.0, 2.0 and 3.0, as
 * numpy.lib.format writes them) and raw little-endian float32 files with a shape given by the user.
 *
 * Accepted `.npy` dtypes: '<f4' (float32, used as is), '<f2' (float16, widened exactly) and '<f8'
 * (float64, rounded to float32), C order only. Every other file is rejected with a message that
 * says what was found and what to do; the parser never throws on any input (fuzzed in
 * npy.test.ts) and checks every length before it allocates, so a hostile header cannot make it
 * allocate more than the panel's element limit.
 *
 * Shapes: a 2-D array is [rows, cols]; a 1-D array of n values is read as 1×n; an N-D array is
 * flattened to [product of the leading dimensions, last dimension] (rows = tokens, cols = K).
 */
import { PANEL_MAX_ELEMENTS, shapeLimitMessage } from './limits.ts';

export type NpyDtype = '<f4' | '<f2' | '<f8';

export interface TensorOk {
  ok: true;
  data: Float32Array;
  /** the matrix the panel uses */
  shape: [number, number];
  /** the array's own shape (from the .npy header, or the given one) */
  fileShape: number[];
  dtype: NpyDtype;
  /** what was converted or reinterpreted, for the panel to show */
  notes: string[];
}
export interface TensorErr {
  ok: false;
  message: string;
}
export type TensorRead = TensorOk | TensorErr;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Longest header we read (numpy itself refuses headers above 10 000 bytes unless told otherwise). */
export const MAX_HEADER_BYTES = 1 << 16;
const ITEM: Record<NpyDtype, number> = { '<f4': 4, '<f2': 2, '<f8': 8 };
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const fail = (message: string): TensorErr => ({ ok: false, message });
const plural = (n: number, unit: string) => `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;

function asBytes(input: ArrayBuffer | Uint8Array): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/** Parse a `.npy` file. Never throws. */
export function parseNpy(input: ArrayBuffer | Uint8Array, maxElements = PANEL_MAX_ELEMENTS): TensorRead {
  try {
    return parseNpyUnsafe(asBytes(input), maxElements);
  } catch (e) {
    // Defensive: any bug above still ends in a message, never in an uncaught exception.
    return fail(`The .npy file could not be read (${e instanceof Error ? e.message : String(e)}).`);
  }
}

function parseNpyUnsafe(b: Uint8Array, maxElements: number): TensorRead {
  if (b.length === 0) return fail('The file is empty (0 bytes).');
  if (b.length < 10 || MAGIC.some((v, i) => b[i] !== v)) {
    return fail(
      `This is not a .npy file: it does not start with the NumPy magic "\\x93NUMPY" (${plural(b.length, 'byte')}). For headerless float32 data choose "raw float32" and give the shape.`,
    );
  }
  const major = b[6]!;
  const minor = b[7]!;
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = b[8]! | (b[9]! << 8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (b.length < 12)
      return fail(`The .npy file is truncated: ${plural(b.length, 'byte')}, too short for a version ${major}.${minor} header.`);
    headerLen = (b[8]! | (b[9]! << 8) | (b[10]! << 16)) + b[11]! * 2 ** 24;
    start = 12;
  } else {
    return fail(`Unsupported .npy format version ${major}.${minor}; versions 1.0, 2.0 and 3.0 are supported.`);
  }
  if (headerLen > MAX_HEADER_BYTES)
    return fail(`The .npy header is ${plural(headerLen, 'byte')} long, more than the ${MAX_HEADER_BYTES} this panel reads.`);
  const dataStart = start + headerLen;
  if (dataStart > b.length)
    return fail(`The .npy file is truncated: its header needs ${plural(dataStart, 'byte')} but the file has ${plural(b.length, 'byte')}.`);

  let text: string;
  if (major === 3) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(start, dataStart));
    } catch {
      return fail('The .npy header (version 3.0) is not valid UTF-8.');
    }
  } else {
    text = '';
    for (let i = start; i < dataStart; i++) text += String.fromCharCode(b[i]!);
  }
  const header = parseHeader(text);
  if ('message' in header) return fail(header.message);
  const { descr, fortran, shape } = header;

  if (!(descr === '<f4' || descr === '<f2' || descr === '<f8')) return fail(dtypeMessage(descr));
  if (fortran)
    return fail('The array is stored in Fortran (column-major) order; save a C-order copy: np.save(f, np.ascontiguousarray(a)).');
  if (shape.length === 0) return fail('The array is 0-dimensional (a single scalar); the panel needs a 1-D or 2-D array.');
  const shown = `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
  let count = 1;
  for (const d of shape) count *= d;
  if (count === 0) return fail(`The array has no elements (shape ${shown}).`);
  const matrix: [number, number] = shape.length === 1 ? [1, shape[0]!] : [count / shape[shape.length - 1]!, shape[shape.length - 1]!];
  if (count > maxElements) return fail(shapeLimitMessage(`The array's shape ${shown}`, count, maxElements));

  const item = ITEM[descr];
  const need = count * item;
  const have = b.length - dataStart;
  if (have !== need) {
    return fail(
      have < need
        ? `The .npy file is truncated: shape ${shown} of ${descr} needs ${plural(need, 'byte')} of data but the file has ${plural(have, 'byte')} after the header.`
        : `The .npy file has ${plural(have - need, 'byte')} more data than its shape ${shown} of ${descr} needs (${plural(need, 'byte')}).`,
    );
  }
  const notes: string[] = [];
  if (shape.length > 2)
    notes.push(`${shape.length}-D array ${shown} read as a ${matrix[0]}x${matrix[1]} matrix (leading dimensions flattened).`);
  if (shape.length === 1) notes.push(`1-D array of ${count} values read as a 1x${count} matrix.`);
  const data = convert(b, dataStart, count, descr, notes);
  return { ok: true, data, shape: matrix, fileShape: shape, dtype: descr, notes };
}

function dtypeMessage(descr: string): string {
  const d = JSON.stringify(descr.length > 40 ? `${descr.slice(0, 40)}…` : descr);
  if (/^>[fc]\d+$/.test(descr)) return `The array's dtype ${d} is big-endian; save it little-endian: np.save(f, a.astype('<f4')).`;
  if (/^[<>|=]?[iub]\d+$/.test(descr))
    return `The array's dtype ${d} is an integer type; only float32, float16 and float64 ('<f4', '<f2', '<f8') are read. Convert with a.astype('<f4').`;
  return `Unsupported dtype ${d}; only little-endian float32, float16 and float64 ('<f4', '<f2', '<f8') are read. Convert with a.astype('<f4').`;
}

function convert(b: Uint8Array, start: number, count: number, descr: NpyDtype, notes: string[]): Float32Array {
  const end = start + count * ITEM[descr];
  // slice() copies natively and gives an aligned buffer whatever the header length was.
  const buf = b.buffer.slice(b.byteOffset + start, b.byteOffset + end) as ArrayBuffer;
  if (descr === '<f4') {
    if (LITTLE_ENDIAN_HOST) return new Float32Array(buf);
    const dv = new DataView(buf);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = dv.getFloat32(i * 4, true);
    return out;
  }
  const out = new Float32Array(count);
  const dv = new DataView(buf);
  if (descr === '<f2') {
    const t = halfTable();
    for (let i = 0; i < count; i++) out[i] = t[dv.getUint16(i * 2, true)]!;
    notes.push('float16 values widened to float32 (exact).');
    return out;
  }
  let overflowed = 0;
  for (let i = 0; i < count; i++) {
    const v = dv.getFloat64(i * 8, true);
    const f = Math.fround(v);
    if (f !== v && !Number.isFinite(f) && Number.isFinite(v)) overflowed++;
    out[i] = f;
  }
  notes.push(`float64 values rounded to float32${overflowed ? `; ${overflowed} beyond float32's range became ±Inf` : ''}.`);
  return out;
}

let HALF: Float32Array | undefined;
/** float16 → float32 for all 65 536 bit patterns. */
export function halfTable(): Float32Array {
  if (!HALF) {
    HALF = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) {
      const s = h & 0x8000 ? -1 : 1;
      const e = (h >>> 10) & 0x1f;
      const m = h & 0x3ff;
      HALF[h] = e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
    }
  }
  return HALF;
}

// ---- the header: a Python dict literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }

type Value = string | boolean | number[] | { other: string };
interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
}

/** Parse the header dict; returns the three fields or a message. Exported for tests. */
export function parseHeader(text: string): Header | { message: string } {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const bad = (what: string) => ({ message: `The .npy header is malformed (${what} at character ${i + 1}).` });
  ws();
  if (text[i] !== '{') return bad('expected "{"');
  i++;
  const fields = new Map<string, Value>();
  for (let guard = 0; guard < 64; guard++) {
    ws();
    if (text[i] === '}') {
      i++;
      break;
    }
    const key = readString();
    if (key === null) return bad('expected a quoted key');
    ws();
    if (text[i] !== ':') return bad('expected ":"');
    i++;
    ws();
    const value = readValue();
    if (value === null) return bad(`unreadable value for ${JSON.stringify(key.slice(0, 20))}`);
    fields.set(key, value);
    ws();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') return bad('expected "," or "}"');
    if (guard === 63) return bad('too many fields');
  }
  ws();
  if (i < text.length) return bad('unexpected text after "}"');

  const descr = fields.get('descr');
  const fortran = fields.get('fortran_order');
  const shape = fields.get('shape');
  if (descr === undefined || fortran === undefined || shape === undefined) {
    const missing = ['descr', 'fortran_order', 'shape'].filter((k) => !fields.has(k));
    return { message: `The .npy header lacks ${missing.map((k) => `'${k}'`).join(' and ')}.` };
  }
  if (typeof descr !== 'string')
    return { message: 'The array has a structured or nested dtype; only plain float32, float16 and float64 arrays are read.' };
  if (typeof fortran !== 'boolean') return { message: "The .npy header's 'fortran_order' is not True or False." };
  if (!Array.isArray(shape)) return { message: "The .npy header's 'shape' is not a tuple of integers." };
  return { descr, fortran, shape };

  function readString(): string | null {
    const q = text[i];
    if (q !== "'" && q !== '"') return null;
    const end = text.indexOf(q, i + 1);
    if (end < 0) return null;
    const s = text.slice(i + 1, end);
    i = end + 1;
    return s;
  }

  function readValue(): Value | null {
    const c = text[i];
    if (c === "'" || c === '"') return readString();
    if (text.startsWith('True', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('False', i)) {
      i += 5;
      return false;
    }
    if (c === '(' || c === '[') return readInts(c === '(' ? ')' : ']');
    if (c === '{') return null;
    return null;
  }

  function readInts(close: string): number[] | { other: string } | null {
    i++;
    const out: number[] = [];
    for (let guard = 0; guard < 64; guard++) {
      ws();
      if (text[i] === close) {
        i++;
        return out;
      }
      if (text[i] === '(' || text[i] === '[' || text[i] === "'" || text[i] === '"') {
        // a structured dtype's descr list, or nested tuples: skip to the matching bracket
        let depth = 0;
        const from = i;
        for (; i < text.length; i++) {
          const ch = text[i];
          if (ch === '(' || ch === '[') depth++;
          else if (ch === ')' || ch === ']') {
            if (depth === 0) break;
            depth--;
          }
        }
        if (text[i] !== close) return null;
        i++;
        return { other: text.slice(from, i) };
      }
      const m = /^\d+L?/.exec(text.slice(i, i + 24));
      if (!m) return null;
      const digits = m[0].replace('L', '');
      if (digits.length > 15) return null; // larger than any real dimension; avoids precision loss
      out.push(Number(digits));
      i += m[0].length;
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== close) return null;
    }
    return null;
  }
}

/** Raw little-endian float32 data with a user-given shape [rows, cols]. Never throws. */
export function readRawF32(
  input: ArrayBuffer | Uint8Array,
  shape: readonly [number, number],
  maxElements = PANEL_MAX_ELEMENTS,
): TensorRead {
  const b = asBytes(input);
  if (b.length === 0) return fail('The file is empty (0 bytes).');
  if (b.length % 4 !== 0)
    return fail(`Raw float32 data must be a whole number of 4-byte values; the file has ${plural(b.length, 'byte')}.`);
  const [rows, cols] = shape;
  // the panel's shape field checks this too; the reader does not rely on its caller
  if (![rows, cols].every((n) => Number.isSafeInteger(n) && n >= 1))
    return fail(`The shape ${rows}x${cols} is not two whole numbers of at least 1.`);
  const count = rows * cols;
  if (count > maxElements) return fail(shapeLimitMessage(`The shape ${rows}x${cols}`, count, maxElements));
  if (count * 4 !== b.length) {
    return fail(
      `The shape ${rows}x${cols} needs ${plural(count * 4, 'byte')} (${plural(count, 'float32 value')}) but the file has ${plural(b.length, 'byte')} (${plural(b.length / 4, 'value')}).`,
    );
  }
  const buf = b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
  let data: Float32Array;
  if (LITTLE_ENDIAN_HOST) data = new Float32Array(buf);
  else {
    const dv = new DataView(buf);
    data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = dv.getFloat32(i * 4, true);
  }
  return { ok: true, data, shape: [rows, cols], fileShape: [rows, cols], dtype: '<f4', notes: [] };
}

/** A .npy file (version 1.0) of a float32 matrix: for tests and the e2e fixtures. */
export function encodeNpyF32(data: Float32Array, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >>> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}
